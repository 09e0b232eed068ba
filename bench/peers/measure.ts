/**
 * Figures of the search side by side: heap after a build (forced GC before and after), the
 * ground truth of a query (a substring scan), recall and precision of an engine's full result
 * sets against it, and latency percentiles.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { SearchDocument } from '../../src/search/documents.ts';
import { quantile } from '../harness.ts';
import type { PeerQuery } from './engines.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Runs `build`, returning its wall time and the growth of the heap (heapUsed + arrayBuffers) across it, both after a full GC. */
export async function measureBuild(build: () => unknown): Promise<{ buildMs: number; heapMiB: number }> {
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  await build();
  const buildMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  const heap = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  return { buildMs, heapMiB: heap / 2 ** 20 };
}

export function collect(): void {
  gc();
}

/** One query's ground truth: a mark per document, and how many. */
export interface Truth {
  marks: Uint8Array;
  count: number;
}

/**
 * The substring scan: every document whose searchable fields hold each space-separated part of
 * the parsed query text as a substring (in one field each), with the query's filters.
 */
export function truthOf(docs: readonly SearchDocument[], query: PeerQuery): Truth {
  const parts = query.text.split(' ').filter((part) => part.length > 0);
  const marks = new Uint8Array(docs.length);
  let count = 0;
  if (parts.length === 0) return { marks, count };
  for (let id = 0; id < docs.length; id++) {
    const doc = docs[id] as SearchDocument;
    if (query.powerType && doc.powerType !== query.powerType) continue;
    if (query.region && !doc.regionPath.includes(query.region)) continue;
    if (!doc.current) continue;
    if (parts.every((part) => doc.fields.some((field) => field.includes(part)))) {
      marks[id] = 1;
      count++;
    }
  }
  return { marks, count };
}

export interface Accuracy {
  /** Found / expected, summed over the queries. */
  recall: number;
  /** Returned documents holding the substrings / returned, summed over the queries. */
  precision: number;
  /** Queries whose every ground-truth document was returned. */
  complete: number;
  queries: number;
}

/** Recall and precision of full result sets (document ids per query, in the truths' order). */
export function accuracy(truths: readonly Truth[], results: readonly (readonly number[])[]): Accuracy {
  let expected = 0;
  let found = 0;
  let returned = 0;
  let complete = 0;
  truths.forEach((truth, q) => {
    const ids = new Set(results[q] ?? []);
    let hits = 0;
    for (const id of ids) if (truth.marks[id]) hits++;
    expected += truth.count;
    found += hits;
    returned += ids.size;
    if (hits === truth.count) complete++;
  });
  return {
    recall: expected ? found / expected : 1,
    precision: returned ? found / returned : 1,
    complete,
    queries: truths.length,
  };
}

export function p50p95(samples: readonly number[]): { p50: number; p95: number } {
  return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}
