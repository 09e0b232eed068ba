import type { Redis } from 'ioredis';
import type { Config } from '../../src/config.ts';
import { type BullmqRunner, createBullmqRunner } from '../../src/queue/bullmq-runner.ts';
import { type StartWorkersOptions, startWorkers } from '../../src/queue/workers.ts';
import type { NoticeStore } from '../../src/store/types.ts';
import { obliterate, REDIS_URL, tempStore, uniquePrefix } from './helpers.ts';

export interface TestPipeline {
  prefix: string;
  config: Config;
  store: NoticeStore;
  runner: BullmqRunner;
  /** Stops the workers and the runner, and removes the queues' jobs. */
  close(): Promise<void>;
}

/**
 * A BullMQ pipeline over a fresh file store and fresh queues: `workers` in-process worker sets
 * (each a heavy sandboxed worker and a light one), with short stall timings.
 */
export async function startPipeline(
  redis: Redis,
  options: {
    workers?: number;
    env?: Record<string, string>;
    runner?: { attempts?: number; backoffMs?: number; pollMs?: number; firstPollMs?: number };
    worker?: Partial<StartWorkersOptions>;
  } = {},
): Promise<TestPipeline> {
  const prefix = uniquePrefix();
  const { config, store } = await tempStore(options.env);
  const workers = await Promise.all(
    Array.from({ length: options.workers ?? 2 }, () =>
      startWorkers({
        redisUrl: REDIS_URL,
        prefix,
        storeConfig: config,
        concurrency: 2,
        lockDuration: 5_000,
        stalledInterval: 1_000,
        log: () => {},
        ...options.worker,
      }),
    ),
  );
  // With the store, as `openApp` gives it: a job Redis lost answers from the store when done.
  const runner = await createBullmqRunner({
    redisUrl: REDIS_URL,
    prefix,
    backoffMs: 50,
    store,
    ...options.runner,
  });
  return {
    prefix,
    config,
    store,
    runner,
    async close() {
      await runner.close();
      await Promise.all(workers.map((w) => w.close()));
      await store.close();
      await obliterate(redis, prefix);
    },
  };
}
