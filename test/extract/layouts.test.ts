import { describe, expect, it } from 'vitest';
import type { Notice } from '../../schemas/notice.ts';
import { extractBytes } from '../../src/extract/from-file.ts';
import {
  cutOff,
  type PlainTable,
  TEXT_LAYOUTS,
  traditionalWithPinyin,
  withMergedCells,
  writeTable,
} from './layouts.ts';

/** Rows shaped like real catalogues (a basis quoting statute text, a merged-looking 层级). */
const INSPECTION: PlainTable = {
  caption: '某县医疗保障局行政检查事项清单',
  headers: ['序号', '检查事项', '检查对象', '检查依据', '实施主体', '行使层级'],
  rows: [
    [
      '1',
      '对定点医药机构医疗保障基金使用情况的检查',
      '定点医疗机构、定点零售药店',
      '《医疗保障基金使用监督管理条例》第二十七条 医疗保障行政部门实施监督检查，可以采取下列措施：\n（一）进入现场检查；\n（二）询问有关人员。',
      '某县医疗保障局',
      '县级',
    ],
    [
      '2',
      '对用人单位和个人遵守社会保险法律法规情况的监督检查',
      '用人单位、参保人员',
      '《中华人民共和国社会保险法》第七条、第七十七条',
      '某县医疗保障局',
      '县级',
    ],
    ['3', '对医疗救助的监督检查', '医疗救助对象', '《社会救助暂行办法》第五十七条', '某县医疗保障局', '县级'],
  ],
};

const PENALTY: PlainTable = {
  caption: '某市医疗保障行政处罚事项清单',
  headers: ['序号', '事项名称', '职权类型', '实施依据', '备注'],
  rows: [
    ['1', '对定点医药机构分解住院的处罚', '行政处罚', '《医疗保障基金使用监督管理条例》第三十八条', '无'],
    [
      '2',
      '对个人重复享受医疗保障待遇的处罚',
      '行政处罚',
      '《医疗保障基金使用监督管理条例》第四十一条第一款',
      '无',
    ],
  ],
};

async function extract(text: string): Promise<Notice> {
  return extractBytes(new TextEncoder().encode(text), 'layout.txt');
}

describe.each([
  ['inspection catalogue', INSPECTION],
  ['penalty catalogue', PENALTY],
])('the same %s in every layout a page copied as text can take', (_, table) => {
  it.each(TEXT_LAYOUTS)('%s gives every row back with its name, power type and citations', async (layout) => {
    const notice = await extract(writeTable(table, layout));
    const items = notice.tables.flatMap((t) => t.items);
    expect(items.map((item) => item.name)).toEqual(table.rows.map((row) => row[1]));
    expect(items.map((item) => item.seq)).toEqual(table.rows.map((row) => Number(row[0])));
    const basisColumn = table.headers.findIndex((header) => header.endsWith('依据'));
    for (const [k, item] of items.entries()) {
      expect(item.powerType, `${layout} row ${k + 1}`).not.toBeNull();
      expect(item.citations.length, `${layout} row ${k + 1}`).toBeGreaterThan(0);
      expect(item.basis?.replace(/\s+/gu, '')).toContain(table.rows[k]?.[basisColumn]?.slice(0, 12));
    }
    expect(notice.meta.title).toBe(table.caption);
    expect(notice.meta.issuedOn).toBeNull();
  });
});

describe('merged cells, mirror sites and cut-off pages, in every layout', () => {
  const merged = withMergedCells(INSPECTION, [4, 5]);
  it.each(TEXT_LAYOUTS.filter((layout) => !layout.startsWith('vertical')))(
    '%s: a row whose merged 实施主体 and 层级 gave no fields keeps its cells in their columns',
    async (layout) => {
      const items = (await extract(writeTable(merged, layout))).tables.flatMap((t) => t.items);
      expect(items.map((item) => item.name)).toEqual(INSPECTION.rows.map((row) => row[1]));
      expect(items.map((item) => item.levels)).toEqual([['县级'], ['县级'], ['县级']]);
      expect(items[2]?.citations.map((c) => `${c.law}#${c.article}`)).toEqual(['社会救助暂行办法#57']);
    },
  );

  it.each(TEXT_LAYOUTS)('%s in traditional characters with pinyin after some of them', async (layout) => {
    const notice = await extract(traditionalWithPinyin(writeTable(PENALTY, layout)));
    const items = notice.tables.flatMap((t) => t.items);
    expect(items.map((item) => item.name)).toEqual(PENALTY.rows.map((row) => row[1]));
    expect(items[1]?.citations[0]).toMatchObject({
      law: '医疗保障基金使用监督管理条例',
      article: 41,
      paragraph: 1,
    });
    expect(notice.tables[0]?.headers).toContain('实施依据');
  });

  it.each(TEXT_LAYOUTS)(
    '%s cut off inside the last row: the rows before are complete, the last is partial',
    async (layout) => {
      const text = writeTable(INSPECTION, layout);
      const notice = await extract(cutOff(text, text.length - text.lastIndexOf('《社会救助') - 3));
      const items = notice.tables.flatMap((t) => t.items);
      expect(items.map((item) => item.partial)).toEqual([false, false, true]);
      expect(items[1]?.citations).toHaveLength(2);
      expect(notice.review.needed).toBe(true);
      expect(notice.warnings.map((w) => w.code)).toContain('row-cut-off');
    },
  );
});

