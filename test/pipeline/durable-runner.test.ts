import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../schemas/job.ts';
import { openApp } from '../../src/app/open.ts';
import { loadConfig } from '../../src/config.ts';
import { tempPathFor } from '../../src/fs/atomic.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { createFileStore } from '../../src/store/file-store.ts';

/** The id of a process that has exited (its pid is free, or reused by something unrelated soon). */
const deadPid = () => spawnSync('true').pid as number;
/** A process that stays alive for the test: another server or CLI sharing the data directory. */
const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill();
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-durable-'));
  const store = createFileStore(join(dir, 'store'));
  const index = await createEmbeddedIndex(join(dir, 'index'));
  return { dir, store, index, jobsDir: join(dir, 'jobs') };
}

/** The lease token a process `pid` of this machine writes (see src/fs/file-lock.ts). */
const leaseOf = (pid: number) => `${hostname()} ${pid} ${randomUUID()}`;

/**
 * A job view as a process killed mid-stage leaves it on disk, with its lease: in `open/`, or at
 * the top of the jobs directory as versions before `open/` did (`layout: 'flat'`).
 */
function leftBehind(
  jobsDir: string,
  sha256: string,
  fileName: string,
  owner: string,
  layout: 'open' | 'flat' = 'open',
): string {
  const jobId = `ingest-${sha256}`;
  const view: JobView = {
    jobId,
    sha256,
    fileName,
    state: 'active',
    attempts: 1,
    progress: { stage: 'extract', done: ['read'], total: 5 },
    createdAt: new Date().toISOString(),
  };
  const dir = layout === 'open' ? join(jobsDir, 'open') : jobsDir;
  mkdirSync(dir, { recursive: true });
  if (layout === 'open') writeFileSync(join(dir, '.moved'), '');
  writeFileSync(join(dir, `${jobId}.json`), JSON.stringify(view));
  writeFileSync(join(dir, `${jobId}.owner`), owner);
  return jobId;
}

const seed = (name: string) => new Uint8Array(readFileSync(`seeds/${name}`));

