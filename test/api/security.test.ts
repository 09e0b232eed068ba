import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/http/keys.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp as app, multipart } from './helpers.ts';

const SEED = new Uint8Array(readFileSync('seeds/003_2a9d65f420513247.txt'));

/** Real HTTP requests (Fastify inject) shaped as a browser, another site and a script would send them. */
describe('HTTP API: requests from other origins, ids and answers that give nothing away', () => {
  it('in open local mode refuses uploads a page of another origin sends, and keeps scripts and the app working', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    const upload = (headers: Record<string, string>) => {
      const body = multipart('003.txt', SEED);
      return server.inject({
        method: 'POST',
        url: '/api/notices',
        ...body,
        headers: { ...body.headers, host: 'localhost:8080', ...headers },
      });
    };
    expect((await upload({ origin: 'http://evil.example' })).statusCode).toBe(403);
    expect((await upload({ origin: 'http://localhost:9999' })).statusCode).toBe(403);
    expect((await upload({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await upload({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(403); // no token
    const page = await server.inject({ url: '/app/upload', headers: { host: 'localhost:8080' } });
    const cookie = page.cookies.find((c) => c.name === 'pkb_csrf');
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1];
    expect(token).toBe(cookie?.value);
    const fromApp = await upload({
      'sec-fetch-site': 'same-origin',
      cookie: `pkb_csrf=${token}`,
      'x-csrf-token': token ?? '',
    });
    expect(fromApp.statusCode).toBe(202);
    expect((await upload({})).statusCode).toBe(202); // a script: no Origin, no Sec-Fetch-Site
    expect((await kb.runner.listJobs()).length).toBe(1);
    await server.close();
    await kb.close();
  });

  it('lets another tool’s page in a CORS-allowed origin act with its own key, never with the cookie', async () => {
    const kb = await app();
    const keys = parseKeys('upload:tool-secret-1,read:legal-secret-1');
    const server = await buildServer(kb, keys, { corsOrigins: ['https://tools.example'] });
    const body = multipart('003.txt', SEED);
    const send = (headers: Record<string, string>) =>
      server.inject({
        method: 'POST',
        url: '/api/notices',
        ...body,
        headers: { ...body.headers, ...headers },
      });
    expect(
      (await send({ origin: 'https://tools.example', authorization: 'Bearer tool-secret-1' })).statusCode,
    ).toBe(202);
    expect(
      (await send({ origin: 'https://tools.example', cookie: 'pkb_key=tool-secret-1' })).statusCode,
    ).toBe(403);
    expect(
      (await send({ origin: 'https://other.example', authorization: 'Bearer tool-secret-1' })).statusCode,
    ).toBe(403);
    await server.close();
    await kb.close();
  });

  it('answers a job id that is no job id as any unknown job, and never reads or writes outside jobs/', async () => {
    const kb = await app();
    const server = await buildServer(kb, parseKeys('upload:staff-secret-1,read:legal-secret-1'));
    const read = { authorization: 'Bearer legal-secret-1' };
    // A JobView-shaped file planted outside the jobs directory, and a real file the id could probe for.
    mkdirSync(join(kb.dir, 'planted'), { recursive: true });
    writeFileSync(join(kb.dir, 'planted', 'x.json'), JSON.stringify({ jobId: 'x', state: 'failed' }));
    const probes = [
      '..%2Fplanted%2Fx',
      '..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '..%2F..%2Fpackage',
      `ingest-${'0'.repeat(64)}`,
    ];
    for (const id of probes) {
      const response = await server.inject({ url: `/api/jobs/${id}`, headers: read });
      expect(response.statusCode, id).toBe(404);
      expect(response.json()).toMatchObject({ title: '找不到', status: 404, code: 'not-found' });
    }
    const retry = await server.inject({
      method: 'POST',
      url: '/api/jobs/..%2Fplanted%2Fx/retry',
      headers: { authorization: 'Bearer staff-secret-1' },
    });
    expect(retry.statusCode).toBe(404);
    expect(await kb.runner.listJobs()).toEqual([]);
    await server.close();
    await kb.close();
  });

  it('titles every problem by its status (a 409 is 无法执行, not an internal error)', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    const body = multipart('003.txt', SEED);
    const { jobId } = (await server.inject({ method: 'POST', url: '/api/notices', ...body })).json();
    await kb.runner.wait(jobId);
    const conflict = await server.inject({ method: 'POST', url: `/api/jobs/${jobId}/retry` });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ title: '无法执行', code: 'not-failed' });
    expect(conflict.json().detail).toContain('只有失败（failed）的任务可以重试');
    await server.close();
    await kb.close();
  });

  it('asks the token only of what a cross-site form could send; PUT and JSON need only the same origin', async () => {
    const kb = await app();
    const server = await buildServer(kb, parseKeys('admin:admin-secret-1,read:legal-secret-1'));
    // A route as Bull Board's admin actions are (axios.put / JSON, no token): the guard is global.
    server.put('/admin/queues-admin/api/queues/:name/pause', async () => ({ ok: true }));
    server.post('/admin/queues-admin/api/queues/:name/add', async () => ({ ok: true }));
    const session = { host: 'localhost:8080', cookie: 'pkb_key=admin-secret-1' };
    const send = (method: 'PUT' | 'POST', path: string, headers: Record<string, string>, payload?: string) =>
      server.inject({ method, url: `/admin/queues-admin/api/queues/light/${path}`, headers, payload });
    const sameOrigin = { ...session, 'sec-fetch-site': 'same-origin' };
    const crossSite = { ...session, 'sec-fetch-site': 'cross-site' };
    const json = { 'content-type': 'application/json' };

    expect((await send('PUT', 'pause', sameOrigin)).statusCode).toBe(200);
    expect((await send('PUT', 'pause', { ...session, origin: 'http://localhost:8080' })).statusCode).toBe(
      200,
    );
    expect((await send('POST', 'add', { ...sameOrigin, ...json }, '{"name":"x"}')).statusCode).toBe(200);
    for (const [method, path, headers, payload] of [
      ['PUT', 'pause', crossSite, undefined],
      ['PUT', 'pause', { ...session, origin: 'http://evil.example' }, undefined],
      ['POST', 'add', { ...crossSite, ...json }, '{"name":"x"}'],
    ] as const) {
      const refused = await send(method, path, headers, payload);
      expect(refused.statusCode, `${method} ${JSON.stringify(headers)}`).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({
        title: '没有权限',
        status: 403,
        code: 'cross-site',
        detail: '请求来自其他网站，已拒绝。',
      });
    }
    // What a form or a no-cors fetch sends: the token is asked, in Chinese, with a stable code.
    for (const type of [undefined, 'text/plain', 'multipart/form-data; boundary=x']) {
      const headers: Record<string, string> = type ? { ...sameOrigin, 'content-type': type } : sameOrigin;
      const refused = await send('POST', 'add', headers, type ? 'name=x' : undefined);
      expect(refused.statusCode, String(type)).toBe(403);
      expect(refused.json()).toMatchObject({
        code: 'csrf-token',
        detail: '缺少或错误的 CSRF 令牌，请刷新页面后重试。',
      });
    }
    const logout = await server.inject({
      method: 'POST',
      url: '/app/logout',
      headers: { ...sameOrigin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'x=1',
    });
    expect(logout.statusCode).toBe(403);
    expect(logout.json()).toMatchObject({ code: 'csrf-token' });
    await server.close();
    await kb.close();
  });

  it('sets the CSRF cookie only on pages that render a token, not on API answers or assets', async () => {
    const kb = await app();
    const server = await buildServer(kb, parseKeys('upload:staff-secret-1'));
    const csrfCookie = async (url: string) =>
      (await server.inject({ url, cookies: { pkb_key: 'staff-secret-1' } })).cookies.find(
        (c) => c.name === 'pkb_csrf',
      );
    expect(await csrfCookie('/healthz')).toBeUndefined();
    expect(await csrfCookie('/api/notices')).toBeUndefined();
    expect(await csrfCookie('/app/assets/app.css')).toBeUndefined();
    const page = await server.inject({ url: '/app/upload', cookies: { pkb_key: 'staff-secret-1' } });
    const cookie = page.cookies.find((c) => c.name === 'pkb_csrf');
    expect(cookie?.value).toBeTruthy();
    expect(page.body).toContain(`<meta name="csrf-token" content="${cookie?.value}">`);
    expect(page.body).toContain(`name="csrf" value="${cookie?.value}"`); // the logout form
    // A browser that has the cookie keeps its token: no new one.
    const again = await server.inject({
      url: '/app/upload',
      cookies: { pkb_key: 'staff-secret-1', pkb_csrf: cookie?.value ?? '' },
    });
    expect(again.cookies.find((c) => c.name === 'pkb_csrf')).toBeUndefined();
    expect(again.body).toContain(`<meta name="csrf-token" content="${cookie?.value}">`);
    await server.close();
    await kb.close();
  });

  it('in open local mode answers only requests addressed to this machine (no DNS rebinding)', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    for (const host of ['localhost', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST:8080']) {
      expect((await server.inject({ url: '/healthz', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of [
      'evil.example',
      'evil.example:8080',
      '127.0.0.1.nip.io:8080',
      'localhost.evil.example',
    ]) {
      for (const url of ['/healthz', '/api/notices', '/app/upload', '/admin/queues']) {
        const refused = await server.inject({ url, headers: { host } });
        expect(refused.statusCode, `${host}${url}`).toBe(403);
        expect(refused.json()).toMatchObject({ status: 403, code: 'host-not-local' });
        expect(refused.json().detail).toMatch(/本机模式/);
      }
    }
    const upload = multipart('003.txt', SEED);
    const forged = await server.inject({
      method: 'POST',
      url: '/api/notices',
      ...upload,
      headers: { ...upload.headers, host: 'rebound.example:8080', 'sec-fetch-site': 'same-origin' },
    });
    expect(forged.statusCode).toBe(403);
    expect(await kb.runner.listJobs()).toEqual([]);
    await server.close();
    // With keys the server may be reached under any name: a key is asked instead.
    const keyed = await buildServer(kb, parseKeys('read:legal-secret-1'));
    const named = await keyed.inject({ url: '/healthz', headers: { host: 'policy-kb.example.org' } });
    expect(named.statusCode).toBe(200);
    await keyed.close();
    await kb.close();
  });

  it('goes on after login to the queue dashboards it was sent from, never off the site', async () => {
    const kb = await app();
    const server = await buildServer(kb, parseKeys('upload:staff-secret-1'));
    const anonymous = await server.inject({ url: '/admin/queues' });
    expect(anonymous.headers.location).toBe('/app/login?next=%2Fadmin%2Fqueues');
    const form = await server.inject({ url: String(anonymous.headers.location) });
    expect(form.body).toContain('name="next" value="/admin/queues"');
    const login = (next: string) =>
      server.inject({
        method: 'POST',
        url: '/app/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ key: 'staff-secret-1', next }).toString(),
      });
    for (const next of [
      '/admin/queues',
      '/admin/queues?retried=a.txt',
      '/admin/queues-admin',
      '/app/search?q=x',
    ]) {
      const signedIn = await login(next);
      expect(signedIn.statusCode, next).toBe(303);
      expect(signedIn.headers.location, next).toBe(next);
    }
    for (const next of [
      '/\t/evil.example',
      '/%09/evil.example',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      '/app%0d%0a',
      '/apple',
      '/admin/queuesx',
      '/admin',
      '/app/../evil',
      '/admin/queues/%2e%2e/%2e%2e/evil',
    ]) {
      const signedIn = await login(next);
      expect(signedIn.headers.location, next).toBe('/app');
    }
    await server.close();
    await kb.close();
  });
});
