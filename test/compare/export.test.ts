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
      '配对事项',
      '差异',
      '仅官渡区有',
      '仅北京市有',
      '依据核查',
    ]);
    const values = (name: string) =>
      (workbook.getWorksheet(name)?.getSheetValues() ?? [])
        .filter(Boolean)
        .map((row) => (row as unknown[]).slice(1));
    expect(values('配对事项')[0]).toEqual([
      '官渡区编号',
      '官渡区事项',
      '职权类型',
      '北京市编号',
      '北京市事项',
      '相似度',
      '配对依据',
      '不同之处',
    ]);
    expect(
      values('配对事项')
        .slice(1)
        .map((r) => [r[0], r[3]]),
    ).toEqual([
      ['表1·第1项', '表1·第1项'],
      ['表1·第2项', '表1·第3项'],
      ['表1·第3项', '表1·第2项'],
    ]);
    const onlyGuandu = values('仅官渡区有').slice(1);
    expect(onlyGuandu.map((r) => r[0])).toEqual(['表1·第4项', '表1·第5项', '表1·第6项', '表1·第7项']);
    // the one-sided items carry their 依据
    expect(onlyGuandu.every((r) => String(r[3]).startsWith('《'))).toBe(true);
    expect(values('依据核查').some((r) => String(r[5]).includes('第七十五条：条号不存在'))).toBe(true);
    // no English sentence in any cell
    for (const sheet of workbook.worksheets)
      for (const row of values(sheet.name))
        for (const cell of row) expect(String(cell ?? '')).not.toMatch(ENGLISH);
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
    const text = textOf(xml);
    expect(text).toContain('官渡区与北京市医疗保障行政执法事项比对报告');
    expect(text).toMatch(/报告日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toContain('四、仅官渡区列有的执法事项');
    expect(text).toContain('表1·第4项');
    expect(text).not.toMatch(/#\d+\.\d+/);
    expect(text).not.toMatch(ENGLISH);
    // the sides: region, notice, 文号, version and source file
    expect(text).toContain('京医保发〔2024〕10号');
    expect(text).toContain('000_2cf1152d849efe07.txt');
    // 宋体 for Chinese text, page numbers in the footer
    expect(await zipEntry(out, 'word/styles.xml')).toContain('w:eastAsia="宋体"');
    expect(await zipEntry(out, 'word/footer1.xml')).toMatch(/PAGE/);
  });

  it('md and csv go to stdout', async () => {
    const md = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'md');
    expect(md.stdout).toContain('## 仅官渡区有 (4)');
    expect(md.stdout).toMatch(/\| 表1·第4项 \| 对药品、医用耗材价格进行监督检查 \| 行政检查 \| 《/);
    const csv = await cli(dir, 'diff', '官渡区', '北京市', '--format', 'csv');
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('表,官渡区编号,官渡区事项,职权类型,北京市编号,北京市事项,相似度,配对依据,不同之处');
    expect(
      lines.some((line) =>
        line.startsWith(
          '仅官渡区有,表1·第6项,对公立医疗机构和高值医用耗材集中采购行为合规性的监督检查,行政检查,',
        ),
      ),
    ).toBe(true);
  });

  it('matrix: xlsx with coloured coverage cells, docx with a shaded table', async () => {
    const xlsx = join(dir, 'matrix.xlsx');
    expect((await cli(dir, 'matrix', '--format', 'xlsx', '--out', xlsx)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.getWorksheet('覆盖矩阵');
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      '编号',
      '执法职权',
      '职权类型',
      '地区数',
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
    const matrixXml = await zipEntry(docx, 'word/document.xml');
    expect(matrixXml).toMatch(/w:fill="C6EFCE"/u);
    expect(textOf(matrixXml)).toContain('医疗保障行政执法事项覆盖矩阵');
    expect(textOf(matrixXml)).not.toMatch(ENGLISH);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
  });
});

/** An English sentence: three Latin words in a row (file names, codes and 文号 are not). */
const ENGLISH = /[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/u;

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
