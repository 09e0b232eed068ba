/**
 * Accounting after the drain: for every upload, what the system says became of it — through
 * the API (its job, its notice, a search that must find it) and the store of record (its
 * original). An upload is `lost` when it was accepted and is neither completed and searchable
 * nor failed with a reason, or when its original is missing.
 */
import { openStore } from '../../src/store/index.ts';
import type { Outcome } from './clients.ts';
import type { Upload } from './corpus.ts';

export type Verdict = 'completed' | 'duplicate' | 'failed' | 'rejected' | 'lost';

export interface Account {
  n: number;
  kind: Upload['kind'];
  fileName: string;
  verdict: Verdict;
  /** Why: the job's error, the refusal, or what is missing for a lost one. */
  reason?: string;
  /** The verdict is not the one this upload was made for (a variant that failed, …). */
  unexpected?: boolean;
}

interface Api {
  get(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

function api(baseUrl: string, key: string): Api {
  return {
    async get(path) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
      return {
        status: response.status,
        body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
      };
    },
  };
}

/** Whether a search finds this notice version (its region's name, in its region, all versions). */
async function searchable(client: Api, notice: Record<string, unknown>): Promise<boolean> {
  const region = (notice.meta as { region?: { name?: string; code?: string } | null }).region;
  const params = new URLSearchParams({
    q: region?.name ?? '医疗保障',
    kind: 'notice',
    current: 'false',
    limit: '100',
  });
  if (region?.code) params.set('region', region.code);
  const { status, body } = await client.get(`/api/search?${params}`);
  const hits = status === 200 ? (body.hits as { noticeId: string; version: number }[]) : [];
  return hits.some((hit) => hit.noticeId === notice.id && hit.version === notice.version);
}

async function accountOne(
  client: Api,
  hasOriginal: (sha: string) => Promise<boolean>,
  upload: Upload,
  outcome: Outcome,
  first: Map<string, Outcome>,
): Promise<Account> {
  const base = { n: upload.n, kind: upload.kind, fileName: upload.fileName };
  const verdict = (v: Verdict, reason?: string): Account => {
    const wanted: Record<Upload['kind'], Verdict> = {
      variant: 'completed',
      duplicate: 'duplicate',
      bad: 'failed',
      reject: 'rejected',
    };
    const expectedReason = upload.expect && reason !== undefined ? upload.expect.test(reason) : true;
    const unexpected = v !== wanted[upload.kind] || !expectedReason;
    return { ...base, verdict: v, ...(reason ? { reason } : {}), ...(unexpected ? { unexpected } : {}) };
  };
  if (outcome.status !== 202) {
    const stored = await hasOriginal(upload.sha256);
    if (outcome.status >= 400 && outcome.status < 500 && !stored)
      return verdict('rejected', `${outcome.status} ${outcome.reason}`);
    return verdict(
      'lost',
      `no 202 (${outcome.status} ${outcome.reason ?? ''})${stored ? ', yet stored' : ''}`,
    );
  }
  if (!(await hasOriginal(upload.sha256)))
    return verdict('lost', 'accepted, but its original is not in the store');
  const job = await client.get(`/api/jobs/${outcome.jobId}`);
  if (job.status !== 200)
    return verdict(
      'lost',
      `accepted, but GET /api/jobs answers ${job.status} ${String(job.body.detail ?? '')}`,
    );
  const state = String(job.body.state);
  if (state === 'failed') {
    const error = String(job.body.error ?? '');
    return verdict(error ? 'failed' : 'lost', error || 'failed without a reason');
  }
  if (state !== 'completed') return verdict('lost', `job still ${state} after the drain`);
  const notice = await client.get(`/api/notices/${upload.sha256}`);
  if (notice.status !== 200) return verdict('lost', 'job completed, but no stored notice');
  if (!(await searchable(client, notice.body)))
    return verdict('lost', `job completed, but ${notice.body.id} v${notice.body.version} is not searchable`);
  const original = first.get(upload.sha256);
  if (upload.kind === 'duplicate' && original && original.jobId === outcome.jobId)
    return verdict('duplicate', `same job as upload #${original.n}`);
  return verdict('completed');
}

export async function accountAll(
  uploads: Upload[],
  outcomes: Outcome[],
  options: { baseUrl: string; readKey: string; dataDir: string },
): Promise<Account[]> {
  const client = api(options.baseUrl, options.readKey);
  const store = await openStore({ POLICY_KB_DATA: options.dataDir });
  const hasOriginal = async (sha: string) => (await store.getOriginalRef(sha)) !== null;
  const first = new Map<string, Outcome>();
  for (const upload of uploads)
    if (upload.kind === 'variant') first.set(upload.sha256, outcomes[upload.n] as Outcome);
  const accounts: Account[] = new Array(uploads.length);
  let next = 0;
  const checker = async () => {
    for (let i = next++; i < uploads.length; i = next++) {
      const upload = uploads[i] as Upload;
      accounts[i] = await accountOne(client, hasOriginal, upload, outcomes[i] as Outcome, first);
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, checker));
  } finally {
    await store.close();
  }
  return accounts;
}
