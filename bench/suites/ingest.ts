/**
 * Ingestion of the five seeds through the whole pipeline (read → extract → normalize → store →
 * index → compare-refresh), on temporary file stores: through the BullMQ queue with real workers
 * on Redis (the subject) against the in-process runner (the baseline), so the ratio is the
 * queue's overhead. The workers run in this process, as in the queue tests: one worker set, the
 * heavy stages in two sandboxed worker threads, the light ones on the main thread, concurrency 2.
 *
 * Both sides stay up across runs (warm threads and JIT, as a long-running worker is); before each
 * run their store is emptied and the queues obliterated, so every run ingests the seeds as new
 * notices into the same state. The tasks time themselves (set-up and checks left out):
 * - one at a time: per-notice latency, from the upload stored (its bytes in the store) to its job
 *   completed (the root job's `completed` event; the inline runner's `wait`), five samples a run;
 * - five at once: the five submitted together, first submit → last completion (throughput in
 *   the notes, with the per-notice latencies under that load).
 * The queues are `pkbbench-<random>-heavy|light`; teardown removes every Redis key they made.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { OriginalRef } from '../../schemas/store.ts';
import type { BenchCase, RunOptions, SuiteModule } from '../harness.ts';
import { selfTimed, stats } from '../harness.ts';

const SEEDS = new URL('../../seeds/', import.meta.url);
/** Measured runs of each case (each run ingests the five seeds on both sides). */
const RUNS = 10;
/** Longest wait for one notice before the run fails, in ms. */
const NOTICE_TIMEOUT_MS = 60_000;

/** One way of ingesting: a store of record, and a runner over it. */
interface Side {
  /** Empties the store (and the queues) so that the next run ingests every seed as new. */
  reset(): Promise<void>;
  putOriginal(bytes: Uint8Array, name: string): Promise<OriginalRef>;
  /** Submits a stored upload; resolves with ms from the submit to the job's completion. */
  ingest(ref: OriginalRef, started?: number): Promise<number>;
  /** Notices in the store (checked after each run). */
  notices(): Promise<number>;
  close(): Promise<void>;
}

let opened: Promise<{ inline: Side; queue: Side }> | undefined;

async function cases(options: RunOptions): Promise<BenchCase[]> {
  const seeds = await readSeeds();
  // Opened by the first run, so that a missing Redis is this suite's error, not the whole run's.
  const sides = () => {
    opened ??= Promise.all([openInline(), openQueue(options.redisUrl)]).then(([inline, queue]) => ({
      inline,
      queue,
    }));
    return opened;
  };
  const oneAtATime = async (which: 'inline' | 'queue') => {
    const side = (await sides())[which];
    await side.reset();
    const samples: number[] = [];
    for (const seed of seeds) samples.push(await side.ingest(await side.putOriginal(seed.bytes, seed.name)));
    await expectNotices(side, seeds.length);
    return selfTimed(samples);
  };
  const batch = {
    inline: [] as number[],
    queue: [] as number[],
    walls: { inline: [] as number[], queue: [] as number[] },
  };
  const allAtOnce = async (which: 'inline' | 'queue') => {
    const side = (await sides())[which];
    await side.reset();
    const refs = await Promise.all(seeds.map((seed) => side.putOriginal(seed.bytes, seed.name)));
    const started = performance.now();
    const latencies = await Promise.all(refs.map((ref) => side.ingest(ref, started)));
    await expectNotices(side, seeds.length);
    const wall = Math.max(...latencies);
    batch[which].push(...latencies);
    batch.walls[which].push(wall);
    return selfTimed([wall]);
  };
  return [
    {
      name: `${seeds.length} seeds one at a time, per notice`,
      runs: RUNS,
      warmup: 2,
      subject: () => oneAtATime('queue'),
      baseline: { label: 'in-process', run: () => oneAtATime('inline') },
      notes: () => ({ samples: `${seeds.length} notices × ${RUNS} runs`, workers: WORKERS }),
    },
    {
      name: `${seeds.length} seeds at once, first submit → last done`,
      runs: RUNS,
      warmup: 1,
      subject: () => allAtOnce('queue'),
      baseline: { label: 'in-process', run: () => allAtOnce('inline') },
      notes: () => {
        // The measured runs only: the warm-up run's figures are the first ones recorded.
        const measured = (xs: number[], perRun: number) => xs.slice(-RUNS * perRun);
        const figures: Record<string, string> = {};
        for (const which of ['queue', 'inline'] as const) {
          const wall = stats(measured(batch.walls[which], 1)).median;
          const latency = stats(measured(batch[which], seeds.length));
          figures[`${which} notices/s`] = ((seeds.length * 1000) / wall).toFixed(1);
          figures[`${which} per-notice latency p50/p95 ms`] =
            `${latency.median.toFixed(0)}/${latency.p95.toFixed(0)}`;
        }
        return figures;
      },
    },
  ];
}

export default {
  description: 'ingest the five seeds: BullMQ queue with workers on Redis vs the in-process runner',
  cases,
  async teardown() {
    const sides = await opened?.catch(() => undefined);
    opened = undefined;
    await sides?.queue.close();
    await sides?.inline.close();
  },
} satisfies SuiteModule;

const WORKERS = 'one set in this process (heavy: 2 worker threads; light: main thread), concurrency 2';

async function readSeeds() {
  const names = (await readdir(SEEDS)).filter((name) => name.endsWith('.txt')).sort();
  return Promise.all(
    names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(new URL(name, SEEDS))) })),
  );
}

