/**
 * The search index side by side with the JS libraries a user would pick instead (MiniSearch,
 * FlexSearch, Orama with a Chinese tokenizer; bench/peers/engines.ts) on the same synthetic
 * documents and the same 1,000 mixed queries as the search suite, at 1k, 10k and 100k items
 * (BENCH_MAX_ITEMS stops it earlier): build time, heap after the build, p50/p95 per query, and
 * recall against a substring scan (every document holding the parsed query's words as
 * substrings, with the same filters). One case per peer and size: subject = our embedded index
 * (`createEmbeddedIndex`, `index.search` as the search suite calls it), baseline = the peer, the
 * same query in the same iteration; the figures are in the notes and a table per size is printed.
 *
 * Sizes are built lazily, one at a time: a size's data and our index are made by its first case
 * (in a warm-up run) and released after its last; a peer is built in its case's first run and
 * dropped after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { documentsOf, type SearchDocument } from '../../src/search/documents.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { type FilterTerm, MemoryIndex } from '../../src/search/embedded/memory.ts';
import { searchMemory } from '../../src/search/embedded/search.ts';
import { resolveOptions } from '../../src/search/filters.ts';
import { parseQuery, parseQueryUncached } from '../../src/search/query.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { mulberry32 } from '../../tools/synthetic/random.ts';
import type { BenchCase, RunOptions, SuiteModule } from '../harness.ts';
import {
  loadEngines,
  type PeerEngine,
  type PeerQuery,
  type PeerRecord,
  peerRecords,
} from '../peers/engines.ts';
import {
  type Accuracy,
  accuracy,
  collect,
  measureBuild,
  p50p95,
  type Truth,
  truthOf,
} from '../peers/measure.ts';
import {
  type BenchQuery,
  mixedQueries,
  syntheticRecords,
  type Vocabulary,
  vocabulary,
} from '../synthetic.ts';

const SIZES = [1_000, 10_000, 100_000];
/** Queries whose full result sets are checked at 100k items (the first ones: every kind alike); all 1,000 below. */
const RECALL_SAMPLE_LARGE = 200;
const WARMUP = 100;
/** The search suite's query set: 1,000 mixed queries, each timed once per case. */
const QUERIES = 1000;
/**
 * The order the timed runs take the queries in: shuffled (seeded), because the query kinds cycle
 * every 10 queries and a peer's 200 runs at 100k are every 5th iteration, which in query order
 * would be two kinds only (one of them the queries matching nothing).
 */
const ORDER = shuffled(QUERIES, 11);
/** Hits asked for in the timed queries (our API's default page). */
const LIMIT = 20;
/** Timed queries of a peer at 100k items (every 5th run: a random sample of the queries, ORDER being shuffled); all 1,000 below. */
const PEER_RUNS_LARGE = 200;
/** A peer is left out of a size when its estimated heap (and ~8 KiB a document for the rest) would pass this share of the heap limit. */
const HEAP_SHARE = 0.7;
const BASE_KIB_PER_DOC = 8;

interface Row {
  engine: string;
  buildMs: number;
  heapMiB: number;
  samples: number[];
  /** Our samples in this peer's case (the same iterations). */
  oursSamples: number[];
  accuracy?: Accuracy;
}

/** One size's data, our index and the figures so far; made by the size's first case. */
interface Lab {
  docs: SearchDocument[];
  peers: PeerRecord[];
  queries: BenchQuery[];
  parsed: PeerQuery[];
  truths: Truth[];
  ours: SearchIndex;
  dir: string;
  rows: Row[];
  oursRow: Row;
  embedded: { buildMs: number; heapMiB: number };
  /** Parsing alone over the query set, uncached (part of our timed search: its 1,000 queries cycle through the cache of 512, which keeps none of them). */
  parse: { p50: number; p95: number };
  /** searchMemory alone on the MemoryIndex, top 20, query parsed beforehand, one pass after a warm one. */
  core: { p50: number; p95: number };
  /** Peers left out of this size, with why. */
  skipped: string[];
}

