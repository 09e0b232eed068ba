import type { TableLayout } from '../../schemas/notice.ts';
import { alignPieces, type ColumnModel, type Piece } from './align.ts';
import { type FieldKey, headerKey } from './headers.ts';

/**
 * A table as recognized, whatever it was found in: the header band's columns and the body
 * rows already put into those columns. Every recognizer (grids and delimited rows from the
 * readers, tables in paragraph text) produces this; `items.ts` turns it into catalogue items.
 */
export interface RecognizedTable {
  layout: TableLayout;
  /** The table's caption (a title row above the header, or the line before it), if any. */
  caption: string | null;
  /** Column headers, white space folded, as written. */
  headers: string[];
  rows: AlignedRow[];
  /** 1-based source line (text formats) or page (PDF) of the header, when known. */
  line: number | null;
  page: number | null;
  /** Indexes of the document blocks the table was read from: [first, last]. */
  blocks: [number, number];
}

export interface AlignedRow {
  cells: string[];
  line: number | null;
  /** The cells were put into columns by content (pieces did not match the columns one to one). */
  realigned: boolean;
  /** The document ends inside this row (its last cell is cut off). */
  open: boolean;
}

/** Columns catalogues merge down over several rows: a cell missing there is the one above. */
const MERGEABLE = new Set<FieldKey>([
  'seq',
  'group',
  'powerType',
  'category',
  'levels',
  'implementer',
  'department',
  'targets',
  'basis',
  'period',
  'samplingRatio',
  'frequency',
  'methods',
]);
/** How many earlier values of a column the aligner compares a cell with. */
const SEEN_VALUES = 4;

/**
 * Aligns each row's pieces to the columns, left to right, the earlier rows teaching what each
 * column holds. A row whose pieces already match the columns one to one is kept as it is.
 */
export function alignRows(
  headers: string[],
  rows: { pieces: Piece[]; line: number | null; open: boolean }[],
): AlignedRow[] {
  const keys = headers.map(headerKey);
  const out: AlignedRow[] = [];
  for (const row of rows) {
    if (row.pieces.length === headers.length && !row.open) {
      out.push({
        cells: row.pieces.map((piece) => piece.text),
        line: row.line,
        realigned: false,
        open: false,
      });
      continue;
    }
    const columns: ColumnModel[] = keys.map((key, col) => ({
      key,
      inheritable: key !== null && MERGEABLE.has(key) && (out.at(-1)?.cells[col] ?? '') !== '',
      seen: out
        .slice(-SEEN_VALUES)
        .map((previous) => previous.cells[col] ?? '')
        .filter(Boolean),
    }));
    const cells = alignPieces(row.pieces, columns, row.open);
    const open = row.open && lastFilled(cells) < expectedLast(out, keys);
    const inPlace = cells.every((cell, col) => cell === (row.pieces[col]?.text ?? ''));
    out.push({ cells, line: row.line, realigned: !inPlace, open });
  }
  return out;
}

/**
 * The last column a complete row reaches: as far as the rows above reached, or without rows
 * above the last column that is not usually left empty (备注 …). A row the document cuts off
 * that reaches it is complete after all.
 */
export function expectedLast(rows: AlignedRow[], keys: (FieldKey | null)[]): number {
  // A reduce, not Math.max(...): a table may have more rows than a call takes arguments.
  if (rows.length > 0) return rows.reduce((most, row) => Math.max(most, lastFilled(row.cells)), 0);
  let last = keys.length - 1;
  while (last > 0 && (keys[last] === null || keys[last] === 'remarks' || keys[last] === 'measures')) last--;
  return last;
}

export function lastFilled(cells: string[]): number {
  for (let k = cells.length - 1; k >= 0; k--) if ((cells[k] ?? '').trim() !== '') return k;
  return -1;
}
