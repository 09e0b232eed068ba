import type { TableData } from '../../schemas/document.ts';
import type { Piece } from './align.ts';
import { findHeaderBand } from './header-band.ts';
import { headerKey } from './headers.ts';
import { alignRows, expectedLast, lastFilled, type RecognizedTable } from './recognized.ts';

/**
 * Tables the readers found (html/docx/pdf grids, tab-separated and pipe-delimited text):
 * the header band located by the vocabulary, caption and spacer rows above it dropped, and
 * each body row put into the header's columns. In a grid every row has every column (merged
 * cells are expanded); delimited rows lose the fields of merged cells, so a row with fewer
 * fields than columns is aligned by what its fields contain.
 */
export function recognizeTableBlock(
  table: TableData,
  blockIndex: number,
  endsDocument: boolean,
): RecognizedTable | null {
  const delimited = table.layout === 'delimited';
  const { rows, flagged } = delimited ? fieldRows(table) : expandedRows(table);
  const band = findHeaderBand(rows, flagged, !delimited);
  if (!band) return null;
  const width = band.headers.length;
  const body = rows.slice(band.bodyStart).filter((row) => row.some((cell) => cell.trim() !== ''));
  const pieces = body.map((row, k) => {
    const fields = band.spans && row.length === fullWidth(band.spans) ? fold(row, band.spans) : row;
    const open = delimited && endsDocument && k === body.length - 1 && fields.length < width;
    return { pieces: fields.map((text): Piece => ({ text, newLine: false })), line: null, open };
  });
  const aligned = delimited ? alignRows(band.headers, pieces) : pieces.map(asGridRow(width));
  const last = aligned.at(-1);
  if (!delimited && endsDocument && last) {
    // A grid's empty last cells are usually merged from above: cut off only if the last cell read stops mid-phrase.
    const filled = lastFilled(last.cells);
    const short = filled < expectedLast(aligned.slice(0, -1), band.headers.map(headerKey));
    last.open = short && stopsMidPhrase(last.cells[filled] ?? '');
  }
  return {
    layout: delimited ? 'delimited' : 'grid',
    caption: band.caption,
    headers: band.headers,
    rows: aligned,
    line: null,
    page: table.pages?.[0] ?? null,
    blocks: [blockIndex, blockIndex],
  };
}

/** A grid's cells with spans expanded; `flagged`: the leading rows whose cells are all header cells. */
function expandedRows(table: TableData): { rows: string[][]; flagged: number } {
  const matrix: string[][] = Array.from({ length: table.numRows }, () => Array(table.numCols).fill(''));
  const header: boolean[] = Array(table.numRows).fill(true);
  const seen: boolean[] = Array(table.numRows).fill(false);
  for (const cell of table.cells) {
    for (let r = cell.row; r < Math.min(cell.row + cell.rowSpan, table.numRows); r++) {
      seen[r] = true;
      if (!cell.header) header[r] = false;
      for (let c = cell.col; c < Math.min(cell.col + cell.colSpan, table.numCols); c++) {
        (matrix[r] as string[])[c] = cell.text;
      }
    }
  }
  let flagged = 0;
  while (flagged < table.numRows && seen[flagged] && header[flagged]) flagged++;
  return { rows: matrix, flagged };
}

/** Delimited rows as their fields, each row as long as the fields it had (trailing empties dropped by the reader). */
function fieldRows(table: TableData): { rows: string[][]; flagged: number } {
  const rows: string[][] = Array.from({ length: table.numRows }, () => []);
  for (const cell of table.cells) (rows[cell.row] as string[])[cell.col] = cell.text;
  return { rows: rows.map((row) => Array.from(row, (text) => text ?? '')), flagged: 0 };
}

/** Text that cannot end a cell: an unclosed 《 or （, or a word that joins to what follows. */
function stopsMidPhrase(text: string): boolean {
  const trimmed = text.trim();
  const opened = (open: string, close: string) => trimmed.split(open).length > trimmed.split(close).length;
  return (
    opened('《', '》') || opened('（', '）') || opened('(', ')') || /[、，,的和及或与第]$/u.test(trimmed)
  );
}

function asGridRow(width: number) {
  return ({ pieces, line }: { pieces: Piece[]; line: number | null }) => ({
    cells: Array.from({ length: width }, (_, col) => pieces[col]?.text ?? ''),
    line,
    realigned: false,
    open: false,
  });
}

/** Fields under a merged header cell (`检查事项 | |`) folded into its column. */
function fold(row: string[], spans: { col: number; width: number }[]): string[] {
  return spans.map((span) =>
    row
      .slice(span.col, span.col + span.width)
      .filter((field) => field !== '')
      .join('\n'),
  );
}

function fullWidth(spans: { col: number; width: number }[]): number {
  const last = spans.at(-1);
  return last ? last.col + last.width : 0;
}
