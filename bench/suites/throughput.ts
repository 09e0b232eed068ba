/**
 * Queue throughput: the same uploads (variants of the five seeds, each moved to another city) through
 * two `policy-kb worker` processes on the queue (the subject) and through one in-process runner
 * (`ingest`'s, the baseline), in notices per second from the first submit to the last job done.
 *
 * The queue side is production's shape: a Redis server of its own (bench/load/procs.ts), two
 * worker processes (`--concurrency 2` each: sandboxed threads for the parsing step) sharing the
 * data directory's store and index — or, with BENCH_DATABASE_URL, a PostgreSQL database of its
 * own for the store — and this process submitting through the BullMQ runner, as the API does.
 * Each run starts on an empty knowledge base: fresh directory (and database), queues emptied; a
 * warm-up batch first (module loading in new threads is not throughput). The tasks time
 * themselves; notices/s of both sides are in the notes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/pipeline/app.ts';
import type { BenchCase, RunOptions, SuiteModule } from '../harness.ts';
import { selfTimed } from '../harness.ts';
import { buildCorpus, type Upload } from '../load/corpus.ts';
import { type BenchDatabase, createBenchDatabase } from '../load/database.ts';
import { freePort, type Proc, startPolicyKb, startRedis, stopProc } from '../load/procs.ts';

/** Uploads per measured run. */
const UPLOADS = 300;
/** Uploads of the warm-up batch before each run (not timed). */
const WARM_UP = 20;
const WORKERS = 2;
const RUNS = 3;

const teardowns: (() => Promise<void>)[] = [];

async function cases(options: RunOptions): Promise<BenchCase[]> {
  const all = buildCorpus((UPLOADS + WARM_UP) * RUNS * 2 + 50, 0).filter((u) => u.kind === 'variant');
  let next = 0;
  const take = (n: number) => {
    const batch = all.slice(next, next + n);
    next += n;
    return batch;
  };
  const rates = { queue: [] as number[], inline: [] as number[] };
  /** CPU ms per notice of the queue side's worker and Redis processes (all their threads), per run. */
  const cpu = { workers: [] as number[], redis: [] as number[] };
  const measure = async (side: 'queue' | 'inline') => {
    const kb = side === 'queue' ? await openQueueSide(options.databaseUrl) : await openInlineSide();
    try {
      await ingestAll(kb.app, take(WARM_UP));
      const before = await kb.cpuMs?.();
      const ms = await ingestAll(kb.app, take(UPLOADS));
      const after = await kb.cpuMs?.();
      if (before && after) {
        cpu.workers.push((after.workers - before.workers) / UPLOADS);
        cpu.redis.push((after.redis - before.redis) / UPLOADS);
      }
      rates[side].push((UPLOADS * 1000) / ms);
      return selfTimed([ms / UPLOADS]);
    } finally {
      await kb.close();
    }
  };
  return [
    {
      name: `${UPLOADS} uploads, ms per notice: ${WORKERS} worker processes vs one in-process runner`,
      runs: RUNS,
      warmup: 0,
      subject: () => measure('queue'),
      baseline: { label: 'in-process', run: () => measure('inline') },
      notes: () => ({
        'queue notices/s (runs)': rates.queue.map((r) => r.toFixed(1)).join(' '),
        'in-process notices/s (runs)': rates.inline.map((r) => r.toFixed(1)).join(' '),
        // less sensitive to other work on the machine than notices/s: the CPU the queue side spent
        'worker CPU ms per notice (runs)': cpu.workers.map((r) => r.toFixed(1)).join(' ') || '-',
        'redis CPU ms per notice (runs)': cpu.redis.map((r) => r.toFixed(1)).join(' ') || '-',
        store: options.databaseUrl ? 'PostgreSQL' : 'files (shared directory)',
      }),
    },
  ];
}

export default {
  description: `notices/s: ${WORKERS} policy-kb worker processes on the queue vs the in-process runner`,
  cases,
  async teardown() {
    for (const teardown of teardowns.splice(0)) await teardown().catch(() => {});
  },
} satisfies SuiteModule;

/** Submits every upload, then waits for every job; ms from the first submit to the last done. */
async function ingestAll(app: App, uploads: Upload[]): Promise<number> {
  const { submitUpload } = await import('../../src/pipeline/submit.ts');
  const started = performance.now();
  const jobs = [];
  for (const upload of uploads) jobs.push((await submitUpload(app, upload.bytes, upload.fileName)).jobId);
  for (const jobId of jobs) {
    const view = await app.runner.wait(jobId, { timeoutMs: 300_000 });
    if (view.state !== 'completed') throw new Error(`${view.fileName}: ${view.state} (${view.error})`);
  }
  return performance.now() - started;
}

interface Side {
  app: App;
  close(): Promise<void>;
  /** CPU time used so far by the side's worker and Redis processes (Linux: /proc), when known. */
  cpuMs?(): Promise<{ workers: number; redis: number } | null>;
}

/** User + system CPU of a process and all its threads so far, in ms (Linux /proc; null elsewhere). */
async function processCpuMs(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // the fields after the command name (which may hold spaces), from field 3 (state) on
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  return (ticks * 1000) / CLOCK_TICKS;
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every architecture Node runs on. */
const CLOCK_TICKS = 100;

async function openInlineSide(): Promise<Side> {
  const [{ openApp }, { loadConfig }] = await Promise.all([
    import('../../src/app/open.ts'),
    import('../../src/config.ts'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-tp-'));
  const app = await openApp(loadConfig({ POLICY_KB_DATA: dir }), { resumeJobs: true });
  return {
    app,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function openQueueSide(databaseUrl: string | undefined): Promise<Side> {
  const [{ openApp }, { loadConfig }] = await Promise.all([
    import('../../src/app/open.ts'),
    import('../../src/config.ts'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-tpq-'));
  const logDir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-tpq-logs-'));
  const procs: Proc[] = [];
  let database: BenchDatabase | undefined;
  const close = async () => {
    for (const proc of procs.reverse()) await stopProc(proc).catch(() => {});
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
    await rm(logDir, { recursive: true, force: true });
  };
  teardowns.push(close);
  const port = await freePort();
  procs.push(await startRedis(port, dir, logDir, 'no'));
  const redisUrl = `redis://127.0.0.1:${port}`;
  if (databaseUrl) database = await createBenchDatabase(databaseUrl);
  const env = {
    ...process.env,
    POLICY_KB_DATA: dir,
    REDIS_URL: redisUrl,
    ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '' }),
  };
  for (let w = 1; w <= WORKERS; w++) procs.push(await startPolicyKb(`worker-${w}`, ['worker'], env, logDir));
  const config = loadConfig({
    POLICY_KB_DATA: dir,
    REDIS_URL: redisUrl,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const app = await openApp(config);
  const sum = async (list: Proc[]) => {
    let total = 0;
    for (const proc of list) {
      const ms = await processCpuMs(proc.child.pid);
      if (ms === null) return null;
      total += ms;
    }
    return total;
  };
  return {
    app,
    async close() {
      await app.close();
      await close();
    },
    async cpuMs() {
      const workers = await sum(procs.filter((proc) => proc.name.startsWith('worker-')));
      const redis = await sum(procs.filter((proc) => !proc.name.startsWith('worker-')));
      return workers === null || redis === null ? null : { workers, redis };
    },
  };
}
