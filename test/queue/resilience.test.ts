import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { queueNames, stageJobId } from '../../src/queue/flow.ts';
import { startWorkers } from '../../src/queue/workers.ts';
import { connectRedis, dropConnections, eventually, filesIn, REDIS_URL, removeTempDirs } from './helpers.ts';
import { startPipeline, type TestPipeline } from './pipeline.ts';

const SEEDS = filesIn('seeds', '.txt');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let redis: Redis;
beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(() => {
  redis?.disconnect();
  removeTempDirs();
});

describe('BullMQ workers survive failures', () => {
  let pipeline: TestPipeline | undefined;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await pipeline?.close();
  });

  it('a job whose worker process is killed (kill -9) mid-stage runs again on another worker, once', async () => {
    pipeline = await startPipeline(redis, { workers: 0, env: { POLICY_KB_STAGE_DELAY_MS: '800' } });
    const { runner, store, prefix } = pipeline;
    const first = spawnWorker(prefix, pipeline.config);
    children.push(first.child);
    await first.ready;
    const files = SEEDS.slice(0, 2);
    const jobIds = await Promise.all(
      files.map(async (f) => (await submitUpload(pipeline as TestPipeline, f.bytes, f.name)).jobId),
    );
    // Killed while the sandboxed (heavy) extract stage runs.
    await eventually(
      () => runner.getJob(jobIds[0] as string),
      (view) => view?.state === 'active' && view.progress.stage === 'extract',
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const second = spawnWorker(prefix, pipeline.config);
    children.push(second.child);
    const views = await Promise.all(jobIds.map((jobId) => runner.wait(jobId, { timeoutMs: 90_000 })));
    expect(views.map((v) => [v.state, v.duplicate])).toEqual([
      ['completed', false],
      ['completed', false],
    ]);
    const notices = await store.listNotices();
    expect(notices.map((n) => n.sha256).sort()).toEqual(files.map((f) => sha(f.bytes)).sort());
    for (const file of files) expect(await store.getOriginal(sha(file.bytes))).toEqual(file.bytes);
    // The interrupted stage job was started twice: once by the killed worker, once after the stall check.
    const heavy = new Queue(queueNames(prefix).heavy, { connection: redis });
    const extract = await heavy.getJob(
      stageJobId('extract', sha((files[0] as (typeof files)[number]).bytes)),
    );
    expect(extract?.attemptsStarted).toBe(2);
    await heavy.close();

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 240_000);

  it('SIGTERM lets the running step finish, then the worker exits 0; the next worker goes on', async () => {
    const slow = await startPipeline(redis, { workers: 0, env: { POLICY_KB_STAGE_DELAY_MS: '1500' } });
    try {
      const worker = spawnWorker(slow.prefix, slow.config);
      children.push(worker.child);
      await worker.ready;
      const seed = SEEDS[2] as (typeof SEEDS)[number];
      const { jobId } = await submitUpload(slow, seed.bytes, seed.name);
      await eventually(
        () => slow.runner.getJob(jobId),
        (view) => view?.state === 'active',
      );
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(worker.stderr()).toMatch(/收到 SIGTERM，处理完正在运行的任务后退出/);
      const stopped = await slow.runner.getJob(jobId);
      expect(stopped?.progress.done).toEqual(['read', 'extract']);
      expect(stopped?.state).toBe('waiting');

      const next = await startWorkers({
        redisUrl: REDIS_URL,
        prefix: slow.prefix,
        storeConfig: slow.config,
        log: () => {},
      });
      try {
        expect(await slow.runner.wait(jobId, { timeoutMs: 90_000 })).toMatchObject({
          state: 'completed',
          attempts: 1,
        });
        const heavy = new Queue(queueNames(slow.prefix).heavy, { connection: redis });
        expect((await heavy.getJob(stageJobId('read', sha(seed.bytes))))?.attemptsStarted).toBe(1);
        await heavy.close();
      } finally {
        await next.close();
      }
    } finally {
      await slow.close();
    }
  }, 240_000);

  it('workers and the runner reconnect after their Redis connections are dropped, and the batch completes', async () => {
    const dropped = await startPipeline(redis, { env: { POLICY_KB_STAGE_DELAY_MS: '300' } });
    try {
      const drops: Promise<number>[] = [];
      let lastDrop = 0;
      const drop = () => {
        lastDrop = Date.now();
        drops.push(dropConnections(redis, dropped.prefix));
      };
      const timers = [700, 1_800].map((ms) => setTimeout(drop, ms));
      const submitted = await Promise.all(SEEDS.map((f) => submitUpload(dropped, f.bytes, f.name)));
      const views = await Promise.all(
        submitted.map(({ jobId }) => dropped.runner.wait(jobId, { timeoutMs: 90_000 })),
      );
      timers.forEach(clearTimeout);
      expect(views.map((v) => v.state)).toEqual(Array(5).fill('completed'));
      // The connections were dropped while the batch was still running.
      expect(Math.max(...views.map((v) => Date.parse(v.finishedAt ?? '')))).toBeGreaterThan(lastDrop);
      const killed = await Promise.all(drops);
      expect(killed).toHaveLength(2);
      expect(killed.every((n) => n >= 3)).toBe(true);
      expect(await dropped.store.listNotices()).toHaveLength(5);
      expect(await dropped.runner.counts()).toEqual({ completed: 5 });
    } finally {
      await dropped.close();
    }
  }, 240_000);
});

/** Starts `test/queue/worker-process.ts` in its own process (short lock and stall timings). */
function spawnWorker(prefix: string, config: Config) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/queue/worker-process.ts', prefix, '2000', '1000'],
    {
      env: {
        PATH: process.env.PATH,
        REDIS_URL,
        POLICY_KB_DATA: config.POLICY_KB_DATA,
        POLICY_KB_STAGE_DELAY_MS: String(config.POLICY_KB_STAGE_DELAY_MS),
      },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('policy-kb worker：已就绪')) resolve();
    });
    child.once('exit', () => reject(new Error(`worker exited before it was ready: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  ready.catch(() => {});
  return { child, ready, exited, stderr: () => stderr };
}
