import { describe, expect, it } from 'vitest';
import { htmlToBlocks, readHtml } from '../../src/formats/html.ts';
import { DEFAULT_LIMITS } from '../../src/formats/types.ts';
import { cellAt, fixture, grid, tables, texts } from './helpers.ts';

describe('htmlToBlocks on the notice fixture', () => {
  const blocks = htmlToBlocks(fixture('notice-table.html').toString('utf8'));

  it('keeps headings, paragraphs and the table in document order, without script/style/noscript', () => {
    expect(blocks.map((block) => block.kind)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
      'heading',
      'table',
      'paragraph',
    ]);
    expect(blocks[0]).toEqual({
      kind: 'heading',
      level: 1,
      text: '关于公布医疗保障经办政务服务事项清单的通知',
    });
    expect(blocks[3]).toEqual({ kind: 'heading', level: 2, text: '一、事项清单' });
    const all = JSON.stringify(blocks);
    for (const hidden of ['不应出现的脚本文字', '脚本输出', '请启用脚本', 'display: none']) {
      expect(all).not.toContain(hidden);
    }
  });

  it('places cells on an occupancy grid with rowspan/colspan and header flags', () => {
    const [table] = tables(blocks);
    if (!table) throw new Error('no table');
    expect([table.numRows, table.numCols]).toEqual([4, 5]);
    expect(grid(table)).toEqual([
      ['序号', '事项名称', '办理时限', '', '备注'],
      ['1', '参保登记', '即时办结', '1个工作日', '单位参保\n个人参保'],
      ['', '参保信息变更登记', '5个工作日', '', 'Online service available'],
      ['2', '异地就医备案', '即时办结', '3个工作日', '跨省异地\n省内异地'],
    ]);
    expect(cellAt(table, 0, 2)).toMatchObject({ colSpan: 2, rowSpan: 1, header: true });
    expect(cellAt(table, 1, 0)).toMatchObject({ text: '1', rowSpan: 2, colSpan: 1, header: false });
    expect(cellAt(table, 2, 2)).toMatchObject({ colSpan: 2 });
    expect(table.cells.filter((cell) => cell.header)).toHaveLength(4);
  });
});

describe('htmlToBlocks edge cases', () => {
  it('puts a cell after a rowspan in the first free column', () => {
    const [table] = tables(
      htmlToBlocks(`<table>
        <tr><td rowspan="3">A</td><td>B</td><td rowspan="2">C</td></tr>
        <tr><td>D</td></tr>
        <tr><td colspan="2">E</td></tr>
        <tr><td>F</td><td>G</td><td>H</td></tr></table>`),
    );
    if (!table) throw new Error('no table');
    const placed = table.cells.map(({ text, row, col, rowSpan, colSpan }) => [
      text,
      row,
      col,
      rowSpan,
      colSpan,
    ]);
    expect(placed).toEqual([
      ['A', 0, 0, 3, 1],
      ['B', 0, 1, 1, 1],
      ['C', 0, 2, 2, 1],
      ['D', 1, 1, 1, 1],
      ['E', 2, 1, 1, 2],
      ['F', 3, 0, 1, 1],
      ['G', 3, 1, 1, 1],
      ['H', 3, 2, 1, 1],
    ]);
    expect([table.numRows, table.numCols]).toEqual([4, 3]);
  });

  it('clamps hostile spans: rowspan to the table, colspan to 1000; rowspan=0 runs to the end', () => {
    const [table] = tables(
      htmlToBlocks(
        '<table><tr><td rowspan="0">A</td><td colspan="99999" rowspan="65534">B</td></tr><tr><td>C</td></tr></table>',
      ),
    );
    if (!table) throw new Error('no table');
    expect(cellAt(table, 0, 0)).toMatchObject({ rowSpan: 2 });
    expect(cellAt(table, 0, 1)).toMatchObject({ rowSpan: 2, colSpan: 1000 });
    expect(cellAt(table, 1, 1001)).toMatchObject({ text: 'C' });
    expect(table.numCols).toBe(1002);
  });

  it('flattens nested tables into the outer cell and survives 10,000 levels of nesting', () => {
    const [table] = tables(
      htmlToBlocks(
        '<table><tr><th>事项</th><th>材料</th></tr><tr><td>备案</td><td>需提交：<table><tr><td>身份证</td><td>1份</td></tr><tr><td>申请表</td><td>2份</td></tr></table></td></tr></table>',
      ),
    );
    expect(table && grid(table)).toEqual([
      ['事项', '材料'],
      ['备案', '需提交：\n身份证 1份\n申请表 2份'],
    ]);
    const depth = 10_000;
    const deep = `<table><tr><td>外层</td><td>${'<table><tr><td>x</td><td>'.repeat(depth)}最深${'</td></tr></table>'.repeat(depth)}</td></tr></table>`;
    const [outer] = tables(htmlToBlocks(deep));
    expect(outer?.cells).toHaveLength(2);
    expect(outer?.cells[1]?.text.endsWith('最深')).toBe(true);
  });

  it('reads one-cell layout tables as ordinary content', () => {
    const blocks = htmlToBlocks(
      `${'<table><tr><td>'.repeat(3)}<h2>通知</h2><p>正文第一段</p>${'</td></tr></table>'.repeat(3)}`,
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 2, text: '通知' },
      { kind: 'paragraph', text: '正文第一段' },
    ]);
  });

  it('collapses whitespace but keeps CJK text intact across source line breaks', () => {
    const blocks = htmlToBlocks(
      '<div>医疗保障\n   基金 <b>使用</b>\n\n监督管理条例<br>Medical   insurance\n fund</div><li>第二项</li>',
    );
    expect(texts(blocks)).toEqual(['医疗保障基金 使用监督管理条例', 'Medical insurance fund', '第二项']);
  });

  it('keeps a caption as the paragraph before its table', () => {
    const blocks = htmlToBlocks(
      '<p>前文</p><table><caption>附表1</caption><tr><td>a</td><td>b</td></tr></table>',
    );
    expect(blocks.map((block) => (block.kind === 'table' ? 'table' : block.text))).toEqual([
      '前文',
      '附表1',
      'table',
    ]);
  });

  it('reads GBK-encoded HTML through readHtml', async () => {
    const { encode } = await import('iconv-lite');
    const bytes = encode(
      '<html><head><meta charset="gbk"></head><body><h3>医保通知</h3></body></html>',
      'gbk',
    );
    const result = await readHtml({ bytes, fileName: 'gbk.html', limits: DEFAULT_LIMITS });
    expect(result).toEqual({
      encoding: 'gb18030',
      blocks: [{ kind: 'heading', level: 3, text: '医保通知' }],
    });
  });
});
