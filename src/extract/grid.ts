import type { TableData } from '../../schemas/document.ts';

/** A table as header texts per column plus body rows of cell texts, spans expanded. */
export interface Grid {
  headers: string[];
  rows: string[][];
}

/**
 * Expands cells into a grid: a cell spanning rows or columns fills every position it covers
 * (a merged 行使层级 cell applies to every row it spans). Header rows are the leading rows whose
 * cells are all flagged as header; without flags the first row is the header. Several header
 * rows combine per column (upper group + lower name, duplicates once).
 */
export function toGrid(table: TableData): Grid {
  const matrix: string[][] = Array.from({ length: table.numRows }, () => Array(table.numCols).fill(''));
  const headerFlags: boolean[] = Array(table.numRows).fill(true);
  const seenRows: boolean[] = Array(table.numRows).fill(false);
  for (const cell of table.cells) {
    for (let r = cell.row; r < Math.min(cell.row + cell.rowSpan, table.numRows); r++) {
      seenRows[r] = true;
      if (!cell.header) headerFlags[r] = false;
      for (let c = cell.col; c < Math.min(cell.col + cell.colSpan, table.numCols); c++) {
        (matrix[r] as string[])[c] = cell.text;
      }
    }
  }
  let headerRows = 0;
  while (headerRows < table.numRows && seenRows[headerRows] && headerFlags[headerRows]) headerRows++;
  if (headerRows === 0) headerRows = Math.min(1, table.numRows);
  const headers = Array.from({ length: table.numCols }, (_, col) => {
    const parts: string[] = [];
    for (let r = 0; r < headerRows; r++) {
      const text = (matrix[r]?.[col] ?? '').trim();
      if (text && !parts.includes(text)) parts.push(text);
    }
    return parts.join('');
  });
  return { headers, rows: matrix.slice(headerRows) };
}
