import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/http/keys.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp as app, multipart } from './helpers.ts';

const SEED = new Uint8Array(readFileSync('seeds/003_2a9d65f420513247.txt'));

describe('HTTP API', () => {
  it('stores the original before answering 202, then serves the job and the notice', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    const upload = await server.inject({
      method: 'POST',
      url: '/api/notices',
      ...multipart('003.txt', SEED),
    });
    expect(upload.statusCode).toBe(202);
    const { noticeId, jobId } = upload.json();
    expect(await kb.store.getOriginal(noticeId)).toEqual(SEED);
    await kb.runner.wait(jobId);
    const job = (await server.inject(`/api/jobs/${jobId}`)).json();
    expect(job).toMatchObject({
      state: 'completed',
      progress: { stage: null },
      summary: { items: 7, articles: 0, needsReview: false, text: '7 项 · 0 条' },
    });
    const notice = (await server.inject(`/api/notices/${noticeId}`)).json();
    expect(notice).toMatchObject({ version: 1, sourceFile: '003.txt', meta: { region: { name: '官渡区' } } });
    expect(notice.tables[0].items).toHaveLength(7);
    const byId = (await server.inject(`/api/notices/${notice.id}`)).json();
    expect(byId.id).toBe(notice.id);
    expect((await server.inject('/api/notices')).json().notices).toHaveLength(1);
  });

  it('says when a real notice needs review: its job summary, its list row, and a Chinese reason on the notice', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    // 盘锦市's 免罚清单 (development half of the real corpus): the stored page ends inside row 5.
    const page = new Uint8Array(readFileSync('test/fixtures/real/liaoning-panjin-mianfa.txt'));
    const { noticeId, jobId } = (
      await server.inject({ method: 'POST', url: '/api/notices', ...multipart('panjin.txt', page) })
    ).json();
    await kb.runner.wait(jobId);
    const job = (await server.inject(`/api/jobs/${jobId}`)).json();
    expect(job.summary).toEqual({
      items: 5,
      articles: 0,
      needsReview: true,
      reasons: ['row-cut-off'],
      text: '5 项 · 0 条 · 需复核',
    });
    const [row] = (await server.inject('/api/notices')).json().notices;
    expect(row).toMatchObject({ items: 5, needsReview: true });
    const notice = (await server.inject(`/api/notices/${noticeId}`)).json();
    expect(notice.review).toMatchObject({ needed: true, reasons: ['row-cut-off'] });
    expect(notice.warnings.find((w: { code: string }) => w.code === 'row-cut-off').message).toMatch(
      /^表1.*第 5 项.*被截断/,
    );
  });

  it('filters search to what waits for review, over the API and on the search page (needsReview=true)', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    const upload = async (name: string, bytes: Uint8Array) => {
      const { jobId } = (
        await server.inject({ method: 'POST', url: '/api/notices', ...multipart(name, bytes) })
      ).json();
      await kb.runner.wait(jobId);
    };
    await upload('panjin.txt', new Uint8Array(readFileSync('test/fixtures/real/liaoning-panjin-mianfa.txt')));
    await upload('heyuan.txt', new Uint8Array(readFileSync('seeds/004_1af03ef051e33fde.txt')));
    const q = encodeURIComponent('医疗保障');
    const all = (await server.inject(`/api/search?q=${q}&limit=100`)).json();
    expect(new Set(all.hits.map((hit: { needsReview: boolean }) => hit.needsReview))).toEqual(
      new Set([true, false]),
    );
    const waiting = (await server.inject(`/api/search?q=${q}&limit=100&needsReview=true`)).json();
    expect(waiting.total).toBeGreaterThan(0);
    expect(waiting.total).toBeLessThan(all.total);
    expect(new Set(waiting.hits.map((hit: { region: string }) => hit.region))).toEqual(new Set(['盘锦市']));
    const page = await server.inject(`/app/search?q=${q}&needsReview=true`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="needsReview" name="needsReview" type="checkbox" value="true" checked/);
    const results = page.body.split('id="results"')[1] ?? '';
    expect(results).toContain('class="badge badge-review"');
    expect(results).toContain('盘锦市');
    expect(results).not.toContain('河源市');
  });

  it('answers problem details for unknown notices and a missing file field', async () => {
    const server = await buildServer(await app(), []);
    const missing = await server.inject('/api/notices/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({
      status: 404,
      title: '找不到',
      detail: '没有这个通知：nope',
      code: 'not-found',
    });
  });

  it('requires an upload key to write and a read key to read when keys are configured', async () => {
    const keys = parseKeys('upload:staff-secret-1,read:legal-secret-1');
    const server = await buildServer(await app(), keys);
    const body = multipart('003.txt', SEED);
    expect((await server.inject({ method: 'POST', url: '/api/notices', ...body })).statusCode).toBe(401);
    const asReader = { ...body, headers: { ...body.headers, authorization: 'Bearer legal-secret-1' } };
    expect((await server.inject({ method: 'POST', url: '/api/notices', ...asReader })).statusCode).toBe(403);
    const asStaff = { ...body, headers: { ...body.headers, 'x-api-key': 'staff-secret-1' } };
    expect((await server.inject({ method: 'POST', url: '/api/notices', ...asStaff })).statusCode).toBe(202);
    expect(
      (await server.inject({ url: '/api/notices', headers: { authorization: 'Bearer legal-secret-1' } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await server.inject({ url: '/api/notices', headers: { authorization: 'Bearer wrong-secret' } }))
        .statusCode,
    ).toBe(403);
  });
});
