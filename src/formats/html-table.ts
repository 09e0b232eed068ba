import type { Cell, TableData } from '../../schemas/document.ts';
import {
  BLOCK_TAGS,
  BREAK,
  childElements,
  type HtmlNode,
  isElement,
  isSkipped,
  linesOf,
} from './html-dom.ts';

/** HTML caps colspan at 1000; a larger value is a hostile file, not a wider table. */
const MAX_COL_SPAN = 1000;

/**
 * Widest table assembled. Rowspans push later cells right, so a few bytes per row could
 * otherwise widen a table by 1,000 columns a row, without bound.
 * @defaultValue 5,000
 */
export const MAX_TABLE_COLUMNS = 5000;

/** A `<td>`/`<th>` in source order, before it is placed on the grid. */
export interface SourceCell {
  element: HtmlNode;
  header: boolean;
}

/** The table's own rows (direct or in thead/tbody/tfoot), not those of tables nested in its cells. */
export function tableRows(table: HtmlNode): SourceCell[][] {
  const rows: SourceCell[][] = [];
  for (const child of childElements(table, 'thead', 'tbody', 'tfoot', 'tr')) {
    const trs = child.name === 'tr' ? [child] : childElements(child, 'tr');
    for (const tr of trs) rows.push(rowCells(tr, child.name === 'thead'));
  }
  return rows;
}

/** The `<caption>` text of a table, '' when it has none. */
export function tableCaption(table: HtmlNode): string {
  return childElements(table, 'caption').map(cellText).join(' ').trim();
}

/**
 * Places source cells on an occupancy grid: a cell goes to the first column of its row not
 * covered by a rowspan from above; spans are clamped to the table (rowspan=0 runs to the end).
 * Throws when a row reaches past MAX_TABLE_COLUMNS (the reader reports it as malformed).
 */
export function assembleTable(rows: SourceCell[][]): TableData {
  /** Per column, the first row index not covered by a cell placed so far. */
  const busyUntil: number[] = [];
  const cells: Cell[] = [];
  rows.forEach((row, r) => {
    let col = 0;
    for (const { element, header } of row) {
      while ((busyUntil[col] ?? 0) > r) col++;
      const colSpan = Math.min(spanOf(element, 'colspan') || 1, MAX_COL_SPAN);
      if (col + colSpan > MAX_TABLE_COLUMNS) {
        throw new Error(
          `a table reaches column ${col + colSpan}, over the ${MAX_TABLE_COLUMNS}-column limit`,
        );
      }
      const rowSpanAttribute = spanOf(element, 'rowspan') ?? 1;
      const rowSpan = rowSpanAttribute === 0 ? rows.length - r : Math.min(rowSpanAttribute, rows.length - r);
      for (let c = col; c < col + colSpan; c++) busyUntil[c] = r + rowSpan;
      cells.push({ row: r, col, rowSpan, colSpan, text: cellText(element), header });
      col += colSpan;
    }
  });
  return { cells, numRows: rows.length, numCols: busyUntil.length };
}

/**
 * A cell's text: `<br>` and block edges (`<p>`, `<div>` …) become "\n", each line has its
 * whitespace collapsed; nested tables are flattened (their cells separated by spaces, rows by
 * lines). Iterative, so arbitrarily deep nesting cannot overflow the stack.
 */
export function cellText(root: HtmlNode): string {
  const pieces: string[] = [];
  const stack: (HtmlNode | string)[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const item = stack.pop() as HtmlNode | string;
    if (typeof item === 'string') {
      pieces.push(item);
      continue;
    }
    if (item.type === 'text') pieces.push(item.data ?? '');
    if (!isElement(item) || isSkipped(item)) continue;
    if (item.name === 'br') pieces.push(BREAK);
    const edge =
      item.name === 'td' || item.name === 'th' ? ' ' : BLOCK_TAGS.has(item.name ?? '') ? BREAK : '';
    pieces.push(edge);
    stack.push(edge, ...[...(item.children ?? [])].reverse());
  }
  return linesOf(pieces.join('')).join('\n');
}

function rowCells(tr: HtmlNode, inHead: boolean): SourceCell[] {
  return childElements(tr, 'td', 'th').map((element) => ({
    element,
    header: inHead || element.name === 'th',
  }));
}

/** A span attribute as a non-negative integer; null when absent or invalid. */
function spanOf(element: HtmlNode, name: 'colspan' | 'rowspan'): number | null {
  const value = Number.parseInt(element.attribs?.[name] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