const dirs: string[] = [];

async function cases(options: RunOptions): Promise<BenchCase[]> {
  const vocab = await vocabulary();
  const makers = await loadEngines();
  const out: BenchCase[] = [];
  const sizes = SIZES.filter((size) => size <= options.maxItems);
  for (const size of sizes.length ? sizes : SIZES.slice(0, 1)) {
    const label = `${size / 1000}k`;
    let lab: Promise<Lab> | null = null;
    let ready: Lab | null = null;
    const open = () => {
      lab ??= prepare(size, vocab).then((made) => {
        ready = made;
        return made;
      });
      return lab;
    };
    const documents = size + Math.ceil(size / 100);
    const limit = v8.getHeapStatistics().heap_size_limit;
    const engines = makers.map((make) => make());
    const fitting = engines.filter(
      (e) => documents * (e.heapKiBPerDoc + BASE_KIB_PER_DOC) * 1024 <= HEAP_SHARE * limit,
    );
    const skipped = engines
      .filter((e) => !fitting.includes(e))
      .map(
        (e) =>
          `${e.label}: left out, estimated heap ${((documents * e.heapKiBPerDoc) / 1024).toFixed(0)} MiB ` +
          `(heap limit ${(limit / 2 ** 20).toFixed(0)} MiB; NODE_OPTIONS=--max-old-space-size=8192 to include it)`,
      );
    fitting.forEach((engine, position) => {
      let built = false;
      const row: Row = { engine: engine.label, buildMs: NaN, heapMiB: NaN, samples: [], oursSamples: [] };
      const last = position === fitting.length - 1;
      const ourRun = (run: number): unknown => {
        const l = ready;
        if (!l) return open().then(() => ourRun(run));
        const query = l.queries[ORDER[run % QUERIES] as number] as BenchQuery;
        const started = performance.now();
        return l.ours
          .search(query.q, { region: query.region, powerType: query.powerType, limit: LIMIT, facets: false })
          .then(() => {
            if (run < WARMUP) return;
            const ms = performance.now() - started;
            l.oursRow.samples.push(ms);
            row.oursSamples.push(ms);
          });
      };
      const peerRun = (run: number): unknown => {
        const l = ready;
        if (!l || !built)
          return open().then(async (opened) => {
            if (!built) await buildPeer(engine, opened, row);
            built = true;
            return peerRun(run);
          });
        const query = l.parsed[ORDER[run % QUERIES] as number] as PeerQuery;
        const started = performance.now();
        engine.search(query, LIMIT);
        if (run >= WARMUP) row.samples.push(performance.now() - started);
        return undefined;
      };
      out.push({
        name: `${label} items, ours vs ${engine.label}`,
        runs: QUERIES,
        warmup: WARMUP,
        subject: ourRun,
        baseline: {
          label: engine.label,
          run: peerRun,
          ...(size >= 100_000 ? { runs: PEER_RUNS_LARGE, warmup: 10 } : {}),
        },
        // "no worse than the peer": our median at most the peer's
        budget: { maxOverheadPct: 0 },
        notes: async () => {
          const l = await open();
          engine.drop();
          l.skipped = skipped;
          const notes = caseNotes(l, row, engine);
          if (last) {
            console.log(sideBySide(label, l));
            await release(l);
            lab = null;
            ready = null;
          }
          return notes;
        },
      });
    });
  }
  return out;
}

export default {
  description:
    'our search index vs MiniSearch, FlexSearch and Orama on the same documents and queries: build, heap, p50/p95, recall vs a substring scan',
  cases,
  async teardown() {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  },
} satisfies SuiteModule;

