import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { recoverUploads } from '../../src/pipeline/recover.ts';
import { jobIdFor } from '../../src/pipeline/runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { openSearchIndex } from '../../src/search/index.ts';
import { createFileStore } from '../../src/store/file-store.ts';
import type { NoticeStore } from '../../src/store/types.ts';

/** An inline pipeline over a fresh directory whose index fails while `faultFile` exists. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-recover-'));
  const faultFile = join(dir, 'index-down');
  const store = createFileStore(join(dir, 'store'));
  const index = await openSearchIndex({ POLICY_KB_DATA: dir, POLICY_KB_INDEX_FAULT_FILE: faultFile });
  const runner = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
  return { dir, faultFile, store, index, runner };
}

/**
 * The store, instrumented: `reads` counts originals read (the read stage), and while `broken`
 * its originals report a negative size, so the notice extracted from a readable file fails its
 * own schema in normalize — a bug on our side, not the file's or the system's.
 */
function instrumented(store: NoticeStore) {
  const state = { reads: 0, broken: false };
  const wrapped: NoticeStore = {
    ...store,
    getOriginal: async (sha256: string) => {
      state.reads++;
      return store.getOriginal(sha256);
    },
    getOriginalRef: async (sha256: string) => {
      const ref = await store.getOriginalRef(sha256);
      return ref && state.broken ? { ...ref, bytes: -1 } : ref;
    },
  };
  return { store: wrapped, state };
}

const seed = (name: string) => new Uint8Array(readFileSync(`seeds/${name}`));

/** An upload submitted to a runner whose store fails the normalize step as a bug in our code would. */
async function uploadFailedByABug() {
  const { dir, index, store } = await setup();
  const { store: buggy, state } = instrumented(store);
  state.broken = true;
  const runner = await createInlineRunner({ store: buggy, index, jobsDir: join(dir, 'jobs') });
  const upload = await submitUpload({ store: buggy, runner }, seed('003_2a9d65f420513247.txt'), '003.txt');
  return { dir, buggy, state, runner, upload };
}

