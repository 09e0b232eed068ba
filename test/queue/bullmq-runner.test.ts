import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { jobIdFor } from '../../src/pipeline/runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { createBullmqRunner } from '../../src/queue/bullmq-runner.ts';
import { ingestSteps, queueNames, stageJobId } from '../../src/queue/flow.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import {
  connectRedis,
  filesIn,
  ingestAll,
  noticeDigest,
  REDIS_URL,
  removeTempDirs,
  tempStore,
} from './helpers.ts';
import { startPipeline, type TestPipeline } from './pipeline.ts';

const SEEDS = filesIn('seeds', '.txt');
const RENDITIONS = 'test/fixtures/renditions';

let redis: Redis;
beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(() => {
  redis?.disconnect();
  removeTempDirs();
});

describe('BullMQ runner: same notices as the inline runner', () => {
  it.each([
    ['seeds/*.txt', SEEDS],
    ['renditions/*.pdf', filesIn(RENDITIONS, '.pdf')],
    ['renditions/*.docx', filesIn(RENDITIONS, '.docx')],
  ])('%s through two workers', async (_label, files) => {
    expect(files).toHaveLength(5);
    const inline = await tempStore();
    const inlineRunner = await createInlineRunner({
      store: inline.store,
      index: await createEmbeddedIndex(join(inline.config.POLICY_KB_DATA, 'index')),
      jobsDir: join(inline.config.POLICY_KB_DATA, 'jobs'),
    });
    const inlineViews = await ingestAll({ store: inline.store, runner: inlineRunner }, files);
    const pipeline = await startPipeline(redis);
    try {
      const views = await ingestAll(pipeline, files);
      expect(views.map((v) => v.state)).toEqual(Array(5).fill('completed'));
      const digest = await noticeDigest(pipeline.store);
      expect(digest).toHaveLength(5);
      expect(digest).toEqual(await noticeDigest(inline.store));
      const strip = ({ jobId, noticeId, version, duplicate, progress }: (typeof views)[number]) => ({
        jobId,
        noticeId,
        version,
        duplicate,
        progress,
      });
      expect(views.map(strip)).toEqual(inlineViews.map(strip));
    } finally {
      await pipeline.close();
      await inlineRunner.close();
    }
  });
});

describe('BullMQ runner: waiting', () => {
  it('is woken by the queue when the upload finishes, not by looking again', async () => {
    // pauses of an hour between looks: only the queue's event can end the wait
    const pipeline = await startPipeline(redis, {
      workers: 1,
      runner: { pollMs: 3_600_000, firstPollMs: 3_600_000 },
    });
    try {
      const seed = SEEDS[0] as (typeof SEEDS)[number];
      const { jobId } = await submitUpload(pipeline, seed.bytes, seed.name);
      const view = await pipeline.runner.wait(jobId);
      expect(view).toMatchObject({ jobId, state: 'completed' });
      expect(view.noticeId).toBeTruthy();
    } finally {
      await pipeline.close();
    }
  });
});

