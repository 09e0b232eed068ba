/**
 * The search issue's targets on synthetic catalogues (bench/synthetic.ts) at 1k, 10k and 100k
 * items in the embedded index: build time, index size and memory (notes), search latency over
 * 1,000 mixed queries in-process (p95 ≤ 15 ms) against a brute-force substring scan (time and
 * recall), and over HTTP with autocannon at 100k (≥ 500 requests/s).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchCase, SuiteModule } from '../harness.ts';
import { type BuiltIndex, buildIndex, documentsOfAll, identity, scan } from '../search-support.ts';
import { type BenchQuery, mixedQueries, syntheticRecords, vocabulary } from '../synthetic.ts';

const SIZES = [1_000, 10_000, 100_000];
const MAX_P95_MS = 15;
const MIN_REQUESTS_PER_S = 500;
const HTTP_SECONDS = 10;
const SERVER = fileURLToPath(new URL('../search-server.ts', import.meta.url));

async function cases(): Promise<BenchCase[]> {
  const vocab = await vocabulary();
  const queries = mixedQueries(vocab);
  const out: BenchCase[] = [];
  let largest: BuiltIndex | undefined;
  for (const size of SIZES) {
    const records = syntheticRecords(size, vocab);
    const built = await buildIndex(records);
    const docs = documentsOfAll(records);
    const label = size >= 1000 ? `${size / 1000}k` : String(size);
    const sample = size >= 100_000 ? 100 : 1000;
    let next = 0;
    let scanned = 0;
    out.push({
      name: `query ${label} items`,
      runs: queries.length,
      warmup: 100,
      subject: () => search(built, queries[next++ % queries.length] as BenchQuery),
      budget: { maxP95Ms: MAX_P95_MS },
      notes: async () => ({ ...built.figures, ...(await recall(built, docs, queries.slice(0, sample))) }),
    });
    out.push({
      name: `substring scan ${label} items`,
      runs: sample,
      warmup: 5,
      subject: () => scan(docs, queries[scanned++ % queries.length] as BenchQuery),
    });
    largest = built;
  }
  if (largest) out.push(httpCase(largest, queries));
  return out;
}

export default {
  description:
    'embedded search index: build, size, memory, latency in-process and over HTTP, vs a substring scan',
  cases,
} satisfies SuiteModule;

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
 * (bench/search-server.ts) on the same index directory, 10 connections, the 1,000 queries in turn.
 */
function httpCase(built: BuiltIndex, queries: BenchQuery[]): BenchCase {
  const paths = queries.map((q) => {
    const params = new URLSearchParams({ q: q.q });
    if (q.region) params.set('region', q.region);
    if (q.powerType) params.set('powerType', q.powerType);
    return `/api/search?${params}`;
  });
  let notes: Record<string, string | number> = {};
  return {
    name: `HTTP ${HTTP_SECONDS} s, 10 connections, ${(SIZES.at(-1) ?? 0) / 1000}k items`,
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
          target:
            perSecond >= MIN_REQUESTS_PER_S
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
