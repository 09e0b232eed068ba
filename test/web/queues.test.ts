import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/http/keys.ts';
import type { ApiServer } from '../../src/http/types.ts';
import { createBullmqRunner } from '../../src/queue/bullmq-runner.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from '../api/helpers.ts';
import { connectRedis, obliterate, REDIS_URL, uniquePrefix } from '../queue/helpers.ts';
import { READ_KEY, UPLOAD_KEY } from './browser.ts';

const ADMIN_KEY = 'admin-key-for-tests';
const KEYS = parseKeys(`upload:${UPLOAD_KEY},read:${READ_KEY},admin:${ADMIN_KEY}`);

describe('/admin/queues with the BullMQ runner: Bull Board for the upload role', () => {
  const prefix = uniquePrefix();
  let redis: Redis;
  let server: ApiServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    redis = await connectRedis(); // fails (never skips) without Redis
    const app = await testApp();
    await app.runner.close();
    const runner = await createBullmqRunner({ redisUrl: REDIS_URL, prefix, store: app.store });
    const bullApp = { ...app, runner };
    server = await buildServer(bullApp, KEYS, { rateLimitPerMinute: 0 });
    close = async () => {
      await server.close();
      await runner.close();
      await app.index.close();
      await app.store.close();
    };
  }, 240_000);
  afterAll(async () => {
    await close?.();
    if (redis) {
      await obliterate(redis, prefix);
      redis.disconnect();
    }
  });

  it('serves Bull Board to an upload key, listing the project queues', async () => {
    const reply = await server.inject({ url: '/admin/queues', headers: { 'x-api-key': UPLOAD_KEY } });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/html');
    expect(reply.body).toMatch(/bull-board|医保政策知识库 · 队列/i);
    const api = await server.inject({
      url: '/admin/queues/api/queues',
      headers: { 'x-api-key': UPLOAD_KEY },
    });
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual([`${prefix}-heavy`, `${prefix}-light`]);
  });

  it('refuses a read key with a 403 page, and sends a visitor without a key to the login screen', async () => {
    const asReader = await server.inject({ url: '/admin/queues', headers: { 'x-api-key': READ_KEY } });
    expect(asReader.statusCode).toBe(403);
    expect(asReader.body).toContain('没有权限');
    const api = await server.inject({ url: '/admin/queues/api/queues', headers: { 'x-api-key': READ_KEY } });
    expect(api.statusCode).toBe(403);
    const anonymous = await server.inject({ url: '/admin/queues' });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe(`/app/login?next=${encodeURIComponent('/admin/queues')}`);
    const viaCookie = await server.inject({ url: '/admin/queues', cookies: { pkb_key: UPLOAD_KEY } });
    expect(viaCookie.statusCode).toBe(200);
  });

  it('is read-only for the upload role; the admin role acts on its own board', async () => {
    const light = `${prefix}-light`;
    const asStaff = { 'x-api-key': UPLOAD_KEY };
    const pause = await server.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${light}/pause`,
      headers: asStaff,
    });
    expect(pause.statusCode).toBe(405);
    const add = await server.inject({
      method: 'POST',
      url: `/admin/queues/api/queues/${light}/add`,
      headers: asStaff,
      payload: { name: 'forged', data: {} },
    });
    expect(add.statusCode).toBe(405);
    expect((await server.inject({ url: '/admin/queues-admin', headers: asStaff })).statusCode).toBe(403);
    const asAdmin = { 'x-api-key': ADMIN_KEY };
    const paused = await server.inject({
      method: 'PUT',
      url: `/admin/queues-admin/api/queues/${light}/pause`,
      headers: asAdmin,
    });
    expect(paused.statusCode).toBe(200);
    // The board acted on the queue itself, as BullMQ sees it from another connection.
    const queue = new Queue(light, { connection: redis });
    try {
      expect(await queue.isPaused()).toBe(true);
      const resumed = await server.inject({
        method: 'PUT',
        url: `/admin/queues-admin/api/queues/${light}/resume`,
        headers: asAdmin,
      });
      expect(resumed.statusCode).toBe(200);
      expect(await queue.isPaused()).toBe(false);
    } finally {
      await queue.close();
    }
  });

  it('lets the admin board act from its own page with the session cookie (no token), never from another site', async () => {
    const light = `${prefix}-light`;
    // What Bull Board's UI sends: axios.put with the login cookie, no CSRF token.
    const act = (action: string, site: string) =>
      server.inject({
        method: 'PUT',
        url: `/admin/queues-admin/api/queues/${light}/${action}`,
        headers: { 'sec-fetch-site': site, origin: 'http://localhost' },
        cookies: { pkb_key: ADMIN_KEY },
      });
    const forged = await act('pause', 'cross-site');
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'cross-site', detail: '请求来自其他网站，已拒绝。' });
    expect((await act('pause', 'same-origin')).statusCode).toBe(200);
    expect((await act('resume', 'same-origin')).statusCode).toBe(200);
  });

  it('says which role a page needs when the key lacks it', async () => {
    const asStaff = await server.inject({ url: '/admin/queues-admin', headers: { 'x-api-key': UPLOAD_KEY } });
    expect(asStaff.statusCode).toBe(403);
    expect(asStaff.body).toContain('管理权限（admin 角色）');
    expect(asStaff.body).not.toContain('upload 角色');
    const asReader = await server.inject({ url: '/admin/queues', headers: { 'x-api-key': READ_KEY } });
    expect(asReader.body).toContain('上传权限（upload 角色）');
  });
});

describe('/admin/queues with the inline runner: counts and failed jobs', () => {
  it('answers a request it cannot take with its own 4xx status, not as the dashboard being down', async () => {
    const app = await testApp();
    const server = await buildServer(app, KEYS, { rateLimitPerMinute: 0 });
    try {
      const retry = await server.inject({
        method: 'POST',
        url: '/admin/queues/retry',
        headers: { 'x-api-key': UPLOAD_KEY, 'content-type': 'application/xml' },
        payload: '<jobId/>',
      });
      expect(retry.statusCode).toBe(415);
      expect(retry.headers['content-type']).toContain('text/html');
      expect(retry.body).toContain('队列面板无法处理这个请求');
      expect(retry.body).not.toContain('暂时不可用');
    } finally {
      await server.close();
      await app.close();
    }
  });

  it('shows the failed jobs with their reasons and retries one', async () => {
    const app = await testApp();
    const server = await buildServer(app, KEYS, { rateLimitPerMinute: 0 });
    try {
      const { submitUpload } = await import('../../src/pipeline/submit.ts');
      const { jobId } = await submitUpload(app, new Uint8Array(0), 'scan<b>.pdf');
      await app.runner.wait(jobId);
      const headers = { 'x-api-key': UPLOAD_KEY };
      const page = await server.inject({ url: '/admin/queues', headers });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('失败的任务（1）');
      expect(page.body).toContain('scan&lt;b&gt;.pdf');
      expect(page.body).not.toContain('scan<b>');
      const retry = await server.inject({
        method: 'POST',
        url: '/admin/queues/retry',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `jobId=${jobId}`,
      });
      expect(retry.statusCode).toBe(303);
      expect((await app.runner.wait(jobId)).attempts).toBe(2);
      expect(
        (await server.inject({ url: '/admin/queues', headers: { 'x-api-key': READ_KEY } })).statusCode,
      ).toBe(403);
    } finally {
      await server.close();
      await app.close();
    }
  });
});
