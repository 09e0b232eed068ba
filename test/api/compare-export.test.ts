import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open.ts';
import { contentDisposition } from '../../src/http/export-reply.ts';
import { parseKeys } from '../../src/http/keys.ts';
import type { ApiServer } from '../../src/http/types.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from './helpers.ts';

const ONLY_GUANDU = [
  '对药品、医用耗材价格进行监督检查',
  '对公立医疗机构和高值医用耗材集中采购行为合规性的监督检查',
];
const READ = { authorization: 'Bearer read-secret-1' };
const diffUrl = (format: string, a = '官渡区', b = '北京市') =>
  `/api/diff/export?${new URLSearchParams({ a, b, format })}`;

describe('comparison downloads and the region list', () => {
  let app: App;
  let server: ApiServer;
  beforeAll(async () => {
    app = await testApp();
    for (const file of ['000_2cf1152d849efe07.txt', '001_0b30fb75eabd2adf.txt', '003_2a9d65f420513247.txt']) {
      const { jobId } = await submitUpload(app, new Uint8Array(readFileSync(`seeds/${file}`)), file);
      await app.runner.wait(jobId);
    }
    server = await buildServer(app, parseKeys('read:read-secret-1'), { rateLimitPerMinute: 0 });
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('GET /api/diff/export?format=xlsx is a workbook holding the items only in 官渡区', async () => {
    const response = await server.inject({ url: diffUrl('xlsx'), headers: READ });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="policy-kb-diff.xlsx"; filename*=UTF-8''${encodeURIComponent('比较-官渡区-北京市.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['配对事项', '仅官渡区有', '仅北京市有', '依据核查']),
    );
    const names = (workbook.getWorksheet('仅官渡区有')?.getColumn(2).values ?? []).map(String);
    for (const name of ONLY_GUANDU) expect(names).toContain(name);
  });

  it('exports DOCX, CSV (with a BOM for Excel) and Markdown', async () => {
    const docx = await server.inject({ url: diffUrl('docx'), headers: READ });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await server.inject({ url: diffUrl('csv'), headers: READ });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFF表,')).toBe(true);
    for (const name of ONLY_GUANDU) expect(csv.body).toContain(name);
    const md = await server.inject({ url: diffUrl('md'), headers: READ });
    expect(md.body).toContain('## 仅官渡区有 (4)');
  });

  it('refuses bad formats, unknown sides, file paths and missing keys', async () => {
    expect((await server.inject({ url: diffUrl('pdf'), headers: READ })).statusCode).toBe(400);
    const unknown = await server.inject({ url: diffUrl('csv', '火星市'), headers: READ });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const file = await server.inject({
      url: diffUrl('csv', 'seeds/000_2cf1152d849efe07.txt'),
      headers: READ,
    });
    // Over HTTP a side is only ever a region in the knowledge base: a path is just an unknown name.
    expect(file.statusCode).toBe(404);
    expect((await server.inject(diffUrl('csv'))).statusCode).toBe(401);
  });

  it('GET /api/matrix/export downloads the coverage matrix', async () => {
    const response = await server.inject({ url: '/api/matrix/export?format=xlsx', headers: READ });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('覆盖矩阵.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const header = (workbook.getWorksheet('覆盖矩阵')?.getRow(1).values ?? []) as unknown[];
    expect(header).toEqual(expect.arrayContaining(['北京市', '官渡区', '山南市']));
  });

  it('GET /api/regions lists the regions with current notices and their provinces', async () => {
    const response = await server.inject({ url: '/api/regions', headers: READ });
    expect(response.statusCode).toBe(200);
    const { regions } = response.json();
    const guandu = regions.find((r: { name: string }) => r.name === '官渡区');
    expect(guandu).toMatchObject({ code: '530111', province: '云南省', parents: ['云南省', '昆明市'] });
    expect(guandu.items).toBe(7);
    expect(regions.map((r: { name: string }) => r.name).sort()).toEqual(
      ['北京市', '官渡区', '山南市'].sort(),
    );
  });

  it('names attachments per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('report.csv')).toBe(
      `attachment; filename="report.csv"; filename*=UTF-8''report.csv`,
    );
    expect(contentDisposition('比较-a"b\\c(1).csv', 'diff.csv')).toBe(
      `attachment; filename="diff.csv"; filename*=UTF-8''%E6%AF%94%E8%BE%83-a_b_c%281%29.csv`,
    );
  });
});
