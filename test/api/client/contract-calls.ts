/**
 * The contract's HTTP calls (../shared/CONTRACT.md) made through a client generated from the
 * server's own /api/openapi.json: openapi-typescript writes `generated/openapi.ts` (the test does,
 * it is not committed) and openapi-fetch calls the API with those types. This file is
 * type-checked against the generated types by test/api/generated-client.test.ts, so a route,
 * parameter or response the document gets wrong fails the test before a call is made.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/openapi.ts';

type JobView = components['schemas']['JobView'];

export interface ContractRun {
  readonly uploaded: { noticeId: string; jobId: string }[];
  readonly jobs: JobView[];
  readonly noticeTitles: string[];
  readonly searchTotal: number;
  readonly searchRegions: string[];
  readonly diffPairs: number;
  readonly diffOnly: [number, number];
  readonly openapiVersion: string;
  readonly unknownRegion: { status: number; nearMatches: string[] };
  readonly missingNotice: { status: number; contentType: string | null };
}

export async function runContractCalls(
  baseUrl: string,
  keys: { upload: string; read: string },
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<ContractRun> {
  const staff = createClient<paths>({ baseUrl, headers: { 'x-api-key': keys.upload } });
  const reader = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${keys.read}` } });

  // POST /api/notices (multipart field `file`) → 202 { noticeId, jobId }
  const uploaded: { noticeId: string; jobId: string }[] = [];
  for (const file of files) {
    const form = new FormData();
    form.append('file', new Blob([file.bytes]), file.name);
    const { data, error, response } = await staff.POST('/api/notices', {
      body: { file: file.name },
      bodySerializer: () => form,
    });
    if (!data) throw new Error(`POST /api/notices ${file.name}: ${response.status} ${JSON.stringify(error)}`);
    uploaded.push({ noticeId: data.noticeId, jobId: data.jobId });
  }

  // GET /api/jobs/:jobId → { state, progress, error? }, until each job settles
  const jobs: JobView[] = [];
  for (const { jobId } of uploaded) {
    for (;;) {
      const { data, error } = await reader.GET('/api/jobs/{jobId}', { params: { path: { jobId } } });
      if (!data) throw new Error(`GET /api/jobs/${jobId}: ${JSON.stringify(error)}`);
      if (data.state === 'completed' || data.state === 'failed') {
        jobs.push(data);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // GET /api/notices/:id → the normalized notice, plus id, version and source file
  const noticeTitles: string[] = [];
  for (const { noticeId } of uploaded) {
    const { data, error } = await reader.GET('/api/notices/{id}', { params: { path: { id: noticeId } } });
    if (!data) throw new Error(`GET /api/notices/${noticeId}: ${JSON.stringify(error)}`);
    noticeTitles.push(`${data.id} ${data.version} ${data.meta.title}`);
  }

  // GET /api/search?q=…&region=…&powerType=…
  const search = await reader.GET('/api/search', {
    params: { query: { q: '医疗保障', powerType: '行政检查', facets: true, limit: 20 } },
  });
  if (!search.data) throw new Error(`GET /api/search: ${JSON.stringify(search.error)}`);
  const searchRegions = [
    ...new Set(search.data.hits.flatMap((hit) => (hit.region === null ? [] : [hit.region]))),
  ].sort();

  // GET /api/diff?a=…&b=…
  const diff = await reader.GET('/api/diff', { params: { query: { a: '官渡区', b: '北京市' } } });
  if (!diff.data) throw new Error(`GET /api/diff: ${JSON.stringify(diff.error)}`);

  // GET /api/openapi.json
  const openapi = await reader.GET('/api/openapi.json', {});
  if (!openapi.data) throw new Error('GET /api/openapi.json failed');

  // An unknown region answers 400 problem+json with the near matches
  const unknown = await reader.GET('/api/search', {
    params: { query: { q: '医疗', region: '官渡' + '县' } },
  });

  // A notice that does not exist answers 404 problem+json
  const missing = await reader.GET('/api/notices/{id}', { params: { path: { id: 'no-such-notice' } } });

  return {
    uploaded,
    jobs,
    noticeTitles,
    searchTotal: search.data.total,
    searchRegions,
    diffPairs: diff.data.pairs.length,
    diffOnly: [diff.data.onlyA.length, diff.data.onlyB.length],
    openapiVersion: String((openapi.data as { openapi?: unknown }).openapi),
    unknownRegion: { status: unknown.response.status, nearMatches: unknown.error?.nearMatches ?? [] },
    missingNotice: {
      status: missing.response.status,
      contentType: missing.response.headers.get('content-type'),
    },
  };
}

/** Calls the generated types must refuse: if they were loose (`any`), these lines would not be errors. */
export function refusedByTheTypes(baseUrl: string): void {
  const client = createClient<paths>({ baseUrl });
  // @ts-expect-error powerType is one of the ten 权力类型, not any string
  void client.GET('/api/search', { params: { query: { q: '医疗', powerType: '罚款' } } });
  // @ts-expect-error q is required
  void client.GET('/api/search', { params: { query: { region: '北京市' } } });
  // @ts-expect-error there is no such route
  void client.GET('/api/notices/{id}/comments', { params: { path: { id: 'x' } } });
}
