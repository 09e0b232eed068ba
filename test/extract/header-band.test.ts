import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../src/extract/from-file.ts';
import { findHeaderBand } from '../../src/extract/header-band.ts';

const HEADER = ['序号', '事项名称', '检查对象', '实施依据'];
const row = (n: number) => [
  String(n),
  `对定点医药机构第${n}项的检查`,
  '定点医疗机构',
  `《医疗保障基金使用监督管理条例》第${n}条`,
];

describe('header band of a grid', () => {
  it('takes the rows the reader flagged as header when the vocabulary agrees', () => {
    const rows = [
      ['序号', '检查项目', '检查项目', '实施依据'],
      ['序号', '抽查类别', '抽查事项', '实施依据'],
      row(1),
    ];
    expect(findHeaderBand(rows, 2, true)).toMatchObject({
      bodyStart: 2,
      headers: ['序号', '检查项目抽查类别', '检查项目抽查事项', '实施依据'],
    });
  });

  it('finds the header by the vocabulary when the flagged rows do not read as one', () => {
    const rows = [HEADER, row(1), row(2), row(3)];
    // Rows 0–1 flagged, the first a header, the second a body row: the band is the header alone.
    expect(findHeaderBand(rows, 2, true)).toMatchObject({ bodyStart: 1, headers: HEADER });
    // Every row flagged (<th> throughout).
    expect(findHeaderBand(rows, 4, true)).toMatchObject({ bodyStart: 1, headers: HEADER });
  });

  it('ignores flags over more rows than a header is looked for in', () => {
    const rows = [HEADER, ...Array.from({ length: 12 }, (_, k) => row(k + 1))];
    expect(findHeaderBand(rows, rows.length, true)).toMatchObject({ bodyStart: 1, headers: HEADER });
  });

  it('reads the rows of an html table written with <th> in every row', async () => {
    const tr = (cells: string[]) => `<tr>${cells.map((cell) => `<th>${cell}</th>`).join('')}</tr>`;
    const html = `<html><body><h1>某县医疗保障局行政检查事项清单</h1><table>${[HEADER, row(1), row(2)].map(tr).join('')}</table></body></html>`;
    const notice = await extractBytes(new TextEncoder().encode(html), 'th.html');
    expect(notice.tables[0]?.headers).toEqual(HEADER);
    expect(notice.tables.flatMap((table) => table.items).map((item) => [item.seq, item.name])).toEqual([
      [1, '对定点医药机构第1项的检查'],
      [2, '对定点医药机构第2项的检查'],
    ]);
  });
});
