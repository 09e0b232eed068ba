/**
 * Renders a seed's document model as an HTML page, the way a catalogue is published on the
 * web: title headings, paragraphs, and tables with a <thead> (repeated on every PDF page by
 * LibreOffice) and runs of equal cells in the same column merged with rowspan, as real
 * catalogues merge 行使层级 / 实施主体. Used by scripts/make-renditions.sh.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Block, TableData } from '../schemas/document.ts';
import { textToBlocks } from '../src/formats/text-blocks.ts';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: render-html.ts <seed.txt> <out.html>');
const blocks = textToBlocks(readFileSync(input, 'utf8'));
writeFileSync(output, page(blocks));

function page(blocks: Block[]): string {
  const body = blocks.map((block) => {
    if (block.kind === 'heading') return `<h1>${escapeHtml(block.text)}</h1>`;
    if (block.kind === 'paragraph') return `<p>${escapeHtml(block.text)}</p>`;
    return table(block.table);
  });
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>rendition</title>
<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px;vertical-align:top}</style>
</head><body>\n${body.join('\n')}\n</body></html>\n`;
}

function table(data: TableData): string {
  const grid: string[][] = Array.from({ length: data.numRows }, () => Array(data.numCols).fill(''));
  for (const cell of data.cells) (grid[cell.row] as string[])[cell.col] = cell.text;
  const [header = [], ...rows] = grid;
  const spans = rowSpans(rows);
  const head = `<thead><tr>${header.map((text) => `<th>${cellHtml(text)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row, r) => {
    const cells = row.map((text, c) => {
      const span = spans[r]?.[c] ?? 1;
      if (span === 0) return '';
      return `<td${span > 1 ? ` rowspan="${span}"` : ''}>${cellHtml(text)}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table border="1" cellspacing="0" cellpadding="3" width="100%">${head}<tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** Rowspan per cell for the last column when consecutive rows repeat it (0 = covered). */
function rowSpans(rows: string[][]): number[][] {
  const spans = rows.map((row) => row.map(() => 1));
  const last = (rows[0]?.length ?? 1) - 1;
  let start = 0;
  for (let r = 1; r <= rows.length; r++) {
    const same = r < rows.length && rows[r]?.[last] === rows[start]?.[last] && rows[r]?.[last] !== '';
    if (same) continue;
    if (r - start > 1 && r - start <= 3) {
      (spans[start] as number[])[last] = r - start;
      for (let k = start + 1; k < r; k++) (spans[k] as number[])[last] = 0;
    }
    start = r;
  }
  return spans;
}

function cellHtml(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
