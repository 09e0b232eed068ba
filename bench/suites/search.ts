/**
 * The search issue's targets on synthetic catalogues (bench/synthetic.ts) at 1k, 10k and 100k
 * items in the embedded index (the scaling curve; BENCH_MAX_ITEMS stops it earlier): build time,
 * index size and memory (notes), search latency over 1,000 mixed queries in-process (p95 ≤ 15 ms)
 * against the baseline, a brute-force substring scan of the same documents (time, and recall in
 * the notes), over HTTP with autocannon at the largest size (≥ 500 requests/s), and, at 10k items,
 * the same search over a thousand counties against the usual 41 regions: what grows with the
 * regions (a region facet per county) must not make a search slower.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchCase, RunOptions, SuiteModule } from '../harness.ts';
import { type BuiltIndex, buildIndex, documentsOfAll, dropIndex, identity, scan } from '../search-support.ts';
import { type BenchQuery, mixedQueries, syntheticRecords, vocabulary, withCounties } from '../synthetic.ts';

const SIZES = [1_000, 10_000, 100_000];
const MAX_P95_MS = 15;
const MIN_REQUESTS_PER_S = 500;
const HTTP_SECONDS = 10;
const SERVER = fileURLToPath(new URL('../search-server.ts', import.meta.url));
/** Queries the substring scan runs at sizes where a scan takes ~0.1 s (the first 100: every kind alike). */
const SCAN_SAMPLE_LARGE = 100;
/** The regions case: items, in notices of this many (a county's catalogue), over this many counties. */
const REGIONS_CASE = { items: 10_000, itemsPerNotice: 5, counties: 2_000 };
/** A search over a thousand or more counties may cost this much more than over 41 regions. */
const MAX_REGIONS_OVERHEAD_PCT = 25;

/** The indexes built, removed by teardown. */
const indexes: BuiltIndex[] = [];

async function cases(options: RunOptions): Promise<BenchCase[]> {
  const vocab = await vocabulary();
  const queries = mixedQueries(vocab);
  const out: BenchCase[] = [];
  const sizes = SIZES.filter((size) => size <= options.maxItems);
  for (const size of sizes.length ? sizes : SIZES.slice(0, 1)) {
    const records = syntheticRecords(size, vocab);
    const index = await buildIndex(records);
    indexes.push(index);
    const docs = documentsOfAll(records);
    const label = size >= 1000 ? `${size / 1000}k` : String(size);
    const sample = size >= 100_000 ? SCAN_SAMPLE_LARGE : queries.length;
    let next = 0;
    let scanned = 0;
    out.push({
      name: `query ${label} items`,
      runs: queries.length,
      warmup: 100,
      subject: () => search(index, queries[next++ % queries.length] as BenchQuery),
      baseline: {
        label: 'substring scan',
        runs: sample,
        warmup: 5,
        run: () => scan(docs, queries[scanned++ % sample] as BenchQuery),
      },
      budget: { maxP95Ms: MAX_P95_MS },
      scale: { axis: 'items', n: size },
      notes: async () => ({
        ...index.figures,
        ...(await recall(index, docs, queries.slice(0, sample))),
        ...(sample < queries.length ? { 'scan sample': `first ${sample} queries` } : {}),
      }),
    });
  }
  if (options.maxItems >= REGIONS_CASE.items) out.push(await regionsCase(vocab, queries));
  const largest = indexes.at(-1);
  const largestSize = sizes.at(-1) ?? SIZES[0] ?? 0;
  if (largest) {
    const label = `${largestSize / 1000}k items`;
    out.push(httpCase(largest, queries, label, false), httpCase(largest, queries, label, true));
  }
  return out;
}

export default {
  description:
    'embedded search index: build, size, memory, latency in-process and over HTTP, vs a substring scan',
  cases,
  async teardown() {
    for (const index of indexes.splice(0)) await dropIndex(index);
  },
} satisfies SuiteModule;

/**
 * The same 10k items in 2,000 small catalogues, spread over 2,000 counties (about 1,260 of them
 * drawn) against over the 41 regions of the other cases; default options, so the facets (one
 * count per region) are counted too. The mixed queries' region filters name regions of the 41,
 * so over the counties they match nothing: those queries are left out of both sides.
 */
