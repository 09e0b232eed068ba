import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import { matrixRefreshSettled } from '../../src/compare/refresh.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { createFileStore } from '../../src/store/file-store.ts';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-inline-'));
  const store = createFileStore(join(dir, 'store'));
  const index = await createEmbeddedIndex(join(dir, 'index'));
  const runner = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
  return { dir, store, index, runner };
}

const seed = (name: string) => new Uint8Array(readFileSync(`seeds/${name}`));

describe('inline ingest runner', () => {
  it('runs every declared stage for an upload: stored, indexed, comparisons refreshed', async () => {
    const { store, index, runner } = await setup();
    const { jobId, sha256 } = await submitUpload(
      { store, runner },
      seed('003_2a9d65f420513247.txt'),
      'a/b/003.txt',
    );
    expect(jobId).toBe(`ingest-${sha256}`);
    const job = await runner.wait(jobId);
    expect(job).toMatchObject({ state: 'completed', fileName: '003.txt', attempts: 1, duplicate: false });
    expect(job.progress).toEqual({ stage: null, done: [...INGEST_STAGES], total: INGEST_STAGES.length });
    const record = await store.getNotice(job.noticeId as string);
    expect(record?.notice.tables[0]?.items).toHaveLength(7);
    expect(record?.sourceFile).toBe('003.txt');
    expect(record?.status).toBe('indexed');
    const { hits } = await index.search('耗材');
    expect(hits.map((hit) => hit.noticeId)).toContain(job.noticeId);
    await matrixRefreshSettled(store);
    expect(await store.getDerived('compare.matrix')).toMatchObject({ regions: ['官渡区'] });
  });

  it('treats the same bytes again as the same job, with no new version', async () => {
    const { store, runner } = await setup();
    const bytes = seed('000_2cf1152d849efe07.txt');
    const first = await submitUpload({ store, runner }, bytes, '000.txt');
    await runner.wait(first.jobId);
    const again = await submitUpload({ store, runner }, bytes, 'renamed.txt');
    expect(again.jobId).toBe(first.jobId);
    expect((await store.listNotices()).map((r) => r.version)).toEqual([1]);
  });

  it('keeps a failed upload: original stored, reason recorded, retryable', async () => {
    const { store, runner } = await setup();
    const junk = new Uint8Array(2048).map((_, i) => (i * 131) % 256);
    const { jobId, sha256 } = await submitUpload({ store, runner }, junk, 'scan.txt');
    const failed = await runner.wait(jobId);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^scan\.txt: .*二进制/);
    expect(await store.getOriginal(sha256)).toEqual(junk);
    expect((await runner.listJobs('failed')).map((j) => j.jobId)).toEqual([jobId]);
    await runner.retry(jobId);
    const retried = await runner.wait(jobId);
    expect(retried).toMatchObject({ state: 'failed', attempts: 2 });
    expect(await runner.counts()).toEqual({ failed: 1 });
  });

  it('keeps job records across runner instances (jobs and retry work in a later process)', async () => {
    const { dir, store, index, runner } = await setup();
    const { jobId } = await submitUpload({ store, runner }, seed('002_5de5b9fc519ac159.txt'), '002.txt');
    await runner.wait(jobId);
    await runner.close();
    const later = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
    expect((await later.getJob(jobId))?.state).toBe('completed');
  });
});
