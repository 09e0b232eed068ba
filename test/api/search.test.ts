import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open.ts';
import { parseKeys } from '../../src/http/keys.ts';
import { indexRecord } from '../../src/search/index-record.ts';
import { buildServer } from '../../src/server/server.ts';
import { type SeededStore, seedStore } from '../search/fixtures.ts';
import { testApp } from './helpers.ts';

const KEYS = parseKeys('upload:staff-secret-1,read:legal-secret-1');
const READER = { authorization: 'Bearer legal-secret-1' };

describe('GET /api/search', () => {
  let seeded: SeededStore;
  let app: App & { dir: string };
  beforeAll(async () => {
    seeded = await seedStore();
    app = await testApp();
    for (const record of seeded.records) await indexRecord(app.index, record);
  });
  afterAll(async () => {
    await app.close();
    await seeded.cleanup();
  });

  it('answers as `search --json`: hits best first, with snippets, filters and facets', async () => {
    const server = await buildServer(app, []);
    const response = await server.inject({
      url: `/api/search?q=${encodeURIComponent('價格')}&region=云南省&facets=true`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.hits.map((h: { seq: number }) => h.seq).sort()).toEqual([4, 5]);
    expect(body.hits[0]).toMatchObject({ kind: 'item', region: '官渡区', powerType: '行政检查' });
    expect(body.hits[0].snippet).toContain('<mark>价格</mark>');
    expect(body.facets.region).toEqual({ 官渡区: 2 });
    const reward = await server.inject({
      url: `/api/search?q=${encodeURIComponent('举报')}&powerType=行政奖励&limit=1`,
    });
    expect(reward.json().hits).toHaveLength(1);
    expect(reward.json().hits[0]).toMatchObject({ region: '山南市', seq: 12 });
    // facets are counted only when asked for: they cost a pass over the matches
    expect(reward.json().facets).toBeUndefined();
  });

  it('never exposes file system paths', async () => {
    const server = await buildServer(app, []);
    for (const q of ['医疗', '通知', '条']) {
      const text = (await server.inject({ url: `/api/search?q=${encodeURIComponent(q)}&limit=100` })).body;
      expect(text).not.toContain(app.dir);
      expect(text).not.toContain(seeded.dir);
      expect(text).not.toMatch(/\.txt|seeds\/|sourceFile|sha256/);
    }
  });

  it('answers bad parameters with a problem naming the parameter', async () => {
    const server = await buildServer(app, []);
    const missing = await server.inject({ url: '/api/search' });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'invalid-parameter', detail: '缺少查询参数 q' });
    const badType = await server.inject({
      url: `/api/search?q=a&powerType=${encodeURIComponent('行政许可证')}`,
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().detail).toMatch(/^查询参数 powerType 取值无效：应为 .*行政检查.* 之一$/);
    expect((await server.inject({ url: '/api/search?q=a&limit=1000' })).json()).toMatchObject({
      title: '请求有误',
      code: 'invalid-parameter',
      detail: '查询参数 limit 过大：不得超过 100',
    });
  });

  it('needs a read or upload key when keys are configured', async () => {
    const server = await buildServer(app, KEYS);
    const url = `/api/search?q=${encodeURIComponent('封存')}`;
    expect((await server.inject({ url })).statusCode).toBe(401);
    expect((await server.inject({ url, headers: { 'x-api-key': 'nope-nope-nope' } })).statusCode).toBe(403);
    expect((await server.inject({ url, headers: READER })).statusCode).toBe(200);
    expect((await server.inject({ url, headers: { 'x-api-key': 'staff-secret-1' } })).statusCode).toBe(200);
  });

  it('limits requests per key (each key its own budget; unknown keys share their IP budget)', async () => {
    const server = await buildServer(app, KEYS, { rateLimitPerMinute: 3 });
    const url = `/api/search?q=${encodeURIComponent('封存')}`;
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await server.inject({ url, headers: READER })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await server.inject({ url, headers: READER });
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, title: '请求过于频繁', code: 'rate-limited' });
    expect(limited.json().detail).toMatch(/^请求过于频繁：每分钟最多 3 次，请在 \d+ 秒后重试$/);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await server.inject({ url, headers: { 'x-api-key': 'staff-secret-1' } })).statusCode).toBe(200);
  });

  it('sends CORS headers only for configured origins', async () => {
    const url = `/api/search?q=${encodeURIComponent('封存')}`;
    const headers = { origin: 'https://legal.example.org' };
    const closed = await buildServer(app, []);
    expect((await closed.inject({ url, headers })).headers['access-control-allow-origin']).toBeUndefined();
    const open = await buildServer(app, [], { corsOrigins: ['https://legal.example.org'] });
    const response = await open.inject({ url, headers });
    expect(response.headers['access-control-allow-origin']).toBe('https://legal.example.org');
    const other = await open.inject({ url, headers: { origin: 'https://elsewhere.example.org' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await open.inject({
      method: 'OPTIONS',
      url: '/api/search',
      headers: {
        ...headers,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
  });

  it('takes CORS origins and the rate limit from the configuration', async () => {
    const configured = await testApp({
      POLICY_KB_CORS_ORIGINS: 'https://a.example.org, https://b.example.org',
      POLICY_KB_RATE_LIMIT: '1',
    });
    const server = await buildServer(configured, []);
    const headers = { origin: 'https://b.example.org' };
    const first = await server.inject({ url: '/api/search?q=a', headers });
    expect(first.headers['access-control-allow-origin']).toBe('https://b.example.org');
    expect((await server.inject({ url: '/api/search?q=a', headers })).statusCode).toBe(429);
    await configured.close();
  });
});
