/**
 * Watching the queues from outside, as an operator would: BullMQ's job counts of both queues
 * over a connection of our own (which rides out the Redis restart like the workers do).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { queueNames } from '../../src/queue/flow.ts';

const UNFINISHED = ['active', 'waiting', 'delayed', 'waiting-children', 'prioritized'] as const;

export interface QueueWatch {
  /** Jobs not finished yet (stage jobs and roots of both queues), by state. */
  unfinished(): Promise<Record<string, number>>;
  /** The Redis server's run id (a restart changes it). */
  runId(): Promise<string>;
  /** Ids of the jobs waiting out a retry backoff (nothing else is delayed in this pipeline). */
  retrying(): Promise<string[]>;
  /** Resolves once no job is unfinished in `stable` consecutive looks, `everyMs` apart. */
  drained(options?: { everyMs?: number; stable?: number; timeoutMs?: number }): Promise<number>;
  close(): Promise<void>;
}

export function watchQueues(redisUrl: string): QueueWatch {
  const connection = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * times, 2_000),
  });
  connection.on('error', () => {});
  const names = queueNames();
  const queues = [names.heavy, names.light].map((name) => new Queue(name, { connection }));
  for (const queue of queues) queue.on('error', () => {});

  const unfinished = async () => {
    const total: Record<string, number> = {};
    for (const queue of queues) {
      const counts = await queue.getJobCounts(...UNFINISHED);
      for (const [state, n] of Object.entries(counts)) total[state] = (total[state] ?? 0) + n;
    }
    return total;
  };

  return {
    unfinished,
    runId: async () => /^run_id:(\w+)/m.exec(await connection.info('server'))?.[1] ?? '',
    async retrying() {
      const jobs = await Promise.all(queues.map((queue) => queue.getDelayed()));
      return jobs.flat().map((job) => String(job.id));
    },
    async drained({ everyMs = 1_000, stable = 3, timeoutMs = 45 * 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (let quiet = 0; quiet < stable; ) {
        if (Date.now() > deadline) throw new Error(`the queues did not drain in ${timeoutMs} ms`);
        const counts = await unfinished();
        quiet = Object.values(counts).every((n) => n === 0) ? quiet + 1 : 0;
        if (quiet < stable) await sleep(everyMs);
      }
      return Date.now();
    },
    async close() {
      await Promise.all(queues.map((queue) => queue.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
