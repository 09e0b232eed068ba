/**
 * One catalogue written out in the layouts real pages use when a table is copied as text —
 * pipes (with a caption row, spacer lines, a header wrapped over lines), spaces, one cell per
 * line (with and without 序号), cells run together — so a test can check that every layout
 * gives the same rows back.
 */
import * as OpenCC from 'opencc-js';

export interface PlainTable {
  caption: string;
  headers: string[];
  rows: string[][];
}

export type TextLayout =
  | 'pipe'
  | 'pipe-two-row-header'
  | 'pipe-wrapped-header'
  | 'tab'
  | 'spaced'
  | 'vertical'
  | 'vertical-no-seq'
  | 'vertical-blank-lines'
  | 'run-together';

export const TEXT_LAYOUTS: TextLayout[] = [
  'pipe',
  'pipe-two-row-header',
  'pipe-wrapped-header',
  'tab',
  'spaced',
  'vertical',
  'vertical-no-seq',
  'vertical-blank-lines',
  'run-together',
];

/**
 * The table as its merged cells come out of a copied web table: a cell equal to the one above
 * in the columns `merged` (a rowspan) gives no field at all, so the row's later cells move left.
 */
export function withMergedCells(table: PlainTable, merged: number[]): PlainTable {
  const rows = table.rows.map((row, r) =>
    row.filter((cell, col) => !(r > 0 && merged.includes(col) && table.rows[r - 1]?.[col] === cell)),
  );
  return { ...table, rows };
}

/** Traditional characters, as mirror sites serve them, with pinyin after some characters: 醫(yī)療. */
export function traditionalWithPinyin(text: string): string {
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
  const pinyin: Record<string, string> = { 醫: 'yī', 療: 'liáo', 監: 'jiān', 據: 'jù', 項: 'xiàng' };
  return [...toTraditional(text)].map((ch) => (pinyin[ch] ? `${ch}(${pinyin[ch]})` : ch)).join('');
}

/** The page cut off `chars` characters before its end (a stored page holds only its opening). */
export function cutOff(text: string, chars: number): string {
  return text.slice(0, text.length - chars);
}

/** The table as a page copied into text in `layout`, after a short masthead. */
export function writeTable(table: PlainTable, layout: TextLayout): string {
  const head = ['您当前的位置：首页 > 政务公开 > 权责清单', table.caption, '发布日期：2024-05-06'];
  const flat = (cell: string) => cell.replace(/\s*\n\s*/gu, '');
  switch (layout) {
    case 'pipe':
      return [
        ...head,
        `${table.caption} | ${'|'.repeat(table.headers.length - 1)}`,
        `${table.headers.join(' | ')} |`,
        '||||',
        ...table.rows.map((row) => `${row.map(flat).join(' | ')} |`),
      ].join('\n');
    case 'pipe-two-row-header':
      return [
        ...head,
        `${table.headers[0]} | ${table.headers[1]}项目 | ${table.headers.slice(2).join(' | ')} |`,
        `${table.headers[1]} |`,
        ...table.rows.map((row) => `${row.map(flat).join(' | ')} |`),
      ].join('\n');
    case 'pipe-wrapped-header':
      return [
        ...head,
        ...table.headers.map(
          (header) => `${header.length > 3 ? `${header.slice(0, 2)}\n${header.slice(2)}` : header} |`,
        ),
        ...table.rows.map((row) => `${row.map(flat).join(' | ')} |`),
      ].join('\n');
    case 'tab':
      return [...head, table.headers.join('\t'), ...table.rows.map((row) => row.map(flat).join('\t'))].join(
        '\n',
      );
    case 'spaced':
      return [
        ...head,
        table.headers
          .map((header) => (header.length === 4 ? `${header.slice(0, 2)} ${header.slice(2)}` : header))
          .join(' '),
        ...table.rows.map((row) => row.map(flat).join(' ')),
      ].join('\n');
    case 'vertical':
      return [...head, ...table.headers, ...table.rows.flatMap((row) => row.map(flat))].join('\n');
    case 'vertical-no-seq':
      return [
        ...head,
        ...table.headers.slice(1),
        ...table.rows.flatMap((row) => row.slice(1).map(flat)),
      ].join('\n');
    case 'vertical-blank-lines':
      return [...head, ...table.headers, ...table.rows.flatMap((row) => row)].join('\n\n');
    case 'run-together':
      return [...head, table.headers.join(''), ...table.rows.map((row) => row.map(flat).join(''))].join('\n');
  }
}
