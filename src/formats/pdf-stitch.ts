import type { Cell, TableData } from '../../schemas/document.ts';
import { tidyCellText } from './pdf-text.ts';

/** The content of a PDF in reading order, page by page, before paragraphs are assembled. */
export type FlowItem =
  | { kind: 'line'; text: string }
  | { kind: 'table'; table: TableData }
  | { kind: 'page-break' };

/** Most header rows a continued table may repeat at the top of each page. */
const MAX_HEADER_ROWS = 3;

/**
 * Joins tables that continue across a page break into one: a table that is the last thing on
 * its page, followed by a table with the same column count that is the first thing on the
 * next page. The header rows the new page repeats are dropped (and the first page's flagged as
 * header), and a row the break split in two is merged back. Page breaks are removed.
 */
export function stitchTables(items: FlowItem[]): FlowItem[] {
  const out: FlowItem[] = [];
  let crossedPage = false;
  for (const item of items) {
    if (item.kind === 'page-break') {
      crossedPage = true;
      continue;
    }
    const previous = out.at(-1);
    if (
      item.kind === 'table' &&
      previous?.kind === 'table' &&
      crossedPage &&
      continues(previous.table, item.table)
    ) {
      out[out.length - 1] = { kind: 'table', table: appendContinuation(previous.table, item.table) };
    } else out.push(item);
    crossedPage = false;
  }
  return out;
}

function continues(table: TableData, next: TableData): boolean {
  return table.numCols === next.numCols && table.numCols > 0;
}

function appendContinuation(table: TableData, next: TableData): TableData {
  const headerRows = repeatedHeaderRows(table, next);
  const cells: Cell[] = table.cells.map((cell) => ({
    ...cell,
    header: cell.header || cell.row < headerRows,
  }));
  let start = headerRows;
  if (isSplitRow(next, start) && table.numRows > headerRows) {
    mergeIntoLastRow(cells, table.numRows - 1, cellsOfRow(next, start));
    start++;
  }
  const offset = table.numRows - start;
  for (const cell of next.cells) {
    if (cell.row >= start) cells.push({ ...cell, row: cell.row + offset });
  }
  const pages = [...new Set([...(table.pages ?? []), ...(next.pages ?? [])])];
  return {
    cells,
    numRows: table.numRows + next.numRows - start,
    numCols: table.numCols,
    ...(pages.length ? { pages } : {}),
  };
}

/** How many leading rows of the continuation repeat the table's first rows (whitespace aside). */
function repeatedHeaderRows(table: TableData, next: TableData): number {
  let rows = 0;
  while (
    rows < MAX_HEADER_ROWS &&
    rows < table.numRows &&
    rows < next.numRows &&
    rowKey(table, rows) !== '' &&
    rowKey(table, rows) === rowKey(next, rows)
  ) {
    rows++;
  }
  return rows;
}

/** A row the page break cut: its first cell is empty and so are most of the others. */
function isSplitRow(table: TableData, row: number): boolean {
  const cells = cellsOfRow(table, row);
  const empty = cells.filter((cell) => cell.text === '').length;
  return cells[0]?.col === 0 && cells[0].text === '' && empty * 2 > cells.length && empty < cells.length;
}

/** Appends each piece of a cut row to the cell above it on the previous page. */
function mergeIntoLastRow(cells: Cell[], lastRow: number, pieces: Cell[]): void {
  for (const piece of pieces) {
    if (!piece.text) continue;
    const target = cells.find(
      (cell) =>
        cell.row <= lastRow &&
        lastRow < cell.row + cell.rowSpan &&
        cell.col <= piece.col &&
        piece.col < cell.col + cell.colSpan,
    );
    if (target) target.text = tidyCellText(`${target.text}\n${piece.text}`);
  }
}

function cellsOfRow(table: TableData, row: number): Cell[] {
  return table.cells.filter((cell) => cell.row === row).sort((a, b) => a.col - b.col);
}

function rowKey(table: TableData, row: number): string {
  return cellsOfRow(table, row)
    .map((cell) => `${cell.col}:${cell.colSpan}:${cell.text.replace(/\s+/g, '')}`)
    .join('\u0001');
}