describe('recoverUploads (policy-kb recover)', () => {
  it('queues again a stored upload whose job was lost, and it completes', async () => {
    const { dir, store, index, runner } = await setup();
    const done = await submitUpload({ store, runner }, seed('000_2cf1152d849efe07.txt'), '000.txt');
    await runner.wait(done.jobId);
    // Stored, then the job record was lost before it ran (a crash, a wiped queue).
    const lost = await store.putOriginal(seed('003_2a9d65f420513247.txt'), '003.txt');
    expect(await runner.getJob(jobIdFor(lost.sha256))).toBeNull();

    const dry = await recoverUploads({ store, runner }, { dryRun: true });
    expect(dry.counts).toMatchObject({ resubmitted: 1, done: 1, retried: 0, failed: 0 });
    expect(await runner.getJob(jobIdFor(lost.sha256))).toBeNull();

    const result = await recoverUploads({ store, runner });
    expect(result.originals).toBe(2);
    expect(result.entries).toEqual([
      { sha256: lost.sha256, fileName: '003.txt', jobId: jobIdFor(lost.sha256), action: 'resubmitted' },
    ]);
    expect(await runner.wait(jobIdFor(lost.sha256))).toMatchObject({ state: 'completed', duplicate: false });
    const record = await store.findBySha(lost.sha256);
    expect(record?.status).toBe('indexed');
    expect((await index.search('耗材')).hits.map((hit) => hit.noticeId)).toContain(record?.id);
    // Nothing left to do: a second sweep changes nothing.
    expect((await recoverUploads({ store, runner })).counts).toMatchObject({ done: 2, resubmitted: 0 });
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries jobs that failed after their notice was stored (an index outage); bad files keep their reason', async () => {
    const { dir, faultFile, store, index, runner } = await setup();
    writeFileSync(faultFile, 'down');
    const good = await submitUpload({ store, runner }, seed('002_5de5b9fc519ac159.txt'), '002.txt');
    const junk = await submitUpload({ store, runner }, new Uint8Array(512).fill(0), 'junk.bin');
    const outage = await runner.wait(good.jobId);
    expect(outage.state).toBe('failed');
    expect(outage.error).toMatch(
      /^002\.txt: not indexed after 3 attempts \(index unavailable \(fault injection: .*index-down exists\)\)/,
    );
    expect(outage.failure).toBe('infrastructure');
    expect(await runner.wait(junk.jobId)).toMatchObject({
      failure: 'input',
      error: expect.stringMatching(/^junk\.bin: /),
    });
    expect((await store.findBySha(good.sha256))?.status).toBe('stored');
    rmSync(faultFile);

    const result = await recoverUploads({ store, runner });
    expect(result.counts).toMatchObject({ retried: 1, failed: 1, resubmitted: 0 });
    expect(result.entries.map((e) => [e.fileName, e.action])).toEqual([
      ['002.txt', 'retried'],
      ['junk.bin', 'failed'],
    ]);
    expect(await runner.wait(good.jobId)).toMatchObject({ state: 'completed' });
    expect((await store.findBySha(good.sha256))?.status).toBe('indexed');
    expect((await index.search('裁量')).total).toBeGreaterThan(0);
    expect((await runner.getJob(junk.jobId))?.state).toBe('failed');
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a job the system failed before anything was stored (the store unreadable mid-read)', async () => {
    const { dir, store, index } = await setup();
    let storeDown = true;
    const flaky = {
      ...store,
      getOriginal: async (sha256: string) => {
        if (storeDown) throw new Error('EIO: i/o error, read');
        return store.getOriginal(sha256);
      },
    };
    const runner = await createInlineRunner({ store: flaky, index, jobsDir: join(dir, 'jobs') });
    const upload = await submitUpload({ store: flaky, runner }, seed('003_2a9d65f420513247.txt'), '003.txt');
    expect(await runner.wait(upload.jobId)).toMatchObject({ state: 'failed', failure: 'infrastructure' });
    expect(await store.findBySha(upload.sha256)).toBeNull();
    storeDown = false;

    const result = await recoverUploads({ store: flaky, runner });
    expect(result.entries.map((e) => [e.fileName, e.action])).toEqual([['003.txt', 'retried']]);
    expect(await runner.wait(upload.jobId)).toMatchObject({ state: 'completed', attempts: 2 });
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves a job our own code failed on for a person (internal), retries the system's, and retry runs it again", async () => {
    const { dir, buggy, state, runner, upload } = await uploadFailedByABug();
    const failed = await runner.wait(upload.jobId);
    expect(failed).toMatchObject({ state: 'failed', failure: 'internal' });
    expect(failed.error).toMatch(/^003\.txt: 程序在“规范化”步骤出错/);

    const result = await recoverUploads({ store: buggy, runner });
    expect(result.entries.map((e) => [e.fileName, e.action])).toEqual([['003.txt', 'failed']]);
    expect((await runner.getJob(upload.jobId))?.attempts).toBe(1);

    state.broken = false; // the fix is deployed: a person retries it
    await runner.retry(upload.jobId);
    expect(await runner.wait(upload.jobId)).toMatchObject({ state: 'completed', attempts: 2 });
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a job the system failed after its last finished stage: the file is not read or parsed again', async () => {
    const setUp = await setup();
    const { dir, faultFile, index } = setUp;
    const { store: counting, state } = instrumented(setUp.store);
    const runner = await createInlineRunner({ store: counting, index, jobsDir: join(dir, 'jobs') });
    writeFileSync(faultFile, 'down');
    const upload = await submitUpload(
      { store: counting, runner },
      seed('002_5de5b9fc519ac159.txt'),
      '002.txt',
    );
    expect(await runner.wait(upload.jobId)).toMatchObject({ state: 'failed', failure: 'infrastructure' });
    expect(state.reads).toBe(1);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'jobs', `${upload.jobId}.checkpoint`), 'utf8'));
    expect(checkpoint.done).toEqual(['read', 'extract', 'normalize', 'store']);
    rmSync(faultFile);

    expect((await recoverUploads({ store: counting, runner })).counts).toMatchObject({ retried: 1 });
    const done = await runner.wait(upload.jobId);
    expect(done).toMatchObject({ state: 'completed', attempts: 2 });
    expect(done.progress.done).toEqual(['read', 'extract', 'normalize', 'store', 'index', 'compare-refresh']);
    expect(state.reads).toBe(1); // resumed at index: the original was not read again
    expect(existsSync(join(dir, 'jobs', `${upload.jobId}.checkpoint`))).toBe(false);
    expect((await index.search('裁量')).total).toBeGreaterThan(0);
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no checkpoint of a job a bug failed: its retry starts over', async () => {
    const { dir, buggy, state, runner, upload } = await uploadFailedByABug();
    expect(await runner.wait(upload.jobId)).toMatchObject({ state: 'failed', failure: 'internal' });
    expect(existsSync(join(dir, 'jobs', `${upload.jobId}.checkpoint`))).toBe(false);
    state.broken = false;
    await runner.retry(upload.jobId);
    expect(await runner.wait(upload.jobId)).toMatchObject({ state: 'completed' });
    expect(state.reads).toBe(2); // read and extracted again, not resumed from the bad notice
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
