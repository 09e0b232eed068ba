import type { Cell, TableData } from '../../schemas/document.ts';

/** HTML caps colspan at 1000 (Word's gridSpan at 63); a larger value is a hostile file, not a wider table. */
const MAX_COL_SPAN = 1000;

/**
 * Widest table assembled. Rowspans push later cells right, so a few bytes per row could
 * otherwise widen a table by 1,000 columns a row, without bound.
 * @defaultValue 5,000
 */
export const MAX_TABLE_COLUMNS = 5000;

/** A cell in source order, before it is placed on the grid: spans as written (null when absent). */
export interface SourceCell {
  text: string;
  header: boolean;
  colSpan: number | null;
  /** 0 runs to the end of the table (HTML's rowspan=0). */
  rowSpan: number | null;
}

/**
 * Places source cells on an occupancy grid, as a browser lays out a table: a cell goes to the
 * first column of its row not covered by a rowspan from above; spans are clamped to the table.
 * The HTML and Word readers both end here, so a merged cell lands in the same place whichever
 * format carried it. Throws when a row reaches past MAX_TABLE_COLUMNS (the reader reports it
 * as malformed).
 */
export function placeCells(rows: readonly (readonly SourceCell[])[]): TableData {
  /** Per column, the first row index not covered by a cell placed so far. */
  const busyUntil: number[] = [];
  const cells: Cell[] = [];
  rows.forEach((row, r) => {
    let col = 0;
    for (const source of row) {
      while ((busyUntil[col] ?? 0) > r) col++;
      const colSpan = Math.min(source.colSpan || 1, MAX_COL_SPAN);
      if (col + colSpan > MAX_TABLE_COLUMNS) {
        throw new Error(`有表格宽到第 ${col + colSpan} 列，超过 ${MAX_TABLE_COLUMNS} 列的上限`);
      }
      const written = source.rowSpan ?? 1;
      const rowSpan = written === 0 ? rows.length - r : Math.min(written, rows.length - r);
      for (let c = col; c < col + colSpan; c++) busyUntil[c] = r + rowSpan;
      cells.push({ row: r, col, rowSpan, colSpan, text: source.text, header: source.header });
      col += colSpan;
    }
  });
  return { cells, numRows: rows.length, numCols: busyUntil.length };
}
