import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { queueNames } from '../../src/queue/flow.ts';
import { connectRedis, filesIn, ingestAll, removeTempDirs } from './helpers.ts';
import { startPipeline, type TestPipeline } from './pipeline.ts';

const SEEDS = filesIn('seeds', '.txt');

let redis: Redis;
let pipeline: TestPipeline | undefined;
beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  await pipeline?.close();
  redis?.disconnect();
  removeTempDirs();
});

describe('BullMQ runner: finished uploads stay visible', () => {
  it("a completed upload's job outlives later uploads' stage jobs (kept a week, not an hour)", async () => {
    pipeline = await startPipeline(redis);
    const [first, second, third] = SEEDS as [(typeof SEEDS)[0], (typeof SEEDS)[0], (typeof SEEDS)[0]];
    const [done] = await ingestAll(pipeline, [first]);
    const jobId = done?.jobId as string;
    // As far as BullMQ's trimming by age goes, it finished two hours ago.
    const completed = `bull:${queueNames(pipeline.prefix).light}:completed`;
    expect(await redis.zadd(completed, 'XX', Date.now() - 2 * 3600_000, jobId)).toBe(0);
    expect(await redis.zscore(completed, jobId)).not.toBeNull();

    // Later uploads complete their stage jobs in the same queue; the old root must stay.
    await ingestAll(pipeline, [second, third]);
    expect(await redis.zscore(completed, jobId)).not.toBeNull();
    expect(await pipeline.runner.getJob(jobId)).toMatchObject({
      state: 'completed',
      noticeId: done?.noticeId,
    });
    const again = await submitUpload(pipeline, first.bytes, 'again.txt');
    expect(again).toMatchObject({ jobId, duplicate: true });
    expect(await pipeline.runner.counts()).toEqual({ completed: 3 });
  }, 240_000);
});
