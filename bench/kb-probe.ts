/**
 * A knowledge base filled once and probed many times: the kb-scale suite refills its knowledge
 * base on every run (25 minutes to 100k notices), which is too slow for finding what an upload at
 * 100k costs. This tool fills a data directory that stays, then sends probe uploads into it (the
 * suite's fill and probes, bench/kb-corpus.ts) and prints where their time went: per store and
 * index call, the probes' medians, and optionally a CPU profile (open it in Chrome's DevTools).
 *
 *   node --import tsx bench/kb-probe.ts fill <dir> <notices>
 *   node --import tsx bench/kb-probe.ts probe <dir> <uploads> [<profile.cpuprofile>]
 *
 * DATABASE_URL selects the PostgreSQL store (one database per directory: the directory keeps the
 * embedded index and the fill's count); with REDIS_URL as well, probes run through the BullMQ
 * queue with the workers in this process. `node --trace-gc` shows the collections (embedded only:
 * the queue's sandboxed threads refuse the flag).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { openApp } from '../src/app/open.ts';
import { loadConfig } from '../src/config.ts';
import { submitUpload } from '../src/pipeline/submit.ts';
import { catalogueKey } from '../src/store/catalogue-key.ts';
import { stats } from './harness.ts';
import { fillOriginal, type KbCorpus, kbCorpus, mutatedNotice, probeUpload } from './kb-corpus.ts';

type App = Awaited<ReturnType<typeof openApp>>;
/** Notices saved and indexed per batch while filling (the suite's batch). */
const FILL_BATCH = 200;
const REPORT_EVERY = 5_000;

const [command, dir, countArg, profilePath] = process.argv.slice(2);
if ((command !== 'fill' && command !== 'probe') || !dir || !countArg)
  throw new Error('usage: bench/kb-probe.ts fill <dir> <notices> | probe <dir> <uploads> [<profile>]');
const corpus = await kbCorpus();
const countFile = join(dir, 'kb-probe-count');
const env: Record<string, string> = { POLICY_KB_DATA: dir };
if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
if (process.env.REDIS_URL && command === 'probe') env.REDIS_URL = process.env.REDIS_URL;
const config = loadConfig(env);
const opening = performance.now();
const app = await openApp(config, { resumeJobs: true });
const workers = config.REDIS_URL
  ? await (await import('../src/queue/workers.ts')).startWorkers({
      redisUrl: config.REDIS_URL,
      storeConfig: config,
      adapters: { store: app.store, index: app.index },
      log: () => {},
    })
  : null;
console.log(`opened in ${(performance.now() - opening).toFixed(0)} ms`);
const count = Number((await readFile(countFile, 'utf8').catch(() => '0')).trim());
try {
  if (command === 'fill') await fill(app, corpus, count, Number(countArg));
  else await probe(app, corpus, count, Number(countArg), profilePath);
} finally {
  await app.close();
  await workers?.close();
}

async function fill(app: App, corpus: KbCorpus, from: number, target: number): Promise<void> {
  const { store, index } = app;
  let last = performance.now();
  for (let count = from; count < target; ) {
    const records = [];
    for (let b = 0; b < FILL_BATCH && count < target; b++, count++) {
      const notice = mutatedNotice(corpus, count);
      const ref = await store.putOriginal(fillOriginal(corpus, count), `fill-${count}.txt`);
      const saved = await store.saveNotice({
        notice,
        sha256: ref.sha256,
        catalogueKey: catalogueKey(notice),
        sourceFile: `fill-${count}.txt`,
      });
      records.push(saved.record);
    }
    await index.indexNotices(records);
    for (const record of records) await store.setStatus(record.id, record.version, 'indexed');
    await writeFile(countFile, String(count));
    if (count % REPORT_EVERY === 0) {
      const now = performance.now();
      const { heapUsed, rss } = process.memoryUsage();
      console.log(
        `${count} notices: ${((now - last) / REPORT_EVERY).toFixed(2)} ms a notice, heap ${(heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
      );
      last = now;
    }
  }
  await index.flush();
}

async function probe(app: App, corpus: KbCorpus, count: number, uploads: number, profile?: string) {
  const calls = timeCalls(app);
  const session = profile ? await startProfile() : null;
  const done: number[] = [];
  const searchable: number[] = [];
  for (let i = 0; i < uploads; i++) {
    // numbers no fill or earlier probe used: each probe is new content
    const upload = probeUpload(corpus, 10_000_000 + (Date.now() % 1_000_000) * 100 + i);
    const started = performance.now();
    const { jobId } = await submitUpload(app, upload.bytes, upload.fileName);
    const view = await app.runner.wait(jobId, { timeoutMs: 120_000 });
    done.push(performance.now() - started);
    if (view.state !== 'completed' || !view.noticeId)
      throw new Error(`${upload.fileName}: ${view.state} (${view.error ?? 'no notice'})`);
    const record = await app.store.getNotice(view.noticeId, view.version);
    const name = record?.notice.tables[0]?.items[0]?.name ?? '医疗保障';
    for (;;) {
      const { hits } = await app.index.search(name, { region: upload.region, limit: 100, facets: false });
      if (hits.some((hit) => hit.noticeId === view.noticeId && hit.version === view.version)) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    searchable.push(performance.now() - started);
  }
  if (session && profile) {
    const { profile: recorded } = await session.post('Profiler.stop');
    await writeFile(profile, JSON.stringify(recorded));
  }
  const rows = [...calls]
    .filter(([, ms]) => ms.length > 0)
    .map(([name, ms]) => ({ name, ms, total: ms.reduce((a, b) => a + b, 0) }));
  for (const { name, ms, total } of rows.sort((a, b) => b.total - a.total))
    console.log(
      `${name.padEnd(26)} ${String(ms.length).padStart(4)} calls, ${total.toFixed(0).padStart(6)} ms, median ${stats(ms).median.toFixed(1)} ms`,
    );
  console.log(
    `${uploads} uploads into ${count} notices: submit → done median ${stats(done).median.toFixed(1)} ms (p95 ${stats(done).p95.toFixed(0)}), → searchable median ${stats(searchable).median.toFixed(1)} ms`,
  );
  console.log(`each: ${done.map((ms) => ms.toFixed(0)).join(' ')}`);
  await writeFile(countFile, String(count + uploads));
}

/** Wraps every store and index call to record its duration (both are plain objects of functions). */
function timeCalls(app: App): Map<string, number[]> {
  const calls = new Map<string, number[]>();
  for (const [label, adapter] of [
    ['store', app.store],
    ['index', app.index],
  ] as const) {
    const target = adapter as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(target)) {
      if (typeof value !== 'function') continue;
      const call = value as (...args: unknown[]) => unknown;
      const samples: number[] = [];
      calls.set(`${label}.${key}`, samples);
      target[key] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await call.apply(adapter, args);
        } finally {
          samples.push(performance.now() - started);
        }
      };
    }
  }
  return calls;
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}