/** The size's documents and queries, the ground truths, our figures (MemoryIndex) and our embedded index. */
async function prepare(size: number, vocab: Vocabulary): Promise<Lab> {
  const records = syntheticRecords(size, vocab);
  const perRecord = records.map(documentsOf);
  const docs = perRecord.flat();
  const queries = mixedQueries(vocab, QUERIES);
  const parsed = queries.map((q) => ({ ...q, text: parseQuery(q.q).text }));
  const parseMs = queries.map((q) => {
    const started = performance.now();
    parseQueryUncached(q.q);
    return performance.now() - started;
  });
  const sample = size >= 100_000 ? RECALL_SAMPLE_LARGE : queries.length;
  const truths = parsed.slice(0, sample).map((q) => truthOf(docs, q));

  // our index in memory from the same documents the peers get: build, heap, full result sets
  let memory: MemoryIndex | null = null;
  const built = await measureBuild(() => {
    memory = new MemoryIndex();
    records.forEach((record, r) => {
      memory?.replaceVersion(record.id, record.version, record.current, perRecord[r] as SearchDocument[]);
    });
  });
  const idOf = new Map(docs.map((doc, id) => [doc.key, id]));
  // the core alone, as the adapter calls it (query parsed and options resolved beforehand)
  const memoryQueries = queries.map((q) => {
    const resolved = resolveOptions({ region: q.region, powerType: q.powerType, facets: false });
    const terms: FilterTerm[] = [];
    if (resolved.region) terms.push(`r:${resolved.region}`);
    if (resolved.powerType) terms.push(`p:${resolved.powerType}`);
    return { query: parseQuery(q.q), terms, currentOnly: resolved.currentOnly, offset: 0, facets: false };
  });
  const core: number[] = [];
  for (const pass of [0, 1]) {
    for (const q of memoryQueries) {
      const started = performance.now();
      searchMemory(memory as unknown as MemoryIndex, { ...q, limit: LIMIT });
      if (pass === 1) core.push(performance.now() - started);
    }
  }
  const results = memoryQueries.slice(0, sample).map((q) => {
    const found = searchMemory(memory as unknown as MemoryIndex, { ...q, limit: docs.length });
    return found.hits.map((hit) => idOf.get(hit.doc.key) ?? -1);
  });
  memory = null;
  idOf.clear();
  collect();

  // our embedded index, as the search suite builds it and as the timed queries use it
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-peers-'));
  dirs.push(dir);
  let ours: SearchIndex | null = null;
  const embedded = await measureBuild(async () => {
    const index = await createEmbeddedIndex(dir);
    for (let i = 0; i < records.length; i += 100) await index.indexNotices(records.slice(i, i + 100));
    await index.search('价格');
    ours = index;
  });
  return {
    docs,
    peers: peerRecords(docs),
    queries,
    parsed,
    truths,
    ours: ours as unknown as SearchIndex,
    dir,
    rows: [],
    oursRow: { engine: 'ours', ...built, samples: [], oursSamples: [], accuracy: accuracy(truths, results) },
    embedded,
    parse: p50p95(parseMs),
    core: p50p95(core),
    skipped: [],
  };
}

async function buildPeer(engine: PeerEngine, lab: Lab, row: Row): Promise<void> {
  const built = await measureBuild(() => engine.build(lab.peers));
  const results = lab.truths.map((_, q) => engine.search(lab.parsed[q] as PeerQuery, lab.docs.length));
  Object.assign(row, built, { accuracy: accuracy(lab.truths, results) });
  lab.rows.push(row);
}

async function release(lab: Lab): Promise<void> {
  await lab.ours.close();
  await rm(lab.dir, { recursive: true, force: true });
  lab.docs.length = 0;
  lab.peers.length = 0;
  lab.truths.length = 0;
  collect();
}