describe('prose is not a table', () => {
  it('keeps every article of measures that list a catalogue’s columns, and a table ends where the articles start', async () => {
    const measures = [
      '某市医疗保障行政检查实施办法',
      '第一条 为了规范行政检查，制定本办法。',
      '第二条 行政检查事项清单应当载明下列内容：',
      '（一）事项名称',
      '（二）检查对象',
      '（三）检查依据',
      '（四）实施主体',
      '第三条 检查人员不得少于两人。',
      '第四条 本办法自印发之日起施行。',
    ].join('\n');
    const notice = await extract(measures);
    expect(notice.tables).toEqual([]);
    expect(notice.articles.map((article) => article.number)).toEqual([1, 2, 3, 4]);

    const tableThenMeasures = `${writeTable(PENALTY, 'spaced')}\n附件2\n第一条 为了规范行政处罚，制定本办法。\n第二条 本办法自印发之日起施行。`;
    const both = await extract(tableThenMeasures);
    expect(both.tables.flatMap((t) => t.items)).toHaveLength(2);
    expect(both.articles.map((article) => article.number)).toEqual([1, 2]);
  });
});

describe('a discretion benchmark (裁量基准): one item per 违法行为, one grade per 裁量阶次 row', () => {
  const rows = [
    [
      '1',
      '定点医药机构分解住院',
      '《医疗保障基金使用监督管理条例》第三十八条',
      '轻微',
      '首次违法且及时改正',
      '责令改正',
    ],
    ['', '', '', '一般', '造成基金损失1万元以下', '处造成损失金额1倍以上1.5倍以下罚款'],
    ['', '', '', '严重', '造成基金损失1万元以上', '处造成损失金额1.5倍以上2倍以下罚款'],
    [
      '2',
      '个人重复享受医疗保障待遇',
      '《医疗保障基金使用监督管理条例》第四十一条',
      '一般',
      '首次违法',
      '责令退回',
    ],
  ];
  const filled = (row: string[]) => row.filter((cell) => cell !== '');
  const texts: [string, string][] = [
    [
      'pipes, a merged cell leaving no field',
      [
        '序号 | 违法行为 | 处罚依据 | 裁量阶次 | 适用情形 | 处罚基准 |',
        ...rows.map((row) => `${filled(row).join(' | ')} |`),
      ].join('\n'),
    ],
    [
      'spaces, a two-row header under a merged 裁量基准',
      [
        '序号 违法行为 处罚依据 裁量基准',
        '裁量阶次 适用情形 处罚幅度',
        ...rows.map((row) => filled(row).join(' ')),
      ].join('\n'),
    ],
    [
      'cells run together, a two-row header',
      [
        '序号违法行为处罚依据裁量基准',
        '裁量阶次适用情形处罚幅度',
        ...rows.map((row) => filled(row).join('')),
      ].join('\n'),
    ],
    [
      'an HTML table with rowspans',
      `<table><tr>${['序号', '违法行为', '处罚依据', '裁量阶次', '适用情形', '处罚基准'].map((h) => `<td>${h}</td>`).join('')}</tr>${rows
        .map(
          (row) =>
            `<tr>${row
              .map((cell, col) =>
                cell === ''
                  ? ''
                  : col < 3 && row[0] === '1'
                    ? `<td rowspan="3">${cell}</td>`
                    : `<td>${cell}</td>`,
              )
              .join('')}</tr>`,
        )
        .join('')}</table>`,
    ],
  ];

  it.each(texts)('%s', async (_, text) => {
    const html = text.startsWith('<table');
    const page = html
      ? `<html><body><p>某市医疗保障行政处罚裁量基准</p>${text}</body></html>`
      : `某市医疗保障行政处罚裁量基准\n${text}`;
    const notice = await extractBytes(
      new TextEncoder().encode(page),
      html ? 'benchmark.html' : 'benchmark.txt',
    );
    const [table] = notice.tables;
    expect(table?.kind).toBe('discretion');
    expect(table?.items.map((item) => [item.name, item.powerType, item.citations[0]?.article])).toEqual([
      ['定点医药机构分解住院', '行政处罚', 38],
      ['个人重复享受医疗保障待遇', '行政处罚', 41],
    ]);
    expect(table?.items[0]?.grades).toEqual(
      rows.slice(0, 3).map((row) => ({ grade: row[3], circumstances: row[4], benchmark: row[5] })),
    );
    expect(table?.items[1]?.grades).toHaveLength(1);
  });
});
