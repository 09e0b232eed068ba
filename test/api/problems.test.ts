import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app/open.ts';
import { parseKeys } from '../../src/http/keys.ts';
import type { ApiServer } from '../../src/http/types.ts';
import { IndexUnavailableError } from '../../src/search/types.ts';
import { buildServer } from '../../src/server/server.ts';
import { englishSentences } from '../support/english.ts';
import { testApp } from './helpers.ts';

const KEYS = parseKeys('upload:staff-secret-1,read:legal-secret-1');
const READER = { authorization: 'Bearer legal-secret-1' };
const STAFF = { authorization: 'Bearer staff-secret-1' };

/**
 * Issue 16: every problem document the API answers says what is wrong in Chinese (`title` and
 * `detail`, naming the parameter) beside a stable English `code` for programs.
 */
describe('problem details: Chinese for people, a stable code for programs', () => {
  let app: App & { dir: string };
  let server: ApiServer;
  beforeAll(async () => {
    app = await testApp();
    server = await buildServer(app, KEYS, { rateLimitPerMinute: 0 });
  });
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const cases: [string, InjectOptions, number, string, string | RegExp][] = [
    ['no key', { url: '/api/notices' }, 401, 'unauthorized', /^需要 API 密钥/],
    [
      'a read key uploading',
      { method: 'POST', url: '/api/notices', headers: READER },
      403,
      'forbidden',
      '此密钥不能执行这个操作，需要上传权限（upload 角色）',
    ],
    [
      'an unknown route',
      { url: '/api/nothing', headers: READER },
      404,
      'no_route',
      '没有这个接口：GET /api/nothing',
    ],
    [
      'an unknown notice',
      { url: '/api/notices/nope', headers: READER },
      404,
      'not-found',
      '没有这个通知：nope',
    ],
    [
      'a limit over its maximum',
      { url: '/api/search?q=a&limit=1000', headers: READER },
      400,
      'invalid-parameter',
      '查询参数 limit 过大：不得超过 100',
    ],
    [
      'a limit that is no number',
      { url: '/api/search?q=a&limit=abc', headers: READER },
      400,
      'invalid-parameter',
      '查询参数 limit 应为数字',
    ],
    [
      'a missing parameter',
      { url: '/api/diff?a=x', headers: READER },
      400,
      'invalid-parameter',
      '缺少查询参数 b',
    ],
    [
      'an unknown export format',
      { url: '/api/matrix/export?format=pptx', headers: READER },
      400,
      'invalid-parameter',
      /^查询参数 format 取值无效：应为 .*xlsx.* 之一$/,
    ],
    [
      'a path that is not a URL',
      { url: '/api/notices/%E0%A4%A', headers: READER },
      400,
      'bad-url',
      '网址无效：/api/notices/%E0%A4%A',
    ],
    [
      'a body of a type the route does not read',
      {
        method: 'POST',
        url: '/api/notices/nope/review',
        headers: { ...STAFF, 'content-type': 'application/xml' },
        payload: '<x/>',
      },
      415,
      'unsupported-media-type',
      '不支持的内容类型：application/xml',
    ],
    [
      'a JSON body that is not JSON',
      {
        method: 'POST',
        url: '/api/notices/nope/review',
        headers: { ...STAFF, 'content-type': 'application/json' },
        payload: '{"reason": ',
      },
      400,
      'bad-request',
      '请求体不是有效的 JSON',
    ],
    [
      'a JSON body over 1 MB',
      {
        method: 'POST',
        url: '/api/notices/nope/review',
        headers: { ...STAFF, 'content-type': 'application/json' },
        payload: JSON.stringify({ reason: 'x'.repeat(1_100_000), corrections: [] }),
      },
      413,
      'payload-too-large',
      '请求内容超过大小上限',
    ],
  ];

  it.each(cases)('%s', async (_what, request, status, code, detail) => {
    const response = await server.inject(request);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json();
    expect(body).toMatchObject({ status, code });
    if (typeof detail === 'string') expect(body.detail).toBe(detail);
    else expect(body.detail).toMatch(detail);
    expect(body.title).toMatch(/\p{Script=Han}/u);
    expect(englishSentences(`${body.title}\n${body.detail}`)).toEqual([]);
  });

  it("answers a web path that is not a URL with a Chinese page and the pages' headers", async () => {
    const response = await server.inject('/app/notices/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('<title>请求有误 · 医保政策知识库</title>');
    expect(response.body).toContain('网址无效：/app/notices/%E0%A4%A');
  });

  it("says the search index is down in Chinese (503), not in the client library's words", async () => {
    const down = vi
      .spyOn(app.index, 'search')
      .mockRejectedValue(new IndexUnavailableError('Meilisearch search failed: connect ECONNREFUSED'));
    const response = await server.inject({ url: '/api/search?q=a', headers: READER });
    down.mockRestore();
    expect(response.json()).toMatchObject({
      status: 503,
      title: '服务暂不可用',
      code: 'index-unavailable',
      detail: '检索服务暂不可用，请稍后再试',
    });
  });

  it('says a rate limit in Chinese, with the seconds to wait', async () => {
    const limited = await buildServer(app, KEYS, { rateLimitPerMinute: 1 });
    const url = '/api/notices';
    expect((await limited.inject({ url, headers: READER })).statusCode).toBe(200);
    const refused = await limited.inject({ url, headers: READER });
    expect(refused.json()).toMatchObject({ status: 429, title: '请求过于频繁', code: 'rate-limited' });
    expect(refused.json().detail).toMatch(/^请求过于频繁：每分钟最多 1 次，请在 \d+ 秒后重试$/);
    await limited.close();
  });
});
