/**
 * Inputs of a chosen size for the scaling benchmark: the same kind of content in every size, so
 * that time and memory per input MB can be compared from 0.1 MB to 20 MB. Each is a catalogue
 * (rows of 序号 / 事项名称 / 检查对象 / 实施依据) in its format's usual layout; the PDF, whose
 * hand-written generator has only Helvetica, carries it as ASCII lines over at most 1,000 pages.
 */

import { docxBody, wideOrLongTable } from '../tools/synthetic/builders.ts';
import { buildPdf } from '../tools/synthetic/pdf-writer.ts';

export type ScalingFormat = 'txt' | 'html' | 'docx' | 'pdf';

const MB = 1024 * 1024;

/** Rows of the catalogue built by `build(rows)` needed for about `mb` MB, by measuring a sample. */
async function sized(mb: number, build: (rows: number) => Buffer | Promise<Buffer>): Promise<Buffer> {
  const sampleRows = 2000;
  const sample = (await build(sampleRows)).length;
  const rows = Math.max(1, Math.round((mb * MB * sampleRows) / sample));
  return build(rows);
}

const cell = (r: number, c: number) => `对定点医药机构第${r}项检查内容${c}（${(r * 7919 + c) % 10007}）`;

function html(rows: number): Buffer {
  const head = ['序号', '事项名称', '检查对象', '实施依据'];
  const tr = (cells: string[]) => `<tr>${cells.map((v) => `<td>${v}</td>`).join('')}</tr>`;
  const body: string[] = [];
  for (let r = 0; r < rows; r++) body.push(tr([String(r + 1), cell(r, 1), cell(r, 2), cell(r, 3)]));
  return Buffer.from(
    `<html><body><h1>某市医疗保障局行政检查事项清单</h1><table>${tr(head)}${body.join('')}</table></body></html>`,
  );
}

function docx(rows: number): Promise<Buffer> {
  const tc = (text: string) => `<w:tc><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`;
  const tr = (cells: string[]) => `<w:tr>${cells.map(tc).join('')}</w:tr>`;
  const body: string[] = [tr(['序号', '事项名称', '检查对象', '实施依据'])];
  for (let r = 0; r < rows; r++) body.push(tr([String(r + 1), cell(r, 1), cell(r, 2), cell(r, 3)]));
  return docxBody(
    `<w:p><w:r><w:t>某市医疗保障局行政检查事项清单</w:t></w:r></w:p><w:tbl>${body.join('')}</w:tbl>`,
  );
}

/** ASCII lines spread over at most 1,000 pages (the page cap). */
function pdf(lines: number): Buffer {
  const pages = Math.min(1000, Math.max(1, Math.ceil(lines / 40)));
  const perPage = Math.ceil(lines / pages);
  const text = (p: number) =>
    Array.from(
      { length: perPage },
      (_, i) =>
        `${p * perPage + i + 1} Inspection of designated medical institutions, item ${(p * 31 + i) % 9973}`,
    ).join('\n');
  return buildPdf({ pages: Array.from({ length: pages }, (_, p) => text(p)) });
}

export function scalingInput(format: ScalingFormat, mb: number): Promise<Buffer> {
  switch (format) {
    case 'txt':
      return sized(mb, (rows) => Buffer.from(wideOrLongTable(rows, 0)));
    case 'html':
      return sized(mb, html);
    case 'docx':
      return sized(mb, docx);
    case 'pdf':
      return sized(mb, pdf);
  }
}
