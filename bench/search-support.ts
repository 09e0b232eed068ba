/**
 * Helpers of the search benchmark: building the embedded index through its port (measuring
 * time, size and memory), the brute-force substring scan it is compared with, and an HTTP load
 * run with autocannon.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { StoredNotice } from '../schemas/store.ts';
import { documentsOf, type SearchDocument } from '../src/search/documents.ts';
import { createEmbeddedIndex } from '../src/search/embedded/adapter.ts';
import { needleOf, parseQuery } from '../src/search/query.ts';
import type { SearchIndex } from '../src/search/types.ts';
import type { BenchQuery } from './synthetic.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export interface BuiltIndex {
  index: SearchIndex;
  dir: string;
  figures: Record<string, string | number>;
}

/** Indexes the records in batches of 100 notices, compacts, and reopens the directory. */
export async function buildIndex(records: StoredNotice[]): Promise<BuiltIndex> {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-bench-index-'));
  gc();
  const before = process.memoryUsage();
  const index = await createEmbeddedIndex(dir);
  let started = performance.now();
  for (let i = 0; i < records.length; i += 100) await index.indexNotices(records.slice(i, i + 100));
  const buildMs = performance.now() - started;
  started = performance.now();
  await index.flush();
  const snapshotMs = performance.now() - started;
  await index.search('价格');
  gc();
  const after = process.memoryUsage();
  const { bytes, documents } = await index.stats();
  started = performance.now();
  const reopened = await createEmbeddedIndex(dir);
  await reopened.search('价格');
  const loadMs = performance.now() - started;
  await reopened.close();
  const heap = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  return {
    index,
    dir,
    figures: {
      documents: documents.item + documents.notice,
      'build s': (buildMs / 1000).toFixed(1),
      'snapshot s': (snapshotMs / 1000).toFixed(1),
      'load s': (loadMs / 1000).toFixed(1),
      'index MiB': ((bytes ?? 0) / 2 ** 20).toFixed(1),
      'memory MiB': (heap / 2 ** 20).toFixed(0),
      'rss MiB': (after.rss / 2 ** 20).toFixed(0),
    },
  };
}

export async function dropIndex(built: BuiltIndex): Promise<void> {
  await built.index.close();
  await rm(built.dir, { recursive: true, force: true });
}

/** Every document of the records, as the index holds them (searchForm text per field). */
export function documentsOfAll(records: StoredNotice[]): SearchDocument[] {
  return records.flatMap(documentsOf);
}

/** One document's identity, comparable with a hit's. */
export function identity(x: {
  noticeId: string;
  version: number;
  kind: string;
  table: number | null;
  seq: number | null;
  article: number | null;
}): string {
  return `${x.noticeId}@${x.version}|${x.kind}|${x.table}|${x.seq}|${x.article}`;
}

/**
 * The brute-force baseline: every document whose fields contain every query word (in one of its
 * spellings) as a substring, with the same filters — no index, no ranking. A single character
 * the query glues to its neighbour (服 of 医疗服 → 疗服) is looked for with that neighbour, as the
 * index does.
 */
export function scan(docs: SearchDocument[], query: BenchQuery): Set<string> {
  const { words } = parseQuery(query.q);
  const found = new Set<string>();
  if (words.length === 0) return found;
  for (const doc of docs) {
    if (query.powerType && doc.powerType !== query.powerType) continue;
    if (query.region && !doc.regionPath.includes(query.region)) continue;
    if (words.every((w) => w.spellings.some((s) => doc.fields.some((field) => field.includes(needleOf(s))))))
      found.add(identity(doc));
  }
  return found;
}
