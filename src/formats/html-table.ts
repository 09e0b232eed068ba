import {
  BLOCK_TAGS,
  BREAK,
  childElements,
  type HtmlNode,
  isElement,
  isSkipped,
  linesOf,
} from './html-dom.ts';
import type { SourceCell } from './table-grid.ts';

/** A `<td>`/`<th>` in source order; its text is read only once the table is known to be data. */
export interface HtmlCell {
  element: HtmlNode;
  header: boolean;
}

/** The table's own rows (direct or in thead/tbody/tfoot), not those of tables nested in its cells. */
export function tableRows(table: HtmlNode): HtmlCell[][] {
  const rows: HtmlCell[][] = [];
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

function rowCells(tr: HtmlNode, inHead: boolean): HtmlCell[] {
  return childElements(tr, 'td', 'th').map((element) => ({
    element,
    header: inHead || element.name === 'th',
  }));
}

/** Rows of a data table as source cells: text and spans read from each element. */
export function sourceRows(rows: HtmlCell[][]): SourceCell[][] {
  return rows.map((row) =>
    row.map(({ element, header }) => ({
      text: cellText(element),
      header,
      colSpan: spanOf(element, 'colspan'),
      rowSpan: spanOf(element, 'rowspan'),
    })),
  );
}

/** A span attribute as a non-negative integer; null when absent or invalid. */
function spanOf(element: HtmlNode, name: 'colspan' | 'rowspan'): number | null {
  const value = Number.parseInt(element.attribs?.[name] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