describe('inline runner after a crash', () => {
  it('takes over a job whose process died mid-stage and runs it to the end', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('003_2a9d65f420513247.txt'), '003.txt');
    const dead = leaseOf(deadPid());
    const jobId = leftBehind(jobsDir, original.sha256, '003.txt', dead);

    // A command that only reads leaves it alone …
    const reader = await createInlineRunner({ store, index, jobsDir });
    expect(await reader.getJob(jobId)).toMatchObject({ state: 'active', attempts: 1 });
    expect(readFileSync(join(jobsDir, 'open', `${jobId}.owner`), 'utf8')).toBe(dead);

    // … the next ingesting process resumes it.
    const runner = await createInlineRunner({ store, index, jobsDir, resume: true });
    const job = await runner.wait(jobId);
    expect(job).toMatchObject({ state: 'completed', attempts: 2 });
    expect((await store.getNotice(job.noticeId as string))?.status).toBe('indexed');
    expect(existsSync(join(jobsDir, 'open', `${jobId}.owner`))).toBe(false);
    expect(await store.listNotices()).toHaveLength(1);
  });

  it('leaves a job another live process is running', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('000_2cf1152d849efe07.txt'), '000.txt');
    const live = leaseOf(sleeper.pid as number);
    const jobId = leftBehind(jobsDir, original.sha256, '000.txt', live);
    const runner = await createInlineRunner({ store, index, jobsDir, resume: true });
    expect(await runner.getJob(jobId)).toMatchObject({ state: 'active', attempts: 1 });
    await expect(runner.retry(jobId)).rejects.toThrow(/is active, not failed/);
    // Sending the same bytes again leaves it with its owner too.
    expect(await runner.submit({ sha256: original.sha256, fileName: '000.txt' })).toEqual({
      jobId,
      duplicate: true,
    });
    expect(readFileSync(join(jobsDir, 'open', `${jobId}.owner`), 'utf8')).toBe(live);
  });

  it('lets an upload of the same bytes, or a retry, take over an orphaned job', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('001_0b30fb75eabd2adf.txt'), '001.txt');
    const jobId = leftBehind(jobsDir, original.sha256, original.fileName, leaseOf(deadPid()));
    const runner = await createInlineRunner({ store, index, jobsDir });
    expect(await runner.submit({ sha256: original.sha256, fileName: original.fileName })).toEqual({
      jobId,
      duplicate: true,
    });
    expect((await runner.wait(jobId)).state).toBe('completed');

    const second = await store.putOriginal(seed('004_1af03ef051e33fde.txt'), '004.txt');
    const orphan = leftBehind(jobsDir, second.sha256, second.fileName, leaseOf(deadPid()));
    await runner.retry(orphan);
    expect((await runner.wait(orphan)).state).toBe('completed');
  });

  it("removes temp files dead processes left in the store and the jobs directory, not a live process's", async () => {
    const { dir } = await setup();
    const jobsDir = join(dir, 'jobs');
    const storeDir = join(dir, 'store', 'originals');
    mkdirSync(jobsDir, { recursive: true });
    mkdirSync(storeDir, { recursive: true });
    const stale = [
      tempPathFor(join(jobsDir, 'ingest-x.json'), deadPid()),
      tempPathFor(join(storeDir, 'ab12'), deadPid()),
    ];
    const live = [
      tempPathFor(join(storeDir, 'cd34'), sleeper.pid as number),
      tempPathFor(join(jobsDir, 'ingest-y.json'), sleeper.pid as number),
    ];
    for (const path of [...stale, ...live]) writeFileSync(path, 'half-written');
    // A command that only reads leaves them; a process that ingests removes the dead ones.
    const reader = await openApp(loadConfig({ POLICY_KB_DATA: dir }));
    await reader.close();
    expect(stale.filter(existsSync)).toHaveLength(2);
    const app = await openApp(loadConfig({ POLICY_KB_DATA: dir }), { resumeJobs: true });
    await app.close();
    expect(stale.filter(existsSync)).toEqual([]);
    expect(live.filter(existsSync)).toEqual(live);
  });

  it('lets one process only take over a job, and removes leases dead processes left on finished jobs', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('002_5de5b9fc519ac159.txt'), '002.txt');
    const jobId = leftBehind(jobsDir, original.sha256, '002.txt', leaseOf(deadPid()));
    // Two ingesting runners start at once: one of them runs the job, once (one read of it).
    let reads = 0;
    const counting = {
      ...store,
      getOriginal: (sha256: string) => {
        reads++;
        return store.getOriginal(sha256);
      },
    };
    const runners = await Promise.all([
      createInlineRunner({ store: counting, index, jobsDir, resume: true }),
      createInlineRunner({ store: counting, index, jobsDir, resume: true }),
    ]);
    await Promise.all(runners.map((r) => r.close()));
    expect(await runners[0]?.getJob(jobId)).toMatchObject({ state: 'completed', attempts: 2 });
    expect(reads).toBe(1);
    expect(await store.listNotices()).toHaveLength(1);
    // A finished job's lease left by a killed process (killed after the last save), and one
    // with no job at all (killed between leasing and saving): both gone after a restart.
    const leftovers = [
      join(jobsDir, 'open', `${jobId}.owner`),
      join(jobsDir, 'open', `ingest-${'0'.repeat(64)}.owner`),
    ];
    for (const path of leftovers) writeFileSync(path, leaseOf(deadPid()));
    await createInlineRunner({ store, index, jobsDir, resume: true });
    expect(leftovers.filter(existsSync)).toEqual([]);
  });

  it('takes over the unfinished jobs of a jobs directory written before open/ existed, reading only open/ after', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('001_0b30fb75eabd2adf.txt'), '001.txt');
    const jobId = leftBehind(jobsDir, original.sha256, '001.txt', leaseOf(deadPid()), 'flat');
    const runner = await createInlineRunner({ store, index, jobsDir, resume: true });
    expect(await runner.wait(jobId)).toMatchObject({ state: 'completed', attempts: 2 });
    await runner.close();
    expect(existsSync(join(jobsDir, `${jobId}.owner`))).toBe(false);
    expect(existsSync(join(jobsDir, 'open', `${jobId}.json`))).toBe(false);
    // A finished view at the top is history: after the move, a restart does not look at it.
    const finished = readFileSync(join(jobsDir, `${jobId}.json`), 'utf8');
    writeFileSync(join(jobsDir, `${jobId}.json`), finished.replace('"completed"', '"active"'));
    const again = await createInlineRunner({ store, index, jobsDir, resume: true });
    await again.close();
    expect(await again.getJob(jobId)).toMatchObject({ state: 'active', attempts: 2 });
  });
});
