import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/pipeline/runner.ts';
import { sweepAfterRestarts } from '../../src/queue/restart-sweep.ts';
import {
  connectRedis,
  dropConnections,
  eventually,
  filesIn,
  ingestAll,
  REDIS_URL,
  removeTempDirs,
} from './helpers.ts';
import { startPipeline, type TestPipeline } from './pipeline.ts';

const SEEDS = filesIn('seeds', '.txt');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let redis: Redis;
let pipeline: TestPipeline | undefined;
beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  if (pipeline) for (const key of await redis.keys(`${pipeline.prefix}:recovered:*`)) await redis.del(key);
  await pipeline?.close();
  redis?.disconnect();
  removeTempDirs();
});

describe('workers sweep for lost uploads after a Redis restart', () => {
  it('once per Redis run: at start-up, then when the connection comes back to a restarted server', async () => {
    pipeline = await startPipeline(redis);
    const { store, runner, prefix } = pipeline;
    const [before, lost] = SEEDS as [(typeof SEEDS)[0], (typeof SEEDS)[0]];
    await ingestAll(pipeline, [before]);

    // The server's run id, as the sweep reads it: changed by a restart (here by the test).
    let runId = 'run-1';
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null, connectionName: prefix });
    connection.on('error', () => {});
    const lines: string[] = [];
    const options = { connection, prefix, store, delayMs: 100, runId: async () => runId };
    const sweep = sweepAfterRestarts({ ...options, log: (line) => lines.push(line) });
    try {
      await eventually(
        async () => lines.length,
        (n) => n === 1,
      );
      expect(lines[0]).toBe(
        'policy-kb worker: Redis run run-1: swept 1 stored uploads, queued 0 whose job was lost, retried 0 that failed after storing',
      );

      // Answered 202 (the original is stored), then Redis restarted without the job.
      await store.putOriginal(lost.bytes, lost.name);
      runId = 'run-2';
      expect(await dropConnections(redis, prefix)).toBeGreaterThan(0);
      await eventually(
        async () => lines.length,
        (n) => n === 2,
      );
      expect(lines[1]).toMatch(
        /^policy-kb worker: Redis run run-2: swept 2 stored uploads, queued 1 whose job was lost/,
      );
      const view = await runner.wait(jobIdFor(sha(lost.bytes)), { timeoutMs: 90_000 });
      expect(view).toMatchObject({ state: 'completed', duplicate: false });
      expect((await store.findBySha(sha(lost.bytes)))?.status).toBe('indexed');

      // Another worker seeing the same run does not sweep again.
      const others: string[] = [];
      const second = sweepAfterRestarts({ ...options, log: (line) => others.push(line) });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await second.close();
      expect(others).toEqual([]);
    } finally {
      await sweep.close();
      connection.disconnect();
    }
  }, 240_000);
});
