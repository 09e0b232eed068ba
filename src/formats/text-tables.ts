import type { Block, Cell, TableData } from '../../schemas/document.ts';
import { stripInlineArtifacts } from './text-artifacts.ts';

/**
 * Builds tables from the rows or cells of a plain-text notice. The first row is the header
 * when it starts with 序号/编号 or every field is short; a header repeated at a page break is
 * dropped; columns that the header leaves empty (merged header cells) are folded into the
 * column before them.
 */

const SEQ_HEADER = /^(?:序[号號]|[编編][号號]|序|No\.?)$/i;
const MAX_HEADER_CHARS = 16;

export function looksLikeHeader(fields: string[]): boolean {
  const filled = fields.filter((field) => field !== '');
  if (filled.length < 2) return false;
  const short = filled.every((field) => field.length <= MAX_HEADER_CHARS && !/[。；;，,：:]/.test(field));
  return short && (SEQ_HEADER.test(filled[0] ?? '') || filled.length >= 3);
}

/** A table from delimited rows; `rows[0]` is the header candidate. */
export function tableFromRows(rows: string[][]): TableData {
  const [first = [], ...rest] = rows.map((row) => row.map(stripInlineArtifacts));
  const hasHeader = looksLikeHeader(first);
  const spans = hasHeader ? headerSpans(first) : first.map((_, col) => ({ col, width: 1 }));
  const body = hasHeader ? rest.filter((row) => !sameFields(row, first)) : [first, ...rest];
  const cells: Cell[] = [];
  if (hasHeader) {
    for (const [index, span] of spans.entries()) cells.push(cell(0, index, first[span.col] ?? '', true));
  }
  const offset = hasHeader ? 1 : 0;
  for (const [r, row] of body.entries()) {
    for (const [col, text] of foldIntoColumns(row, spans).entries())
      cells.push(cell(r + offset, col, text, false));
  }
  return { cells, numRows: body.length + offset, numCols: spans.length };
}

/** A table from one-cell-per-line text: the header runs from 序号 to the first numeric cell. */
export function tableFromCellRun(texts: string[]): TableData | null {
  const cleaned = texts.map(stripInlineArtifacts);
  const start = cleaned.findIndex((text) => SEQ_HEADER.test(text));
  if (start < 0) return null;
  let end = start + 1;
  while (end < cleaned.length && !/^\d+$/.test(cleaned[end] ?? '')) end++;
  const header = cleaned.slice(start, end);
  if (!looksLikeHeader(header) || end >= cleaned.length) return null;
  const rows: string[][] = [header];
  let row: string[] = [];
  for (let i = end; i < cleaned.length; i++) {
    if (isRepeatedHeader(cleaned, i, header)) {
      i += header.length - 1;
      continue;
    }
    row.push(cleaned[i] ?? '');
    if (row.length === header.length) {
      rows.push(row);
      row = [];
    }
  }
  if (row.some((text) => text !== '')) rows.push(row);
  return tableFromRows(rows);
}

/**
 * A table of delimited rows exactly as they came (pipe-separated text): no header chosen and
 * nothing folded — a merged cell left no field, so rows may be shorter than the header; the
 * extractor finds the header band and puts each row's fields into their columns.
 */
export function tableFromFields(rows: string[][]): TableData {
  const cells: Cell[] = rows.flatMap((row, r) =>
    row.map((text, col) => cell(r, col, stripInlineArtifacts(text), false)),
  );
  return {
    cells,
    numRows: rows.length,
    numCols: rows.reduce((most, row) => Math.max(most, row.length), 0),
    layout: 'delimited',
  };
}

export function tableBlock(table: TableData): Block {
  return { kind: 'table', table };
}

function isRepeatedHeader(texts: string[], at: number, header: string[]): boolean {
  return header.every((text, k) => texts[at + k] === text);
}

function sameFields(row: string[], header: string[]): boolean {
  const a = row.filter((field) => field !== '');
  const b = header.filter((field) => field !== '');
  return a.length === b.length && a.every((field, k) => field === b[k]);
}

/** Header columns: an empty header field after a filled one widens it (a merged header cell). */
function headerSpans(header: string[]): { col: number; width: number }[] {
  const spans: { col: number; width: number }[] = [];
  header.forEach((field, col) => {
    const last = spans.at(-1);
    if (field === '' && last) last.width++;
    else spans.push({ col, width: 1 });
  });
  return spans;
}

/** Maps a row's raw fields onto the header's columns, joining fields under a merged header. */
function foldIntoColumns(row: string[], spans: { col: number; width: number }[]): string[] {
  const folded = spans.map((span) =>
    row
      .slice(span.col, span.col + span.width)
      .filter((field) => field !== '')
      .join('\n'),
  );
  const overflow = row.slice((spans.at(-1)?.col ?? 0) + (spans.at(-1)?.width ?? 1)).filter((f) => f !== '');
  if (overflow.length > 0 && folded.length > 0) {
    folded[folded.length - 1] = [folded.at(-1), ...overflow].filter(Boolean).join('\n');
  }
  return folded;
}

function cell(row: number, col: number, text: string, header: boolean): Cell {
  return { row, col, rowSpan: 1, colSpan: 1, text, header };
}