describe('BullMQ runner: duplicates', () => {
  let pipeline: TestPipeline;
  beforeAll(async () => {
    pipeline = await startPipeline(redis);
  });
  afterAll(() => pipeline?.close());

  it('100 concurrent submits of the five seeds (two runners) make exactly five notices', async () => {
    const { store, runner } = pipeline;
    const refs = await Promise.all(SEEDS.map((seed) => store.putOriginal(seed.bytes, seed.name)));
    const submits = Array.from({ length: 100 }, (_, i) => refs[i % refs.length] as (typeof refs)[number]);
    // Two runners (two connections, as two API processes would be): only BullMQ dedupes across them.
    const other = await createBullmqRunner({ redisUrl: REDIS_URL, prefix: pipeline.prefix });
    const results = await Promise.all(submits.map((ref, i) => (i % 2 ? other : runner).submit(ref)));
    await other.close();
    expect(results).toHaveLength(100);
    expect(
      results.every(({ jobId }, i) => jobId === jobIdFor((submits[i] as { sha256: string }).sha256)),
    ).toBe(true);
    const jobIds = [...new Set(results.map((r) => r.jobId))];
    expect(jobIds).toHaveLength(5);
    const views = await Promise.all(jobIds.map((jobId) => runner.wait(jobId, { timeoutMs: 90_000 })));
    expect(views.map((v) => [v.state, v.attempts, v.duplicate])).toEqual(
      Array(5).fill(['completed', 1, false]),
    );
    const notices = await store.listNotices();
    expect(notices).toHaveLength(5);
    expect(new Set(notices.map((n) => n.sha256))).toEqual(new Set(refs.map((r) => r.sha256)));
    expect(await runner.counts()).toEqual({ completed: 5 });
    expect(await runner.listJobs('completed')).toHaveLength(5);
    const stageCounts = await runner.stageCounts();
    const names = queueNames(pipeline.prefix);
    expect(stageCounts[names.heavy]).toMatchObject({
      completed: 5 * ingestSteps().filter((s) => s.heavy).length,
      failed: 0,
      active: 0,
      waiting: 0,
    });
    // Light stage jobs are removed as they complete; only the roots stay in the completed set.
    expect(stageCounts[names.light]).toMatchObject({
      completed: 5,
      failed: 0,
      active: 0,
      waiting: 0,
    });
  });

  it('a duplicate submit after the stage jobs were evicted is a no-op (no stage runs again)', async () => {
    const { store, runner } = pipeline;
    const seed = SEEDS[0] as (typeof SEEDS)[number];
    const sha256 = createHash('sha256').update(seed.bytes).digest('hex');
    const { heavy, light } = { heavy: await queueOf('heavy'), light: await queueOf('light') };
    // Evict the completed step job the way removeOnComplete does; only the root remains.
    await (await heavy.getJob(stageJobId('read', sha256)))?.remove();
    const rootBefore = await light.getJob(jobIdFor(sha256));
    const { jobId } = await submitUpload(pipeline, seed.bytes, 'renamed-copy.txt');
    expect(jobId).toBe(jobIdFor(sha256));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await heavy.getJob(stageJobId('read', sha256))).toBeUndefined();
    expect((await light.getJob(jobIdFor(sha256)))?.finishedOn).toBe(rootBefore?.finishedOn);
    const view = await runner.getJob(jobId);
    expect(view).toMatchObject({
      state: 'completed',
      fileName: seed.name,
      progress: { stage: null, total: INGEST_STAGES.length },
    });
    expect(view?.progress.done).toEqual([...INGEST_STAGES]);
    expect(await store.listNotices()).toHaveLength(5);
    await heavy.close();
    await light.close();
  });

  it('given its store, a runner runs a completed upload again when the store lacks its notice', async () => {
    const seed = SEEDS[1] as (typeof SEEDS)[number];
    const sha256 = createHash('sha256').update(seed.bytes).digest('hex');
    // A store out of step with the queue (wiped, restored, another data directory).
    const forgetful = { ...pipeline.store, findBySha: async () => null };
    const runner = await createBullmqRunner({
      redisUrl: REDIS_URL,
      prefix: pipeline.prefix,
      store: forgetful,
    });
    try {
      const before = await runner.getJob(jobIdFor(sha256));
      expect(before?.state).toBe('completed');
      const { jobId } = await runner.submit({ sha256, fileName: seed.name });
      const after = await runner.wait(jobId, { timeoutMs: 90_000 });
      // It ran again (a new root); the workers' store already had the notice, so no new version.
      expect(after).toMatchObject({
        state: 'completed',
        duplicate: true,
        noticeId: before?.noticeId,
        version: 1,
      });
      expect(Date.parse(after.createdAt)).toBeGreaterThan(Date.parse(before?.createdAt ?? ''));
      expect(await pipeline.store.listNotices()).toHaveLength(5);
    } finally {
      await runner.close();
    }
  });

  async function queueOf(kind: 'heavy' | 'light') {
    const { Queue } = await import('bullmq');
    return new Queue(queueNames(pipeline.prefix)[kind], { connection: redis });
  }
});

describe("BullMQ workers given the process's adapters (policy-kb start with REDIS_URL)", () => {
  it('index into the store and index handed to them, and leave both open when they close', async () => {
    const { config, store } = await tempStore();
    const opened = await createEmbeddedIndex(join(config.POLICY_KB_DATA, 'index'));
    let indexed = 0;
    // The index as handed over, counting what the workers index through it.
    const index = new Proxy(opened, {
      get(target, property) {
        if (property === 'indexNotice') {
          return (record: Parameters<typeof opened.indexNotice>[0]) => {
            indexed++;
            return target.indexNotice(record);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    // The pipeline's configuration names the same data directory (its parse threads read there).
    const pipeline = await startPipeline(redis, {
      workers: 1,
      env: { POLICY_KB_DATA: config.POLICY_KB_DATA },
      worker: { adapters: { store, index } },
    });
    try {
      const seed = SEEDS[3] as { name: string; bytes: Uint8Array };
      const [view] = await ingestAll({ store, runner: pipeline.runner }, [seed]);
      expect(view, JSON.stringify(view)).toMatchObject({ state: 'completed' });
      expect(indexed).toBeGreaterThan(0);
    } finally {
      await pipeline.close();
    }
    // Still open: the workers did not close what they did not open.
    expect(await store.listNotices()).toHaveLength(1);
    expect((await index.search('耗材')).total).toBeGreaterThan(0);
    await index.close();
  });
});
