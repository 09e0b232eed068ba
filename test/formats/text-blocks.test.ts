import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block, TableData } from '../../schemas/document.ts';
import { textToBlocks } from '../../src/formats/text-blocks.ts';

const seed = (name: string) => readFileSync(`seeds/${name}`, 'utf8');

function tables(blocks: Block[]): TableData[] {
  return blocks.flatMap((block) => (block.kind === 'table' ? [block.table] : []));
}

function rowsOf(table: TableData): string[][] {
  const rows: string[][] = [];
  for (const cell of table.cells) {
    rows[cell.row] ??= [];
    (rows[cell.row] as string[])[cell.col] = cell.text;
  }
  return rows;
}

describe('plain-text tables', () => {
  it('reads tab-separated rows, drops the header repeated at a page break, and turns <p> into line breaks', () => {
    const [inspection, coercion] = tables(textToBlocks(seed('000_2cf1152d849efe07.txt')));
    expect(inspection?.numCols).toBe(8);
    const rows = rowsOf(inspection as TableData);
    expect(rows.map((row) => row[0])).toEqual(['序号', '1', '2', '3']);
    expect(rows[3]?.[3]).toMatch(/^1\. 查看定点医疗机构.*；\n2\. 查看定点零售药店/s);
    expect(rows[3]?.[3]).not.toContain('<p>');
    expect(rowsOf(coercion as TableData).map((row) => row[0])).toEqual(['序号', '1', '2']);
  });

  it('reads one cell per line with continuation lines, blank lines and bookmark artifacts', () => {
    const [table] = tables(textToBlocks(seed('001_0b30fb75eabd2adf.txt')));
    const rows = rowsOf(table as TableData);
    expect(rows[0]).toEqual(['序号', '事项名称', '职权类型', '实施依据', '实施主体']);
    expect(rows.slice(1).map((row) => row[0])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
    expect(rows[3]?.[3]).toContain('第二十二条');
    expect(rows[3]?.[4]).toBe('市本级及各县（区、市）医疗保障行政部门');
    expect(rows[10]?.[1]).toBe('对个人以骗取医疗保障基金为目的，造成医疗保障基金损失的处\n罚');
  });

  it('marks the header cells and keeps the paragraph before a table', () => {
    const blocks = textToBlocks(seed('003_2a9d65f420513247.txt'));
    expect(blocks[0]).toEqual({ kind: 'paragraph', text: '昆明市官渡区医疗保障局', line: 1 });
    const table = tables(blocks)[0] as TableData;
    expect(table.cells.filter((cell) => cell.header).map((cell) => cell.text)).toEqual([
      '序号',
      '检查事项',
      '检查对象',
      '检查依据',
      '法定实施主体',
      '法定行使层级',
      '备注',
    ]);
    expect(table.numRows).toBe(8);
  });

  it('reads pipe rows as they came, the Markdown rule and page number dropped, for the extractor to place', () => {
    const text = [
      '| 序号 | 检查事项 | | 检查对象 |',
      '|---|---|---|---|',
      '| 1 | 对定点药店 | 的检查 | 定点零售药店 |',
      '第 1 页 共 2 页',
      '| 序号 | 检查事项 | | 检查对象 |',
      '| 2 | 对医疗机构的检查 | | 定点医疗机构 |',
    ].join('\n');
    const table = tables(textToBlocks(text))[0] as TableData;
    expect(table.layout).toBe('delimited');
    expect(rowsOf(table)).toEqual([
      ['序号', '检查事项', '', '检查对象'],
      ['1', '对定点药店', '的检查', '定点零售药店'],
      ['序号', '检查事项', '', '检查对象'],
      ['2', '对医疗机构的检查', '', '定点医疗机构'],
    ]);
  });

  it('puts a pipe row that wraps over lines back together, and drops caption-only and spacer pipes', () => {
    const text = [
      '某市2023年度抽查工作计划 | |||||',
      '序号 |',
      '抽查',
      '类别 |',
      '抽查事项 | 检查对象 |',
      '检查',
      '方式 |',
      '备注 |',
      '||||',
      '1 | 医保基金检查 | 对定点医药机构的检查 | 定点医药机构 | 现场检查 | |',
    ].join('\n');
    const table = tables(textToBlocks(text))[0] as TableData;
    expect(rowsOf(table)).toEqual([
      ['某市2023年度抽查工作计划'],
      ['序号', '抽查\n类别', '抽查事项', '检查对象', '检查\n方式', '备注'],
      ['1', '医保基金检查', '对定点医药机构的检查', '定点医药机构', '现场检查'],
    ]);
  });

  it('keeps prose as paragraphs and markdown headings as headings', () => {
    const blocks = textToBlocks('# 关于印发清单的通知\n\n各区医疗保障局：\n\n现印发给你们。\n');
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: '关于印发清单的通知', line: 1 },
      { kind: 'paragraph', text: '各区医疗保障局：', line: 3 },
      { kind: 'paragraph', text: '现印发给你们。', line: 5 },
    ]);
  });

  it('numbers every paragraph by the line it starts on, also the rows of a block read as prose', () => {
    const blocks = textToBlocks('标题一行\n\n甲 |\n\n乙 |\n\n\n丙 |\n\n末尾一段');
    expect(blocks.map((b) => (b.kind === 'table' ? 'table' : [b.text, b.line]))).toEqual([
      ['标题一行', 1],
      ['甲', 3],
      ['乙', 5],
      ['丙', 8],
      ['末尾一段', 10],
    ]);
  });

  it('continues a tab-separated row whose last cell wraps onto the next line', () => {
    const table = tables(
      textToBlocks('序号\t事项名称\t行使层级\n1\t对医疗救助的监督\t市级、\n区级\n'),
    )[0] as TableData;
    expect(rowsOf(table)[1]).toEqual(['1', '对医疗救助的监督', '市级、\n区级']);
  });
});
