import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import { jobIdFor } from '../../src/pipeline/runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { connectRedis, filesIn, ingestAll, removeTempDirs } from './helpers.ts';
import { startPipeline, type TestPipeline } from './pipeline.ts';

const SEEDS = filesIn('seeds', '.txt');

let redis: Redis;
let pipeline: TestPipeline;
beforeAll(async () => {
  redis = await connectRedis();
  pipeline = await startPipeline(redis, { runner: { attempts: 2, backoffMs: 50 } });
});
afterAll(async () => {
  await pipeline?.close();
  redis?.disconnect();
  removeTempDirs();
});

describe('BullMQ runner: failed uploads', () => {
  it('a bad file fails with its reason, keeps its original, and the rest of the batch goes on', async () => {
    const junk = { name: 'junk.txt', bytes: new Uint8Array(randomBytes(4096)) };
    const views = await ingestAll(pipeline, [SEEDS[0], junk, SEEDS[1]] as typeof SEEDS);
    expect(views.map((v) => v.state)).toEqual(['completed', 'failed', 'completed']);
    const failed = views[1];
    const sha256 = createHash('sha256').update(junk.bytes).digest('hex');
    expect(failed).toMatchObject({
      jobId: jobIdFor(sha256),
      fileName: 'junk.txt',
      error: 'junk.txt: 文件是二进制数据，不是可识别编码的文本',
      // Bad input is not retried: one attempt although two are allowed.
      attempts: 1,
      progress: { stage: 'read', done: [], total: INGEST_STAGES.length },
    });
    expect(failed?.error).not.toContain('\n');
    expect(await pipeline.runner.listJobs('failed')).toEqual([failed]);
    expect(await pipeline.store.getOriginal(sha256)).toEqual(junk.bytes);

    // Retried, it runs again from its first stage and fails the same way; attempts add up.
    await pipeline.runner.retry(failed?.jobId as string);
    const again = await pipeline.runner.wait(failed?.jobId as string, { timeoutMs: 90_000 });
    expect(again).toMatchObject({ state: 'failed', error: failed?.error, attempts: 2 });
    expect(await pipeline.runner.retryAllFailed()).toEqual([failed?.jobId]);
    expect(await pipeline.runner.wait(failed?.jobId as string)).toMatchObject({
      state: 'failed',
      attempts: 3,
    });
    await expect(pipeline.runner.retry(views[0]?.jobId as string)).rejects.toThrow(
      /is completed, not failed/,
    );
  });

  it('a transient failure ends failed after its attempts, and succeeds on retry once fixed', async () => {
    // Submitted before its bytes are stored: the read stage cannot find the original.
    const seed = SEEDS[2] as (typeof SEEDS)[number];
    const sha256 = createHash('sha256').update(seed.bytes).digest('hex');
    const { jobId } = await pipeline.runner.submit({ sha256, fileName: seed.name });
    const failed = await pipeline.runner.wait(jobId, { timeoutMs: 90_000 });
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 2,
      error: `${seed.name}: original ${sha256} of ${seed.name} is not in the store`,
    });
    expect((await pipeline.runner.counts()).failed).toBeGreaterThanOrEqual(1);

    await pipeline.store.putOriginal(seed.bytes, seed.name);
    await pipeline.runner.retry(jobId);
    const done = await pipeline.runner.wait(jobId, { timeoutMs: 90_000 });
    expect(done).toMatchObject({ state: 'completed', attempts: 3, duplicate: false, version: 1 });
    expect(done.error).toBeUndefined();
    expect(await pipeline.store.findBySha(sha256)).toMatchObject({ id: done.noticeId, version: 1 });
  });

  it('reports the stage in progress while a job runs', async () => {
    const slow = await startPipeline(redis, { env: { POLICY_KB_STAGE_DELAY_MS: '400' }, workers: 1 });
    try {
      const seed = SEEDS[3] as (typeof SEEDS)[number];
      const { jobId } = await submitUpload(slow, seed.bytes, seed.name);
      const seen = new Set<string>();
      for (let view = await slow.runner.getJob(jobId); view && view.state !== 'completed'; ) {
        seen.add(`${view.state}:${view.progress.stage}:${view.progress.done.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        view = await slow.runner.getJob(jobId);
      }
      for (const [i, stage] of ['read', 'extract', 'normalize', 'store'].entries()) {
        expect(seen).toContain(`active:${stage}:${i}`);
      }
      expect(await slow.runner.wait(jobId)).toMatchObject({ state: 'completed', attempts: 1 });
      await expect(slow.runner.wait('ingest-nope')).rejects.toThrow(/no job/);
      await expect(slow.runner.getJob(`normalize-${'0'.repeat(64)}`)).resolves.toBeNull();
    } finally {
      await slow.close();
    }
  });
});
