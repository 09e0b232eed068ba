import type { TableResult } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { TableData } from '../../schemas/document.ts';
import { type FlowItem, stitchTables } from '../../src/formats/pdf-stitch.ts';
import { pageTables } from '../../src/formats/pdf-tables.ts';
import { grid } from './helpers.ts';

/** A table from rows of texts (one cell per string, no spans) on one page. */
function table(rows: string[][], page: number): FlowItem {
  const cells = rows.flatMap((row, r) =>
    row.map((text, col) => ({ row: r, col, rowSpan: 1, colSpan: 1, text, header: false })),
  );
  const data: TableData = { cells, numRows: rows.length, numCols: rows[0]?.length ?? 0, pages: [page] };
  return { kind: 'table', table: data };
}

const BREAK: FlowItem = { kind: 'page-break' };
const HEAD = [
  ['序号', '事项', '依据'],
  ['', '名称', '条款'],
];

function only(items: FlowItem[]): TableData {
  const found = items.filter((item) => item.kind === 'table');
  expect(found).toHaveLength(1);
  return (found[0] as { table: TableData }).table;
}

describe('stitchTables', () => {
  it('drops a repeated two-row header and flags it on the first page', () => {
    const stitched = only(
      stitchTables([
        table([...HEAD, ['1', '参保登记', '第十条']], 1),
        BREAK,
        table([[' 序号', '事 项', '依据'], ...HEAD.slice(1), ['2', '异地就医备案', '第十一条']], 2),
        BREAK,
        table([...HEAD, ['3', '生育津贴', '第十二条']], 3),
      ]),
    );
    expect(grid(stitched)).toEqual([
      ...HEAD,
      ['1', '参保登记', '第十条'],
      ['2', '异地就医备案', '第十一条'],
      ['3', '生育津贴', '第十二条'],
    ]);
    expect(stitched.pages).toEqual([1, 2, 3]);
    expect(stitched.cells.filter((cell) => cell.header).map((cell) => cell.row)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('stitches a continuation without a repeated header and merges a row the break cut', () => {
    const stitched = only(
      stitchTables([
        table(
          [
            ['1', '参保登记', '《社会保险法》第五十八'],
            ['2', 'Online', 'a'],
          ],
          1,
        ),
        BREAK,
        table(
          [
            ['', 'service', ''],
            ['3', '备案', 'b'],
          ],
          2,
        ),
      ]),
    );
    expect(grid(stitched)).toEqual([
      ['1', '参保登记', '《社会保险法》第五十八'],
      ['2', 'Online service', 'a'],
      ['3', '备案', 'b'],
    ]);
    expect(stitched.cells.some((cell) => cell.header)).toBe(false);
  });

  it('keeps tables apart when text intervenes, the column count differs or no page break separates them', () => {
    const line: FlowItem = { kind: 'line', text: '附件2' };
    const a = table([['1', '2']], 1);
    const count = (items: FlowItem[]) => stitchTables(items).filter((item) => item.kind === 'table').length;
    expect(count([a, BREAK, line, table([['3', '4']], 2)])).toBe(2);
    expect(count([a, BREAK, table([['3', '4', '5']], 2)])).toBe(2);
    expect(count([a, table([['3', '4']], 1)])).toBe(2);
    expect(stitchTables([a, BREAK, line]).map((item) => item.kind)).toEqual(['table', 'line']);
  });
});

describe('pageTables without pdf-parse geometry', () => {
  it('falls back to the strings getTable returns, left-aligned, dropping one-cell frames', () => {
    const result = {
      total: 1,
      mergedTables: [],
      pages: [
        {
          num: 1,
          tables: [
            [
              ['序号', '事项'],
              ['1', '医保 \n 登记'],
            ],
            [['整页边框中的全部文字']],
          ],
        },
      ],
    } as unknown as TableResult;
    const tables = pageTables(result, []).get(1) ?? [];
    expect(tables).toHaveLength(1);
    expect(tables[0] && grid(tables[0].table)).toEqual([
      ['序号', '事项'],
      ['1', '医保登记'],
    ]);
  });
});
