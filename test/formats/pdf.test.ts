import { describe, expect, it } from 'vitest';
import { readPdf } from '../../src/formats/pdf.ts';
import { joinWrapped, tidyCellText } from '../../src/formats/pdf-text.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/formats/types.ts';
import { cellAt, expectBadInput, fixture, grid, tables, texts } from './helpers.ts';

const read = (name: string, limits: ReadLimits = DEFAULT_LIMITS) =>
  readPdf({ bytes: fixture(name), fileName: name, limits });

describe('readPdf on the one-page notice', async () => {
  const { encoding, blocks } = await read('notice-table.pdf');

  it('keeps the table at its place in reading order, and its text out of the paragraphs', () => {
    expect(encoding).toBeNull();
    expect(blocks.map((block) => (block.kind === 'table' ? '<table>' : block.text))).toEqual([
      '关于公布医疗保障经办政务服务事项清单的通知',
      '各区医疗保障局：',
      '为深入推进医疗保障领域“放管服”改革，现将《医疗保障经办政务服务事项清单》印发给你们，请认真贯彻执行。',
      '一、事项清单',
      '<table>',
      '请启用脚本', // LibreOffice renders <noscript>; the HTML reader does not
      '本通知自印发之日起施行。',
    ]);
  });

  it('recovers the grid: rowspan, colspan and wrapped cell text joined', () => {
    const [table] = tables(blocks);
    if (!table) throw new Error('no table');
    expect(table.pages).toEqual([1]);
    expect([table.numRows, table.numCols]).toEqual([4, 5]);
    expect(cellAt(table, 0, 2)).toMatchObject({ text: '办理时限', colSpan: 2 });
    expect(cellAt(table, 1, 0)).toMatchObject({ text: '1', rowSpan: 2 });
    expect(grid(table)[1]).toEqual(['1', '参保登记', '即时办结', '1个工作日', '单位参保个人参保']);
    expect(grid(table)[2]?.slice(1, 3)).toEqual(['参保信息变更登记', '5个工作日']);
    expect(grid(table)[2]?.[4]).toBe('Online service available');
  });
});

describe('readPdf on a table running over five pages', async () => {
  const { blocks } = await read('long-table.pdf');
  const [table] = tables(blocks);

  it('stitches the pages into one table without the repeated header rows', () => {
    expect(tables(blocks)).toHaveLength(1);
    if (!table) throw new Error('no table');
    expect(table.pages).toEqual([1, 2, 3, 4, 5]);
    expect([table.numRows, table.numCols]).toEqual([81, 4]);
    const rows = grid(table);
    expect(rows[0]).toEqual(['序号', '事项名称', '实施依据', '备注']);
    expect(rows.filter((row) => row[0] === '序号')).toHaveLength(1);
    expect(rows.slice(1).map((row) => row[0])).toEqual(Array.from({ length: 80 }, (_, i) => String(i + 1)));
    expect(table.cells.filter((cell) => cell.header).map((cell) => cell.row)).toEqual([0, 0, 0, 0]);
  });

  it('merges the row the first page break split, and joins wrapped lines', () => {
    const rows = grid(table ?? { cells: [], numRows: 0, numCols: 0 });
    expect(rows[15]).toEqual([
      '15',
      '医疗保障经办服务事项第15项',
      '《医疗保障基金使用监督管理条例》第十五条、第二十条规定的定点医药机构协议管理和医疗费用结算审核事项',
      '无',
    ]);
    expect(rows[14]?.[3]).toBe('Cross-province settlement of medical expenses for insured persons');
  });

  it('keeps the text around the table, and none of the table text as paragraphs', () => {
    expect(blocks.map((block) => block.kind)).toEqual(['paragraph', 'paragraph', 'table', 'paragraph']);
    expect(texts(blocks)).toEqual([
      '医疗保障经办服务事项清单',
      '附件：医疗保障经办服务事项清单（共八十项）',
      '以上事项自二〇二四年一月一日起执行。',
    ]);
  });
});

describe('readPdf paragraphs', () => {
  it('joins lines the page wrapped and drops page-number lines', async () => {
    const { blocks } = await read('paragraphs.pdf');
    expect(texts(blocks)).toEqual([
      '关于做好2024年城乡居民基本医疗保障工作的通知',
      '各省、自治区、直辖市及新疆生产建设兵团医疗保障局、财政厅（局）、国家税务总局各省、自治区、直辖市和计划单列市税务局：',
      '为深入贯彻党的二十大精神，落实党中央、国务院决策部署，做好2024年城乡居民基本医疗保障工作，健全多层次医疗保障体系，巩固拓展医疗保障脱贫攻坚成果同乡村振兴有效衔接，推动医疗保障高质量发展，现就有关工作通知如下。各地要提高思想认识，加强组织领导，确保各项政策措施落地见效，切实维护参保群众合法权益。',
      'The insured persons may apply for cross-province direct settlement of inpatient and outpatient medical expenses through the national medical insurance service platform or the local service window.',
      '一、提高城乡居民医保筹资标准。',
      '二、做好医保待遇保障工作。',
    ]);
  });

  it('joins CJK without a space and Latin with one, keeping list breaks in cells', () => {
    expect(joinWrapped('医疗保障', '基金')).toBe('医疗保障基金');
    expect(joinWrapped('medical', 'insurance')).toBe('medical insurance');
    expect(joinWrapped('第 1', '项')).toBe('第 1项');
    expect(tidyCellText('\n1. 查看定点医疗\n机构；\n2. 查看药店\n')).toBe(
      '1. 查看定点医疗机构；\n2. 查看药店',
    );
    expect(tidyCellText('医疗保障经办服务事项第 1\n项 ')).toBe('医疗保障经办服务事项第1项');
  });
});

describe('readPdf rejections', () => {
  it('maps password protection, truncation and the page limit to BadInputError codes', async () => {
    await expectBadInput(read('notice-encrypted.pdf'), 'encrypted', 'notice-encrypted.pdf');
    await expectBadInput(read('long-table-truncated.pdf'), 'truncated', 'long-table-truncated.pdf');
    const error = await expectBadInput(
      read('long-table.pdf', { ...DEFAULT_LIMITS, maxPages: 4 }),
      'too-many-pages',
      'long-table.pdf',
    );
    expect(error.message).toBe('long-table.pdf: PDF 有 5 页（上限 4 页）');
  });

  it('leaves the caller’s bytes usable', async () => {
    const bytes = fixture('notice-table.pdf');
    await readPdf({ bytes, fileName: 'a.pdf', limits: DEFAULT_LIMITS });
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
