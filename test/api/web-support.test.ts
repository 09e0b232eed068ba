import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachment } from '../../src/api/routes/notice-files.ts';
import { parseKeys } from '../../src/http/keys.ts';
import { buildServer } from '../../src/server/server.ts';
import { multipart, testApp } from './helpers.ts';

const SEED = new Uint8Array(readFileSync('seeds/003_2a9d65f420513247.txt'));
const KEYS = parseKeys('upload:staff-secret-1,read:legal-secret-1');
const STAFF = { 'x-api-key': 'staff-secret-1' };
const READER = { 'x-api-key': 'legal-secret-1' };

async function setup() {
  const kb = await testApp();
  const server = await buildServer(kb, KEYS, { rateLimitPerMinute: 0 });
  const upload = async (name: string, bytes: Uint8Array) => {
    const body = multipart(name, bytes);
    const reply = await server.inject({
      method: 'POST',
      url: '/api/notices',
      ...body,
      headers: { ...body.headers, ...STAFF },
    });
    expect(reply.statusCode).toBe(202);
    return reply.json() as { noticeId: string; jobId: string; duplicate: boolean };
  };
  return { kb, server, upload };
}

describe('API for the web app', () => {
  it('says whether an upload was a duplicate', async () => {
    const { kb, upload } = await setup();
    const first = await upload('官渡区.txt', SEED);
    expect(first.duplicate).toBe(false);
    await kb.runner.wait(first.jobId);
    const again = await upload('copy.txt', SEED);
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('retries a failed job (upload role), 404 for an unknown job, 409 for one not failed', async () => {
    const { kb, server, upload } = await setup();
    const bad = await upload('scan.pdf', new Uint8Array(0));
    const failed = await kb.runner.wait(bad.jobId);
    expect(failed.state).toBe('failed');
    const url = `/api/jobs/${bad.jobId}/retry`;
    expect((await server.inject({ method: 'POST', url, headers: READER })).statusCode).toBe(403);
    const retried = await server.inject({ method: 'POST', url, headers: STAFF });
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ jobId: bad.jobId });
    expect((await kb.runner.wait(bad.jobId)).attempts).toBe(2);
    const missing = await server.inject({ method: 'POST', url: '/api/jobs/nope/retry', headers: STAFF });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const good = await upload('003.txt', SEED);
    await kb.runner.wait(good.jobId);
    const conflict = await server.inject({
      method: 'POST',
      url: `/api/jobs/${good.jobId}/retry`,
      headers: STAFF,
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().detail).toContain('completed');
  });

  it('serves the original bytes as an attachment with an RFC 5987 Chinese name, and the versions', async () => {
    const { kb, server, upload } = await setup();
    const { jobId } = await upload('官渡区 检查事项（2024）.txt', SEED);
    const job = await kb.runner.wait(jobId);
    const reply = await server.inject({ url: `/api/notices/${job.noticeId}/original`, headers: READER });
    expect(reply.statusCode).toBe(200);
    expect(reply.rawPayload).toEqual(Buffer.from(SEED));
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    const disposition = String(reply.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe('官渡区 检查事项（2024）.txt');
    expect(disposition).not.toContain(kb.dir);
    const missing = await server.inject({ url: '/api/notices/nope/original', headers: READER });
    expect(missing.statusCode).toBe(404);
    expect((await server.inject({ url: `/api/notices/${job.noticeId}/original` })).statusCode).toBe(401);
    const versions = await server.inject({ url: `/api/notices/${job.noticeId}/versions`, headers: READER });
    expect(versions.json()).toMatchObject({ id: job.noticeId, versions: [{ version: 1, items: 7 }] });
  });

  it('encodes names for Content-Disposition without quotes or non-ASCII in the fallback', () => {
    expect(attachment('a"b\\c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
    expect(attachment("通知(1)'.pdf")).toBe(
      `attachment; filename="__(1)'.pdf"; filename*=UTF-8''%E9%80%9A%E7%9F%A5%281%29%27.pdf`,
    );
  });

  it('lists the new routes in the OpenAPI document', async () => {
    const { server } = await setup();
    const doc = (await server.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/jobs/{jobId}/retry',
        '/api/notices/{id}/original',
        '/api/notices/{id}/versions',
      ]),
    );
    expect(doc.components.schemas.UploadAccepted.required).toContain('duplicate');
  });
});
