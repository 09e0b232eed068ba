import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { type OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeys } from '../../src/http/keys.ts';
import { expandPaths } from '../../src/pipeline/submit.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from './helpers.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const CLIENT = join(HERE, 'client');
const UPLOAD_KEY = 'staff-secret-client';
const READ_KEY = 'legal-secret-client';

/** client/contract-calls.ts's entry, as this test uses it. */
type RunContractCalls = (
  baseUrl: string,
  keys: { upload: string; read: string },
  files: { name: string; bytes: Uint8Array }[],
) => Promise<{
  uploaded: { noticeId: string; jobId: string }[];
  jobs: { state: string }[];
  noticeTitles: string[];
  searchTotal: number;
  searchRegions: string[];
  diffPairs: number;
  diffOnly: [number, number];
  openapiVersion: string;
  unknownRegion: { status: number; nearMatches: string[] };
  missingNotice: { status: number; contentType: string | null };
}>;

let app: Awaited<ReturnType<typeof testApp>>;
let server: Awaited<ReturnType<typeof buildServer>>;
let baseUrl = '';

beforeAll(async () => {
  app = await testApp({ POLICY_KB_RATE_LIMIT: '0' });
  server = await buildServer(app, parseKeys(`upload/客户端:${UPLOAD_KEY},read:${READ_KEY}`), {
    rateLimitPerMinute: 0,
  });
  baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close();
  await app?.close();
});

describe('a TypeScript client generated from /api/openapi.json (openapi-typescript + openapi-fetch)', () => {
  it('type-checks the contract calls against the generated types, and refuses wrong ones', async () => {
    const response = await fetch(`${baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    const source = await openapiTS((await response.json()) as OpenAPI3, {});
    mkdirSync(join(CLIENT, 'generated'), { recursive: true });
    writeFileSync(join(CLIENT, 'generated', 'openapi.ts'), source);
    expect(source).toContain('"/api/search"');
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const result = await promisify(execFile)(tsc, ['-p', join(CLIENT, 'tsconfig.json')], { cwd: ROOT }).then(
      () => ({ code: 0, output: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('makes the contract calls through the generated client: upload, job, notice, search, diff, openapi, errors', async () => {
    // a computed specifier: the root typecheck must not follow it into the generated types, which
    // exist only once the test above has written them (client/tsconfig.json checks that file)
    const { runContractCalls } = (await import(
      new URL('./client/contract-calls.ts', import.meta.url).href
    )) as {
      runContractCalls: RunContractCalls;
    };
    const files = (await expandPaths([join(ROOT, 'seeds')])).map((path) => ({
      name: basename(path),
      bytes: readFileSync(path),
    }));
    expect(files.length).toBe(5);
    const run = await runContractCalls(baseUrl, { upload: UPLOAD_KEY, read: READ_KEY }, files);
    expect(run.uploaded).toHaveLength(5);
    expect(run.jobs.map((job) => job.state)).toEqual(Array(5).fill('completed'));
    expect(run.noticeTitles).toHaveLength(5);
    expect(run.searchTotal).toBeGreaterThan(0);
    expect(run.searchRegions.length).toBeGreaterThan(1);
    expect(run.diffPairs).toBeGreaterThan(0);
    expect(run.diffOnly[0] + run.diffOnly[1]).toBeGreaterThan(0);
    expect(run.openapiVersion).toMatch(/^3\.1/);
    expect(run.unknownRegion.status).toBe(400);
    expect(run.unknownRegion.nearMatches).toContain('官渡区');
    expect(run.missingNotice.status).toBe(404);
    expect(run.missingNotice.contentType).toMatch(/^application\/problem\+json/);
  });
});
