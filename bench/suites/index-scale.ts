/**
 * The embedded index at 10k, 100k and 1M items (BENCH_INDEX_MAX_ITEMS stops it earlier): each size
 * is built in a process of its own (the synthetic catalogues of bench/synthetic.ts, indexed in
 * batches of 100 notices as `reindex` does, then flushed), and loaded in another, fresh one, as
 * a restarted server would: time to open the index and answer its first search (≤ 2 s), then
 * the 1,000 mixed queries (p95 ≤ 15 ms), heap and RSS. Build time per 100k items shows whether
 * writing segments costs more as the index grows.
 *
 * This file is also the child: `node --import tsx bench/suites/index-scale.ts build <dir> <items>`
 * or `… load <dir>` prints one JSON line of figures.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BenchCase, SuiteModule } from '../harness.ts';
import { selfTimed } from '../harness.ts';

const SIZES = [10_000, 100_000, 1_000_000];
const MAX_ITEMS = z.coerce
  .number()
  .int()
  .positive()
  .default(1_000_000)
  .parse(process.env.BENCH_INDEX_MAX_ITEMS);
const MAX_LOAD_MS = 2000;
const MAX_P95_MS = 15;
const WARM_QUERIES = 100;
/** Heap of a child: the build holds a million synthetic records besides the index. */
const CHILD_HEAP_MB = 12_288;
const CHILD = fileURLToPath(import.meta.url);
const MIB = 2 ** 20;

interface Built {
  buildMs: number;
  /** CPU time of the build (user + system): on a busy machine, wall time is mostly waiting. */
  buildCpuMs: number;
  items: number;
  bytes: number;
  segments: number;
  maxRssMiB: number;
}

interface Loaded {
  openMs: number;
  firstSearchMs: number;
  queryMs: number[];
  heapMiB: number;
  rssMiB: number;
  maxRssMiB: number;
  documents: number;
}

let dir: string | undefined;

async function cases(): Promise<BenchCase[]> {
  dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-index-scale-'));
  const out: BenchCase[] = [];
  for (const size of SIZES.filter((s) => s <= MAX_ITEMS)) {
    const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
    const at = join(dir, label);
    let built: Built | undefined;
    let loaded: Loaded | undefined;
    out.push(
      {
        name: `build ${label} items, ms per 100k items`,
        runs: 1,
        warmup: 0,
        subject: async () => {
          built = await child<Built>(['build', at, String(size)]);
          return selfTimed([(built.buildMs * 100_000) / built.items]);
        },
        notes: (): Record<string, string | number> =>
          built
            ? {
                'build s': (built.buildMs / 1000).toFixed(1),
                'build CPU s': (built.buildCpuMs / 1000).toFixed(1),
                'on disk MiB': (built.bytes / MIB).toFixed(0),
                segments: built.segments,
                'build max RSS MiB': built.maxRssMiB.toFixed(0),
              }
            : {},
      },
      {
        name: `load + first search ${label} items (new process)`,
        runs: 1,
        warmup: 0,
        budget: { maxMedianMs: MAX_LOAD_MS },
        subject: async () => {
          loaded = await child<Loaded>(['load', at]);
          return selfTimed([loaded.openMs + loaded.firstSearchMs]);
        },
        notes: (): Record<string, string | number> =>
          loaded
            ? {
                'open ms': loaded.openMs.toFixed(0),
                'first search ms': loaded.firstSearchMs.toFixed(0),
                documents: loaded.documents,
                'heap MiB after queries': loaded.heapMiB.toFixed(0),
                'RSS MiB after queries': loaded.rssMiB.toFixed(0),
                'max RSS MiB': loaded.maxRssMiB.toFixed(0),
              }
            : {},
      },
      {
        name: `query ${label} items (the loading process)`,
        runs: 1,
        warmup: 0,
        budget: { maxP95Ms: MAX_P95_MS },
        scale: { axis: 'items', n: size },
        subject: () => {
          if (!loaded) throw new Error('the load case failed');
          return selfTimed(loaded.queryMs);
        },
      },
    );
  }
  return out;
}

export default {
  description:
    'embedded index at 10k–1M items: build per 100k, size, load in a new process, first search, p50/p95, memory',
  cases,
  async teardown() {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
} satisfies SuiteModule;

function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [`--max-old-space-size=${CHILD_HEAP_MB}`, '--import', 'tsx', CHILD, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.stderr.on('data', (chunk) => (err += chunk));
    proc.on('close', (code, signal) => {
      if (code === 0) return resolve(JSON.parse(out) as T);
      reject(new Error(/^\w*Error: .*$/m.exec(err)?.[0] ?? `exit ${code ?? signal}`));
    });
  });
}

async function build(at: string, items: number): Promise<Built> {
  const { syntheticRecords, vocabulary } = await import('../synthetic.ts');
  const { createEmbeddedIndex } = await import('../../src/search/embedded/adapter.ts');
  const { IndexFiles } = await import('../../src/search/embedded/on-disk.ts');
  const records = syntheticRecords(items, await vocabulary());
  const index = await createEmbeddedIndex(at);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < records.length; i += 100) await index.indexNotices(records.slice(i, i + 100));
  await index.flush();
  const buildMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const { bytes } = await index.stats();
  await index.close();
  const manifest = await new IndexFiles(at).manifest();
  return {
    buildMs,
    buildCpuMs: (user + system) / 1000,
    items,
    bytes: bytes ?? 0,
    segments: manifest.segments?.length ?? 0,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

async function load(at: string): Promise<Loaded> {
  const { mixedQueries, vocabulary } = await import('../synthetic.ts');
  const { createEmbeddedIndex } = await import('../../src/search/embedded/adapter.ts');
  const queries = mixedQueries(await vocabulary());
  let started = performance.now();
  const index = await createEmbeddedIndex(at);
  const openMs = performance.now() - started;
  started = performance.now();
  await index.search('价格');
  const firstSearchMs = performance.now() - started;
  const queryMs: number[] = [];
  for (let i = 0; i < WARM_QUERIES + queries.length; i++) {
    const query = queries[i % queries.length] as (typeof queries)[number];
    started = performance.now();
    await index.search(query.q, { region: query.region, powerType: query.powerType });
    if (i >= WARM_QUERIES) queryMs.push(performance.now() - started);
  }
  const { documents } = await index.stats();
  const memory = process.memoryUsage();
  await index.close();
  return {
    openMs,
    firstSearchMs,
    queryMs,
    heapMiB: memory.heapUsed / MIB,
    rssMiB: memory.rss / MIB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    documents: documents.item + documents.article + documents.notice,
  };
}

if (process.argv[1] === CHILD) {
  const [mode, at, items] = process.argv.slice(2);
  if (!at || (mode !== 'build' && mode !== 'load'))
    throw new Error('usage: bench/suites/index-scale.ts build <dir> <items> | load <dir>');
  const figures = mode === 'build' ? await build(at, Number(items)) : await load(at);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
