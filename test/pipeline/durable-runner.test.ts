import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../schemas/job.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { createEmbeddedIndex } from '../../src/search/embedded.ts';
import { createFileStore } from '../../src/store/files.ts';
import { openStore } from '../../src/store/index.ts';

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

/** A job view as a process killed mid-stage leaves it on disk, with its lease. */
function leftBehind(jobsDir: string, sha256: string, fileName: string, owner: number): string {
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
  mkdirSync(jobsDir, { recursive: true });
  writeFileSync(join(jobsDir, `${jobId}.json`), JSON.stringify(view));
  writeFileSync(join(jobsDir, `${jobId}.owner`), String(owner));
  return jobId;
}

const seed = (name: string) => new Uint8Array(readFileSync(`seeds/${name}`));

describe('inline runner after a crash', () => {
  it('takes over a job whose process died mid-stage and runs it to the end', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('003_2a9d65f420513247.txt'), '003.txt');
    const jobId = leftBehind(jobsDir, original.sha256, '003.txt', deadPid());

    // A command that only reads leaves it alone …
    const reader = await createInlineRunner({ store, index, jobsDir });
    expect((await reader.getJob(jobId))?.state).toBe('active');

    // … the next ingesting process resumes it.
    const runner = await createInlineRunner({ store, index, jobsDir, resume: true });
    const job = await runner.wait(jobId);
    expect(job).toMatchObject({ state: 'completed', attempts: 2 });
    expect((await store.getNotice(job.noticeId as string))?.status).toBe('indexed');
    expect(existsSync(join(jobsDir, `${jobId}.owner`))).toBe(false);
    expect(await store.listNotices()).toHaveLength(1);
  });

  it('leaves a job another live process is running', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('000_2cf1152d849efe07.txt'), '000.txt');
    const jobId = leftBehind(jobsDir, original.sha256, '000.txt', sleeper.pid as number);
    const runner = await createInlineRunner({ store, index, jobsDir, resume: true });
    expect((await runner.getJob(jobId))?.state).toBe('active');
    await expect(runner.retry(jobId)).rejects.toThrow(/is active, not failed/);
  });

  it('lets an upload of the same bytes, or a retry, take over an orphaned job', async () => {
    const { store, index, jobsDir } = await setup();
    const original = await store.putOriginal(seed('001_0b30fb75eabd2adf.txt'), '001.txt');
    const jobId = leftBehind(jobsDir, original.sha256, original.fileName, deadPid());
    const runner = await createInlineRunner({ store, index, jobsDir });
    expect(await runner.submit({ sha256: original.sha256, fileName: original.fileName })).toEqual({
      jobId,
      duplicate: true,
    });
    expect((await runner.wait(jobId)).state).toBe('completed');

    const second = await store.putOriginal(seed('004_1af03ef051e33fde.txt'), '004.txt');
    const orphan = leftBehind(jobsDir, second.sha256, second.fileName, deadPid());
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
      join(jobsDir, `ingest-x.json.${deadPid()}.${randomUUID()}.tmp`),
      join(storeDir, `ab12.${deadPid()}.${randomUUID()}.tmp`),
    ];
    const live = join(storeDir, `cd34.${sleeper.pid}.${randomUUID()}.tmp`);
    for (const path of [...stale, live]) writeFileSync(path, 'half-written');
    const store = await openStore({ POLICY_KB_DATA: dir });
    await createInlineRunner({ store, index: await createEmbeddedIndex(join(dir, 'index')), jobsDir });
    expect(stale.filter(existsSync)).toEqual([]);
    expect(existsSync(live)).toBe(true);
  });
});
