import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverUploads } from '../../src/pipeline/recover.ts';
import { jobIdFor } from '../../src/pipeline/runner.ts';
import { queueNames } from '../../src/queue/flow.ts';
import { connectRedis, filesIn, ingestAll, removeTempDirs } from './helpers.ts';
import { startPipeline, type TestPipeline } from './pipeline.ts';

const SEEDS = filesIn('seeds', '.txt');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const faultFile = join(tmpdir(), `policy-kb-index-down-${randomBytes(5).toString('hex')}`);

let redis: Redis;
let pipeline: TestPipeline | undefined;
beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  rmSync(faultFile, { force: true });
  await pipeline?.close();
  redis?.disconnect();
  removeTempDirs();
});

describe('policy-kb recover on the BullMQ runner', () => {
  it('queues again an upload whose job Redis lost, retries an index failure, leaves the rest', async () => {
    pipeline = await startPipeline(redis, {
      runner: { attempts: 1 },
      env: { POLICY_KB_INDEX_FAULT_FILE: faultFile },
    });
    const { store, runner } = pipeline;
    const [kept, evicted, lost, outage] = SEEDS as [
      (typeof SEEDS)[0],
      (typeof SEEDS)[0],
      (typeof SEEDS)[0],
      (typeof SEEDS)[0],
    ];
    const junk = { name: 'junk.bin', bytes: new Uint8Array(512).fill(7) };
    await ingestAll(pipeline, [kept, evicted, junk]);
    // A finished upload whose job record is gone (evicted after a week): its notice is indexed.
    const light = `bull:${queueNames(pipeline.prefix).light}`;
    const evictedId = jobIdFor(sha(evicted.bytes));
    await redis.del(`${light}:${evictedId}`);
    await redis.zrem(`${light}:completed`, evictedId);
    // Stored and answered 202, but Redis lost the job (a crash losing its last second of writes).
    await store.putOriginal(lost.bytes, lost.name);
    // Failed at the index stage while the index was down: its notice is stored, not indexed.
    writeFileSync(faultFile, 'down');
    const [failed] = await ingestAll(pipeline, [outage]);
    expect(failed).toMatchObject({ state: 'failed', progress: { stage: 'index' } });
    expect(failed?.error).toMatch(/not indexed after 3 attempts \(index unavailable \(fault injection/);
    rmSync(faultFile);
    expect(await runner.getJob(jobIdFor(sha(lost.bytes)))).toBeNull();

    const result = await recoverUploads({ store, runner });
    expect(result.originals).toBe(5);
    expect(result.counts).toEqual({ resubmitted: 1, retried: 1, running: 0, done: 2, failed: 1 });
    const actions = Object.fromEntries(result.entries.map((e) => [e.fileName, e.action]));
    expect(actions).toEqual({ [lost.name]: 'resubmitted', [outage.name]: 'retried', 'junk.bin': 'failed' });
    for (const file of [lost, outage]) {
      const view = await runner.wait(jobIdFor(sha(file.bytes)), { timeoutMs: 90_000 });
      expect(view.state, file.name).toBe('completed');
      expect((await store.findBySha(sha(file.bytes)))?.status, file.name).toBe('indexed');
    }
    // Its job answers from the store: completed, with its notice (the id it was given still works).
    const record = await store.findBySha(sha(evicted.bytes));
    expect(record?.id).toEqual(expect.any(String));
    expect(await runner.getJob(evictedId)).toMatchObject({ state: 'completed', noticeId: record?.id });
    expect((await recoverUploads({ store, runner })).counts).toEqual({
      resubmitted: 0,
      retried: 0,
      running: 0,
      done: 4,
      failed: 1,
    });
  }, 240_000);
});
