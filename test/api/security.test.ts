import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/api/keys.ts';
import { buildServer } from '../../src/api/server.ts';
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
      expect(response.json()).toMatchObject({ title: 'Not Found', status: 404 });
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

  it('titles every problem by its status (a 409 is a Conflict, not an Internal Server Error)', async () => {
    const kb = await app();
    const server = await buildServer(kb, []);
    const body = multipart('003.txt', SEED);
    const { jobId } = (await server.inject({ method: 'POST', url: '/api/notices', ...body })).json();
    await kb.runner.wait(jobId);
    const conflict = await server.inject({ method: 'POST', url: `/api/jobs/${jobId}/retry` });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().title).toBe('Conflict');
    await server.close();
    await kb.close();
  });
});
