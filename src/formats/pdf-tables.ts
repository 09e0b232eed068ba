import type { PDFParse, TableResult } from 'pdf-parse';
import type { Cell, TableData } from '../../schemas/document.ts';
import { tidyCellText } from './pdf-text.ts';

/** A ruled table found on one page, with its top edge (PDF units from the page top) when known. */
export interface PageTable {
  table: TableData;
  top: number;
}

/**
 * pdf-parse 2.4's `getTable()` returns each table as `string[][]`, one array per ruled row,
 * dropping the grid: a row under a rowspan simply has fewer strings. The geometry it computed
 * (cell corners, spans) is on the `TableData` objects it passes to its internal
 * `fillPageTables(page, tables)`; this wraps that method to keep them. When the internals do
 * not look as expected the plain strings are used instead (cells left-aligned, no spans).
 */
export function captureTableGeometry(parser: PDFParse): unknown[][] {
  const captured: unknown[][] = [];
  const internals = parser as unknown as {
    fillPageTables?: (page: unknown, tables: unknown[]) => Promise<void>;
  };
  const fill = internals.fillPageTables;
  if (typeof fill !== 'function') return captured;
  internals.fillPageTables = async function (this: unknown, page: unknown, tables: unknown[]) {
    await fill.call(this, page, tables);
    captured.push(tables);
  };
  return captured;
}

/** The ruled tables of each page (1-based page number → tables top to bottom). */
export function pageTables(result: TableResult, captured: unknown[][]): Map<number, PageTable[]> {
  const byPage = new Map<number, PageTable[]>();
  result.pages.forEach((page, i) => {
    const geometry = captured[i];
    const usable =
      geometry !== undefined && geometry.length === page.tables.length && geometry.every(isGeometryTable);
    const tables = usable
      ? (geometry as GeometryTable[]).map(tableFromGeometry)
      : page.tables.map((rows, order) => ({ table: tableFromRows(rows), top: order }));
    byPage.set(
      page.num,
      tables.filter(({ table }) => isDataTable(table)).sort((a, b) => a.top - b.top),
    );
  });
  return byPage;
}

interface Point {
  x: number;
  y: number;
}

interface GeometryCell {
  minXY: Point;
  maxXY: Point;
  text: string[];
}

interface GeometryTable {
  minXY: Point;
  rows: GeometryCell[][];
}

/** Grid lines closer than this (PDF units) are the same line. */
const GRID_TOLERANCE = 1;

/** Cells placed on the grid their corners define: row/col from the ruling lines, spans from the far corner. */
function tableFromGeometry(geometry: GeometryTable): PageTable {
  const source = geometry.rows.flat();
  const xs = gridLines(source.flatMap((cell) => [cell.minXY.x, cell.maxXY.x]));
  const ys = gridLines(source.flatMap((cell) => [cell.minXY.y, cell.maxXY.y]));
  const cells: Cell[] = source.map((cell) => {
    const row = lineIndex(ys, cell.minXY.y);
    const col = lineIndex(xs, cell.minXY.x);
    const rowSpan = Math.max(1, lineIndex(ys, cell.maxXY.y) - row);
    const colSpan = Math.max(1, lineIndex(xs, cell.maxXY.x) - col);
    return { row, col, rowSpan, colSpan, text: tidyCellText(cell.text.join('')), header: false };
  });
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const table = { cells, numRows: Math.max(0, ys.length - 1), numCols: Math.max(0, xs.length - 1) };
  return { table, top: geometry.minXY.y };
}

/** Fallback without geometry: each string at the next column of its row. */
function tableFromRows(rows: string[][]): TableData {
  const cells: Cell[] = rows.flatMap((row, r) =>
    row.map((text, col) => ({
      row: r,
      col,
      rowSpan: 1,
      colSpan: 1,
      text: tidyCellText(text),
      header: false,
    })),
  );
  return { cells, numRows: rows.length, numCols: rows.reduce((most, row) => Math.max(most, row.length), 0) };
}

/** Not a frame drawn around the page or a paragraph (one cell), nor an empty grid of rules. */
function isDataTable(table: TableData): boolean {
  return table.cells.length > 1 && table.cells.some((cell) => cell.text !== '');
}

function isGeometryTable(value: unknown): value is GeometryTable {
  const table = value as Partial<GeometryTable> | null;
  return (
    isPoint(table?.minXY) &&
    Array.isArray(table?.rows) &&
    table.rows.every(
      (row) =>
        Array.isArray(row) &&
        row.every((cell) => isPoint(cell?.minXY) && isPoint(cell?.maxXY) && Array.isArray(cell?.text)),
    )
  );
}

function isPoint(value: unknown): value is Point {
  const point = value as Partial<Point> | null;
  return typeof point?.x === 'number' && typeof point.y === 'number';
}

function gridLines(positions: number[]): number[] {
  const sorted = [...positions].sort((a, b) => a - b);
  return sorted.filter((value, i) => i === 0 || value - (sorted[i - 1] as number) > GRID_TOLERANCE);
}

function lineIndex(lines: number[], position: number): number {
  const index = lines.findIndex((line) => Math.abs(line - position) <= GRID_TOLERANCE);
  return index >= 0 ? index : lines.filter((line) => line < position).length;
}