function caseNotes(lab: Lab, row: Row, engine: PeerEngine): Record<string, string | number> {
  const ours = lab.oursRow;
  const notes: Record<string, string | number> = {
    'ours build ms': ours.buildMs.toFixed(0),
    'ours heap MiB': ours.heapMiB.toFixed(1),
    'ours recall': fixed(ours.accuracy?.recall),
  };
  notes[`${engine.label} build ms`] = row.buildMs.toFixed(0);
  notes[`${engine.label} heap MiB`] = row.heapMiB.toFixed(1);
  notes[`${engine.label} recall`] = fixed(row.accuracy?.recall);
  notes[`${engine.label} precision`] = fixed(row.accuracy?.precision);
  notes[`${engine.label} complete queries`] = `${row.accuracy?.complete}/${row.accuracy?.queries}`;
  notes['recall queries'] = row.accuracy?.queries ?? 0;
  notes[`${engine.label} timed queries`] = row.samples.length;
  notes.config = engine.config;
  return notes;
}

function fixed(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(4);
}

/** The size's table: one row per engine (ours first), and whether the done-when lines hold. */
function sideBySide(label: string, lab: Lab): string {
  const header = [
    'engine',
    'build ms',
    'heap MiB',
    'p50 ms',
    'p95 ms',
    'ours p50',
    'ours p95',
    'recall',
    'precision',
    'complete',
  ];
  const lines = [lab.oursRow, ...lab.rows].map((row) => {
    const { p50, p95 } = p50p95(row.samples);
    const same = row === lab.oursRow ? null : p50p95(row.oursSamples);
    const a = row.accuracy;
    return [
      row.engine,
      row.buildMs.toFixed(0),
      row.heapMiB.toFixed(1),
      p50.toFixed(3),
      p95.toFixed(3),
      same ? same.p50.toFixed(3) : '',
      same ? same.p95.toFixed(3) : '',
      fixed(a?.recall),
      fixed(a?.precision),
      a ? `${a.complete}/${a.queries}` : '-',
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => (l[c] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  const best = [...lab.rows].sort((a, b) => p50p95(a.samples).p95 - p50p95(b.samples).p95)[0];
  const flex = lab.rows.find((row) => row.engine === 'FlexSearch');
  const check = (row: Row | undefined, pick: 'p50' | 'p95') => {
    if (!row) return '-';
    const peer = p50p95(row.samples)[pick];
    const mine = p50p95(row.oursSamples)[pick];
    return `${mine.toFixed(3)} vs ${peer.toFixed(3)} ms: ${mine <= peer ? 'yes' : 'NO'}`;
  };
  return [
    '',
    `search-peers, ${label} items (${lab.docs.length} documents). p50/p95: per query, top ${LIMIT}; "ours p50/p95" = our ` +
      `queries in that peer's case (same iterations, interleaved); the ours row pools our ${lab.oursRow.samples.length} samples of all cases. ` +
      `Recall/precision vs the substring scan over ${lab.oursRow.accuracy?.queries} queries, full result sets.`,
    format(header),
    ...lines.map(format),
    `ours, build and heap above: MemoryIndex from the same documents; the timed index (createEmbeddedIndex, ` +
      `documentsOf and the journal on disk included): build ${lab.embedded.buildMs.toFixed(0)} ms, heap ` +
      `${lab.embedded.heapMiB.toFixed(1)} MiB; parsing alone (jieba, uncached, inside our timed search) p50 ` +
      `${lab.parse.p50.toFixed(3)} ms, p95 ${lab.parse.p95.toFixed(3)} ms; searchMemory alone (the core, parsed ` +
      `beforehand, no snippets) p50 ${lab.core.p50.toFixed(3)} ms, p95 ${lab.core.p95.toFixed(3)} ms`,
    ...lab.skipped,
    `ours recall 1.0: ${lab.oursRow.accuracy?.recall === 1 ? 'yes' : 'NO'}; ours p50 ≤ FlexSearch p50 (same case): ` +
      `${check(flex, 'p50')}; ours p95 ≤ best peer p95 (${best?.engine ?? '-'}, same case): ${check(best, 'p95')}`,
    '',
  ].join('\n');
}

/** 0 … n − 1 in a seeded random order (Fisher–Yates). */
function shuffled(n: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}
