import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import { catalogueItems, noticeCatalogue } from '../../src/compare/catalogue.ts';
import { diffCatalogues } from '../../src/compare/diff.ts';
import { matrixOfRecords } from '../../src/compare/matrix.ts';
import { diffDocx } from '../../src/export/diff-docx.ts';
import { matrixDocx } from '../../src/export/matrix-docx.ts';
import { extractFile } from '../../src/extract/from-file.ts';
import { referenceLaws } from '../../src/laws/library.ts';

/** LibreOffice renders the reports as Word would print them; .ci/run installs it with poppler. */
const SOFFICE = '/usr/bin/soffice';
const PDFTOTEXT = '/usr/bin/pdftotext';
const ENGLISH = /[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}/u;

function pdfText(docx: Uint8Array, name: string): string {
  for (const tool of [SOFFICE, PDFTOTEXT])
    if (!existsSync(tool))
      throw new Error(
        `${tool} is missing: apt-get install -y libreoffice-writer-nogui poppler-utils (.ci/run does)`,
      );
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-report-'));
  writeFileSync(join(dir, `${name}.docx`), docx);
  execFileSync(
    SOFFICE,
    [
      '--headless',
      `-env:UserInstallation=file://${dir}/profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      join(dir, `${name}.docx`),
    ],
    {
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  execFileSync(PDFTOTEXT, ['-layout', join(dir, `${name}.pdf`), join(dir, `${name}.txt`)]);
  return readFileSync(join(dir, `${name}.txt`), 'utf8');
}

describe('the reports rendered to PDF (LibreOffice)', () => {
  it('官渡区 vs 北京市: a Chinese 比对报告 with its sides, summary, one-sided items, findings and page numbers', async () => {
    const [guandu, beijing] = await Promise.all([
      extractFile('seeds/003_2a9d65f420513247.txt'),
      extractFile('seeds/000_2cf1152d849efe07.txt'),
    ]);
    const a = noticeCatalogue('官渡区', guandu, '003_2a9d65f420513247.txt');
    const b = noticeCatalogue('北京市', beijing, '000_2cf1152d849efe07.txt');
    const result = diffCatalogues(a, b, { library: referenceLaws() });
    const items = { a: catalogueItems(a), b: catalogueItems(b) };
    const lookup = (side: 'a' | 'b', ref: { table: number; seq: number }) =>
      items[side].find((x) => x.ref.table === ref.table && x.ref.seq === ref.seq)?.item;
    const text = pdfText(await diffDocx(result, lookup, new Date(2026, 11, 5)), 'diff');
    const flat = text.replace(/\s+/gu, '');
    for (const expected of [
      '比对报告',
      '报告日期：2026年12月5日',
      '一、比对对象',
      '京医保发',
      '二、比对结果概览',
      '三、两地均列有的执法事项',
      '仅官渡区列有的执法事项',
      '表1·第4项',
      '药品管理法',
      '六、依据核查',
      '条号不存在',
      '第1页/共',
    ])
      expect(flat, expected).toContain(expected);
    expect(text).not.toMatch(ENGLISH);
    expect(text).not.toMatch(/#\d+\.\d+/);
  });

  it('the coverage matrix: Chinese title, headers and legend', async () => {
    const records = await Promise.all(
      ['000_2cf1152d849efe07.txt', '001_0b30fb75eabd2adf.txt', '003_2a9d65f420513247.txt'].map(
        async (file, i) => ({
          id: `n${i}`,
          version: 1,
          current: true,
          notice: await extractFile(`seeds/${file}`),
        }),
      ),
    );
    const matrix = matrixOfRecords(records as StoredNotice[], { now: new Date(2026, 11, 5) });
    const flat = pdfText(await matrixDocx(matrix), 'matrix').replace(/\s+/gu, '');
    for (const expected of [
      '医疗保障行政执法事项覆盖矩阵',
      '2026年12月5日生成',
      '执法职权',
      '职权类型',
      '北京市',
      '官渡区',
      '山南市',
    ])
      expect(flat, expected).toContain(expected);
    expect(flat).not.toMatch(/coverage|powers|regions/i);
  });
});
