/**
 * The knowledge base as it fills up: at 1k, 10k (and, with BENCH_MAX_NOTICES=100000, 100k)
 * notices, what one more upload costs and what a new process pays to open it all.
 *
 * One embedded knowledge base (file store, embedded index, the inline runner with its parse
 * threads: what `openApp` wires without REDIS_URL) is filled with notices mutated from the real
 * seeds (bench/kb-corpus.ts: 25 regions, versions piling up), saved and indexed through the same
 * store and index calls the store and index stages make — only reading and extracting are
 * skipped, which cost the same at any size (the extract suite measures them). At each size:
 * - **per notice**: probe uploads (real files) go through the whole pipeline one at a time, timed
 *   from the submit to the job completed (`runs` samples, self-timed); the notes give p50/p95 of
 *   upload→searchable (to the job done and a search filtered to the probe's region finding it);
 * - **search**: p50/p95 of the search suite's kind of query against the whole knowledge base;
 * - **start-up**: a new process (bench/kb-start-child.ts) opens the knowledge base as the server
 *   does and answers one search: module loading, open, first search, RSS;
 * - disk bytes of the data directory, and this process's RSS.
 * With BENCH_DATABASE_URL set, the same runs again with the PostgreSQL store and the BullMQ queue
 * (workers in this process, REDIS_URL), the queue mode of production; BENCH_KB_MODES picks one.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { App } from '../../src/pipeline/app.ts';
import { catalogueKey } from '../../src/store/catalogue-key.ts';
import type { BenchCase, RunOptions, SuiteModule } from '../harness.ts';
import { selfTimed, stats } from '../harness.ts';
import { fillOriginal, type KbCorpus, kbCorpus, mutatedNotice, probeUpload } from '../kb-corpus.ts';
import { createBenchDatabase } from '../load/database.ts';

const run = promisify(execFile);
/** Probe uploads per size (each one a measured run). */
const PROBES = 30;
/** Notices saved and indexed per batch while filling. */
const FILL_BATCH = 200;
const SIZES = [1_000, 10_000, 100_000];
const QUERIES = ['药品', '定点医药机构', '医疗保障基金', '监督检查', '价格', '医用耗材', '举报', '稽核'];
const CHILD = new URL('../kb-start-child.ts', import.meta.url);

interface Kb {
  mode: string;
  dir: string;
  app: App;
  /** Notices in the knowledge base so far (filled and probes). */
  count: number;
  close(): Promise<void>;
}

let opened: Kb[] = [];

async function cases(options: RunOptions): Promise<BenchCase[]> {
  const corpus = await kbCorpus();
  const sizes = SIZES.filter((n) => n <= options.maxNotices);
  const wanted = options.kbModes ?? ['embedded', 'queue+postgres'];
  const modes: { name: string; open: () => Promise<Kb> }[] = [];
  if (wanted.includes('embedded')) modes.push({ name: 'embedded', open: openEmbedded });
  if (options.databaseUrl && wanted.includes('queue+postgres')) {
    const { databaseUrl, redisUrl } = options;
    modes.push({ name: 'queue+postgres', open: () => openQueue(databaseUrl, redisUrl) });
  }
  const out: BenchCase[] = [];
  for (const mode of modes) {
    let kb: Promise<Kb> | undefined;
    const knowledgeBase = () => {
      kb ??= mode.open().then((opened_) => {
        opened.push(opened_);
        return opened_;
      });
      return kb;
    };
    for (const size of sizes) {
      const searchable: number[] = [];
      let probe = 0;
      const figures: Record<string, string | number> = {};
      out.push({
        name: `${mode.name}: one more notice at ${size.toLocaleString('en')} notices`,
        runs: PROBES,
        warmup: 0,
        scale: { axis: 'notices', n: size },
        async subject(i) {
          const base = await knowledgeBase();
          if (i === 0) {
            const fillStarted = performance.now();
            const filled = await fill(base, corpus, size - PROBES);
            figures['fill s'] = ((performance.now() - fillStarted) / 1000).toFixed(1);
            figures['filled notices'] = filled;
          }
          const { ms, searchableMs } = await ingestProbe(base, corpus, size * 10 + probe++);
          searchable.push(searchableMs);
          return selfTimed([ms]);
        },
        async notes() {
          const base = await knowledgeBase();
          const s = stats(searchable);
          const search = await searchLatencies(base);
          const start = await startUp(base);
          return {
            ...figures,
            notices: base.count,
            'upload→searchable p50/p95 ms': `${s.median.toFixed(0)}/${s.p95.toFixed(0)}`,
            'search p50/p95 ms': `${search.median.toFixed(2)}/${search.p95.toFixed(2)}`,
            ...(start ?? {}),
            'disk MiB': ((await du(base.dir)) / 2 ** 20).toFixed(0),
            'bench RSS MiB': (process.memoryUsage().rss / 2 ** 20).toFixed(0),
          };
        },
      });
    }
  }
  return out;
}

export default {
  description:
    'the knowledge base filling up: ingest per notice, upload→searchable, search, start-up, disk, RSS',
  cases,
  async teardown() {
    const all = opened;
    opened = [];
    for (const kb of all) await kb.close();
  },
} satisfies SuiteModule;