async function expectNotices(side: Side, count: number): Promise<void> {
  const found = await side.notices();
  if (found !== count) throw new Error(`expected ${count} stored notices after the run, found ${found}`);
}

/** The in-process runner over a file store and the embedded index (what `openApp` wires without REDIS_URL). */
async function openInline(): Promise<Side> {
  const [{ loadConfig }, { openStore }, { openSearchIndex }, { createInlineRunner }] = await Promise.all([
    import('../../src/config.ts'),
    import('../../src/store/index.ts'),
    import('../../src/search/index.ts'),
    import('../../src/pipeline/inline-runner.ts'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-ingest-'));
  const config = loadConfig({ POLICY_KB_DATA: dir });
  const store = await openStore(config);
  const index = await openSearchIndex(config);
  const jobsDir = join(dir, 'jobs');
  const newRunner = () => createInlineRunner({ store, index, jobsDir });
  let runner = await newRunner();
  return {
    async reset() {
      // A new runner: the old one remembers its jobs (a resubmit would be a duplicate).
      await runner.close();
      // retried: a background matrix refresh of the last run may be writing into it
      await rm(join(dir, 'store'), { recursive: true, force: true, maxRetries: 10 });
      await rm(jobsDir, { recursive: true, force: true });
      runner = await newRunner();
    },
    putOriginal: (bytes, name) => store.putOriginal(bytes, name),
    async ingest(ref, started = performance.now()) {
      const { jobId, duplicate } = await runner.submit({ sha256: ref.sha256, fileName: ref.fileName });
      if (duplicate) throw new Error(`${ref.fileName} was taken for a duplicate`);
      const view = await runner.wait(jobId, { timeoutMs: NOTICE_TIMEOUT_MS });
      const ms = performance.now() - started;
      if (view.state !== 'completed') throw new Error(`${ref.fileName}: ${view.state} (${view.error})`);
      return ms;
    },
    notices: async () => (await store.listNotices()).length,
    async close() {
      await runner.close();
      await index.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The BullMQ runner and one worker set on fresh queues over a file store (what `openApp` and
 * `policy-kb worker` wire with REDIS_URL), and a QueueEvents listener for the root jobs.
 */
async function openQueue(redisUrl: string): Promise<Side> {
  const [
    { Queue, QueueEvents },
    { loadConfig },
    { openStore },
    { createBullmqRunner },
    flow,
    runnerPort,
    workers,
  ] = await Promise.all([
    import('bullmq'),
    import('../../src/config.ts'),
    import('../../src/store/index.ts'),
    import('../../src/queue/bullmq-runner.ts'),
    import('../../src/queue/flow.ts'),
    import('../../src/pipeline/runner.ts'),
    import('../../src/queue/workers.ts'),
  ]);
  const admin = await connect(redisUrl);
  const prefix = `pkbbench-${randomBytes(5).toString('hex')}`;
  const names = flow.queueNames(prefix);
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-queue-'));
  const config = loadConfig({ POLICY_KB_DATA: dir, REDIS_URL: redisUrl });
  const store = await openStore(config);
  const running = await workers.startWorkers({ redisUrl, prefix, storeConfig: config, log: () => {} });
  const runner = await createBullmqRunner({ redisUrl, prefix, store });
  const eventsClient = admin.duplicate({ connectionName: prefix });
  eventsClient.on('error', () => {});
  const events = new QueueEvents(names.light, { connection: eventsClient });
  events.on('error', () => {});
  await events.waitUntilReady();

  const waiting = new Map<string, { resolve: (at: number) => void; reject: (error: Error) => void }>();
  events.on('completed', ({ jobId }) => waiting.get(jobId)?.resolve(performance.now()));
  events.on('failed', ({ jobId, failedReason }) => waiting.get(jobId)?.reject(new Error(failedReason)));
  const completion = (jobId: string) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`job ${jobId} not done after ${NOTICE_TIMEOUT_MS} ms`)),
        NOTICE_TIMEOUT_MS,
      );
      const settle = () => {
        clearTimeout(timer);
        waiting.delete(jobId);
      };
      waiting.set(jobId, {
        resolve: (at) => {
          settle();
          resolve(at);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
    });

  const obliterate = async () => {
    for (const name of Object.values(names)) {
      const queue = new Queue(name, { connection: admin });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  };
  let closed = false;
  return {
    async reset() {
      await obliterate();
      // retried: a background matrix refresh of the last run may be writing into it
      await rm(join(dir, 'store'), { recursive: true, force: true, maxRetries: 10 });
    },
    putOriginal: (bytes, name) => store.putOriginal(bytes, name),
    async ingest(ref, started) {
      const done = completion(runnerPort.jobIdFor(ref.sha256));
      const from = started ?? performance.now();
      const { duplicate } = await runner.submit({ sha256: ref.sha256, fileName: ref.fileName });
      if (duplicate) throw new Error(`${ref.fileName} was taken for a duplicate`);
      return (await done) - from;
    },
    notices: async () => (await store.listNotices()).length,
    async close() {
      if (closed) return;
      closed = true;
      await runner.close();
      await running.close();
      await events.close();
      eventsClient.disconnect();
      await store.close();
      await obliterate();
      await removeKeys(admin, `bull:${prefix}-*`);
      admin.disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A client for bookkeeping that fails at once (no endless reconnecting) when Redis is not there. */
async function connect(redisUrl: string): Promise<Redis> {
  const { connectOnce } = await import('../../src/queue/connection.ts');
  return connectOnce(redisUrl, 'the ingest suite');
}

/** Deletes the keys matching a pattern (SCAN, not KEYS: the server may be shared). */
async function removeKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
