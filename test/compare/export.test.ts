import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { NoticeStore } from '../../src/store/types.ts';
import { cli, seededDataDir } from './kb.ts';

let dir: string;
let store: NoticeStore;

beforeAll(async () => {
  ({ dir, store } = await seededDataDir());
});
afterAll(async () => {
  await store.close();
});

describe('diff and matrix exports', () => {
  it('xlsx: one sheet per view, readable back with exceljs', async () => {
    const out = join(dir, 'diff.xlsx');
    const { code, stderr } = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'xlsx', '--out', out);
    expect([code, stderr]).toEqual([0, `已写入 ${out}\n`]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Pairs',
      'Differences',
      'Only in 官渡区',
      'Only in 北京市',
      'Citation findings',
    ]);
    const values = (name: string) =>
      (workbook.getWorksheet(name)?.getSheetValues() ?? [])
        .filter(Boolean)
        .map((row) => (row as unknown[]).slice(1));
    expect(values('Pairs')[0]).toEqual([
      '官渡区 #',
      '官渡区 item',
      'power type',
      '北京市 #',
      '北京市 item',
      'score',
      'signals',
      'differs in',
    ]);
    expect(
      values('Pairs')
        .slice(1)
        .map((r) => [r[0], r[3]]),
    ).toEqual([
      ['#0.1', '#0.1'],
      ['#0.2', '#0.3'],
      ['#0.3', '#0.2'],
    ]);
    expect(
      values('Only in 官渡区')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['#0.4', '#0.5', '#0.6', '#0.7']);
    expect(values('Citation findings').some((r) => String(r[5]).includes('第七十五条：条号不存在'))).toBe(
      true,
    );
  });

  it('docx: a side-by-side report whose differing rows are shaded', async () => {
    const out = join(dir, 'diff.docx');
    expect((await cli(dir, 'diff', '官渡区', '北京市', '--format', 'docx', '--out', out)).code).toBe(0);
    const xml = await zipEntry(out, 'word/document.xml');
    const cells = [...xml.matchAll(/<w:tc>.*?<\/w:tc>/gsu)].map((m) => m[0]);
    const cell = (text: string) => cells.filter((c) => textOf(c).includes(text));
    // 北京's targets for 对用人单位和个人… differ from 官渡's: shaded; the name row is not.
    expect(cell('用人单位和有关单位个人').every((c) => /<w:shd [^>]*w:fill="FFE699"/u.test(c))).toBe(true);
    expect(cell('用人单位和有关单位个人').length).toBeGreaterThan(0);
    const nameCells = cell('对医疗保障基金使用进行监督检查');
    expect(nameCells.length).toBeGreaterThan(0);
    expect(nameCells.some((c) => /w:fill="FFE699"/u.test(c))).toBe(false);
    expect(textOf(xml)).toContain('Only in 官渡区');
  });

  it('md and csv go to stdout', async () => {
    const md = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'md');
    expect(md.stdout).toContain('## Only in 官渡区 (4)');
    expect(md.stdout).toContain('| #0.4 | 对药品、医用耗材价格进行监督检查 | 行政检查 |');
    const csv = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'csv');
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe(
      'view,官渡区 #,官渡区 item,power type,北京市 #,北京市 item,score,signals,differs in',
    );
    expect(lines).toContain(
      'Only in 官渡区,#0.6,对公立医疗机构和高值医用耗材集中采购行为合规性的监督检查,行政检查,,,,,',
    );
  });

  it('matrix: xlsx with coloured coverage cells, docx with a shaded table', async () => {
    const xlsx = join(dir, 'matrix.xlsx');
    expect((await cli(dir, 'matrix', '--format', 'xlsx', '--out', xlsx)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.getWorksheet('Coverage');
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      '#',
      'power',
      'power type',
      'regions',
      '北京市',
      '官渡区',
      '山南市',
    ]);
    const rows = Array.from({ length: (sheet?.rowCount ?? 1) - 1 }, (_, i) => sheet?.getRow(i + 2));
    const marks = rows.map((r) => [5, 6, 7].map((c) => String(r?.getCell(c).value ?? '')));
    expect(marks).toContainEqual(['', '✓', '']);
    const present = rows.flatMap((r) => [5, 6, 7].map((c) => r?.getCell(c))).find((c) => c?.value === '✓');
    expect(present?.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFC6EFCE' } });
    const docx = join(dir, 'matrix.docx');
    expect((await cli(dir, 'matrix', '--format', 'docx', '--out', docx)).code).toBe(0);
    expect(await zipEntry(docx, 'word/document.xml')).toMatch(/w:fill="C6EFCE"/u);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
  });
});

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('');
}

function zipEntry(path: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${path}`)));
      zip.readEntry();
    });
  });
}