/** Saves and indexes mutated notices until the knowledge base holds `target` (the stages' own calls). */
async function fill(kb: Kb, corpus: KbCorpus, target: number): Promise<number> {
  const { store, index } = kb.app;
  let filled = 0;
  while (kb.count < target) {
    const records = [];
    for (let b = 0; b < FILL_BATCH && kb.count < target; b++, kb.count++, filled++) {
      const n = kb.count;
      const notice = mutatedNotice(corpus, n);
      const ref = await store.putOriginal(fillOriginal(corpus, n), `fill-${n}.txt`);
      const { record } = await store.saveNotice({
        notice,
        sha256: ref.sha256,
        catalogueKey: catalogueKey(notice),
        sourceFile: `fill-${n}.txt`,
      });
      records.push(record);
    }
    await index.indexNotices(records);
    for (const r of records) await store.setStatus(r.id, r.version, 'indexed');
  }
  return filled;
}

/** One probe through the whole pipeline: ms to the job done, and to a search finding it. */
async function ingestProbe(kb: Kb, corpus: KbCorpus, n: number) {
  const { submitUpload } = await import('../../src/pipeline/submit.ts');
  const upload = probeUpload(corpus, n);
  const started = performance.now();
  const { jobId } = await submitUpload(kb.app, upload.bytes, upload.fileName);
  const view = await kb.app.runner.wait(jobId, { timeoutMs: 120_000 });
  const ms = performance.now() - started;
  if (view.state !== 'completed' || !view.noticeId)
    throw new Error(`${upload.fileName}: ${view.state} (${view.error ?? 'no notice'})`);
  kb.count++;
  const record = await kb.app.store.getNotice(view.noticeId, view.version);
  const name =
    record?.notice.tables[0]?.items[0]?.name ?? record?.notice.articles[0]?.text.slice(0, 8) ?? '医疗保障';
  for (;;) {
    const { hits } = await kb.app.index.search(name, { region: upload.region, limit: 100, facets: false });
    if (hits.some((hit) => hit.noticeId === view.noticeId && hit.version === view.version)) break;
    if (performance.now() - started > 120_000)
      throw new Error(`${upload.fileName}: not searchable after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { ms, searchableMs: performance.now() - started };
}

async function searchLatencies(kb: Kb) {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      await kb.app.index.search(query, { limit: 20 });
      samples.push(performance.now() - started);
    }
  }
  return stats(samples.slice(QUERIES.length)); // the first round warms up
}

/** A new process opening the knowledge base (embedded mode only: the data directory is all it needs). */
async function startUp(kb: Kb): Promise<Record<string, string> | null> {
  if (kb.mode !== 'embedded') return null;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD.pathname, kb.dir, '药品'], {
    maxBuffer: 1 << 20,
  });
  const child = JSON.parse(stdout) as {
    importMs: number;
    openMs: number;
    firstSearchMs: number;
    hits: number;
    rssMb: number;
  };
  if (child.hits === 0) throw new Error('the start-up search found nothing');
  return {
    'start-up open+first search ms': (child.openMs + child.firstSearchMs).toFixed(0),
    'start-up modules ms': child.importMs.toFixed(0),
    'start-up RSS MiB': child.rssMb.toFixed(0),
  };
}

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function openEmbedded(): Promise<Kb> {
  const [{ openApp }, { loadConfig }] = await Promise.all([
    import('../../src/app/open.ts'),
    import('../../src/config.ts'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-kb-'));
  const app = await openApp(loadConfig({ POLICY_KB_DATA: dir }), { resumeJobs: true });
  return {
    mode: 'embedded',
    dir,
    app,
    count: 0,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The queue mode: a PostgreSQL store in a database of its own (created and dropped here, so the
 * workers' sandboxed threads, which open the store from the configuration, find it too), the
 * BullMQ runner and one worker set in this process on queues of their own, the embedded index
 * (no Meilisearch here).
 */
async function openQueue(databaseUrl: string, redisUrl: string): Promise<Kb> {
  const [{ loadConfig }, { openStore }, { openSearchIndex }, { createBullmqRunner }, { startWorkers }] =
    await Promise.all([
      import('../../src/config.ts'),
      import('../../src/store/index.ts'),
      import('../../src/search/index.ts'),
      import('../../src/queue/bullmq-runner.ts'),
      import('../../src/queue/workers.ts'),
    ]);
  const database = await createBenchDatabase(databaseUrl);
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-kbq-'));
  const config = loadConfig({ POLICY_KB_DATA: dir, DATABASE_URL: database.url, REDIS_URL: redisUrl });
  const prefix = `pkbbench-${database.tag}`;
  const store = await openStore(config);
  const index = await openSearchIndex(config);
  const runner = await createBullmqRunner({ redisUrl, prefix, store });
  const workers = await startWorkers({
    redisUrl,
    prefix,
    storeConfig: config,
    adapters: { store, index },
    log: () => {},
  });
  const app: App = {
    config,
    store,
    index,
    runner,
    async close() {
      await runner.close();
      await workers.close();
      await index.close();
      await store.close();
    },
  };
  return {
    mode: 'queue',
    dir,
    app,
    count: 0,
    async close() {
      await app.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