async function regionsCase(vocab: Awaited<ReturnType<typeof vocabulary>>, queries: BenchQuery[]) {
  const { items, itemsPerNotice, counties } = REGIONS_CASE;
  const shape = { itemsPerNotice };
  const countyRecords = syntheticRecords(items, withCounties(vocab, counties), 1, shape);
  const many = await buildIndex(countyRecords);
  const few = await buildIndex(syntheticRecords(items, vocab, 1, shape));
  indexes.push(many, few);
  const unfiltered = queries.filter((q) => !q.region);
  const regions = new Set(countyRecords.map((r) => r.notice.meta.region?.name)).size;
  let [next, nextFew] = [0, 0];
  return {
    name: `query ${items / 1000}k items over ${regions} counties`,
    runs: unfiltered.length,
    warmup: 100,
    subject: () => search(many, unfiltered[next++ % unfiltered.length] as BenchQuery),
    baseline: {
      label: 'over 41 regions',
      run: () => search(few, unfiltered[nextFew++ % unfiltered.length] as BenchQuery),
    },
    budget: { maxOverheadPct: MAX_REGIONS_OVERHEAD_PCT },
    notes: () => ({
      notices: countyRecords.length,
      'regions (counties drawn)': regions,
      queries: `${unfiltered.length} of the mixed set (no region filter)`,
    }),
  } satisfies BenchCase;
}

function search(built: BuiltIndex, query: BenchQuery) {
  return built.index.search(query.q, { region: query.region, powerType: query.powerType });
}

/** How much of what the substring scan finds the index finds too (totals), and whether its hits are real. */
async function recall(built: BuiltIndex, docs: Parameters<typeof scan>[0], sample: BenchQuery[]) {
  let expected = 0;
  let found = 0;
  let hits = 0;
  let real = 0;
  let equal = 0;
  for (const query of sample) {
    const truth = scan(docs, query);
    const result = await built.index.search(query.q, {
      region: query.region,
      powerType: query.powerType,
      limit: 100,
    });
    expected += truth.size;
    found += Math.min(result.total, truth.size);
    if (result.total === truth.size) equal++;
    hits += result.hits.length;
    real += result.hits.filter((hit) => truth.has(identity(hit))).length;
  }
  return {
    'recall vs scan': expected ? (found / expected).toFixed(4) : '1',
    'hits confirmed by scan': hits ? (real / hits).toFixed(4) : '1',
    'same count': `${equal}/${sample.length}`,
  };
}

/**
 * autocannon against GET /api/search at the largest size: the server in its own process
 * (bench/search-server.ts) on the same index directory, 10 connections, the 1,000 queries in turn;
 * as other tools ask (hits only), and with `facets=true` (the counts the web page shows), which
 * the target does not cover.
 */
function httpCase(built: BuiltIndex, queries: BenchQuery[], size: string, facets: boolean): BenchCase {
  const paths = queries.map((q) => {
    const params = new URLSearchParams({ q: q.q });
    if (facets) params.set('facets', 'true');
    if (q.region) params.set('region', q.region);
    if (q.powerType) params.set('powerType', q.powerType);
    return `/api/search?${params}`;
  });
  let notes: Record<string, string | number> = {};
  return {
    name: `HTTP ${HTTP_SECONDS} s, 10 connections, ${size}${facets ? ', facets=true' : ''}`,
    runs: 1,
    warmup: 0,
    subject: async () => {
      const server = spawn(process.execPath, ['--import', 'tsx', SERVER, built.dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const port = await new Promise<string>((resolve, reject) => {
          server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
          server.once('exit', (code) => reject(new Error(`the search server exited (${code})`)));
        });
        const cpu = async () => {
          const { user, system } = (await (
            await fetch(`http://127.0.0.1:${port}/bench/cpu`)
          ).json()) as NodeJS.CpuUsage;
          return user + system;
        };
        const cpuBefore = await cpu();
        let turn = 0;
        const result = await autocannon({
          url: `http://127.0.0.1:${port}`,
          connections: 10,
          duration: HTTP_SECONDS,
          requests: [
            {
              method: 'GET',
              setupRequest: (request) => ({ ...request, path: paths[turn++ % paths.length] }),
            },
          ],
        });
        const perSecond = result.requests.average;
        const cpuPerRequestMs = ((await cpu()) - cpuBefore) / 1000 / Math.max(1, result.requests.total);
        notes = {
          'requests/s': perSecond.toFixed(0),
          'latency p50 ms': result.latency.p50,
          'latency p99 ms': result.latency.p99,
          'server CPU ms/request (all its threads, GC included)': cpuPerRequestMs.toFixed(2),
          non2xx: result.non2xx,
          errors: result.errors,
          target: facets
            ? 'none (facets are asked for by the web page, not the throughput target)'
            : perSecond >= MIN_REQUESTS_PER_S
              ? `≥ ${MIN_REQUESTS_PER_S}/s: met`
              : `≥ ${MIN_REQUESTS_PER_S}/s: NOT met`,
        };
      } finally {
        server.kill('SIGTERM');
      }
    },
    notes: () => notes,
  };
}
