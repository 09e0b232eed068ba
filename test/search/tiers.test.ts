import { beforeAll, describe, expect, it } from 'vitest';
import { mixedQueries, syntheticRecords, vocabulary } from '../../bench/synthetic.ts';
import { documentsOf } from '../../src/search/documents.ts';
import { type Dense, denseOf } from '../../src/search/embedded/dense.ts';
import { MemoryIndex } from '../../src/search/embedded/memory.ts';
import type { Matches } from '../../src/search/embedded/postings.ts';
import { TopK } from '../../src/search/embedded/rank.ts';
import { Scan, visitTiers } from '../../src/search/embedded/scan.ts';
import { searchMemory } from '../../src/search/embedded/search.ts';
import { wordMatches } from '../../src/search/embedded/words.ts';
import { parseQuery } from '../../src/search/query.ts';

/**
 * Visiting a common query's matches tier by tier and part by part, skipping what cannot enter the
 * top, must keep exactly the documents a visit of every match keeps (scores and ids alike).
 */
describe('tiered visiting of large match sets (scan.ts visitTiers)', () => {
  const memory = new MemoryIndex();
  let queries: string[] = [];
  beforeAll(async () => {
    const vocab = await vocabulary();
    const records = syntheticRecords(12_000, vocab, 3);
    records.forEach((record, n) => {
      // every 9th notice superseded, so the state term varies too
      memory.replaceVersion(record.id, record.version, n % 9 !== 4, documentsOf(record));
    });
    queries = [...new Set(mixedQueries(vocab, 400, 5).map((q) => q.q))];
  }, 120_000);

  it('keeps the same top as visiting every match, for every common query of the mixed set', () => {
    const { state, titleLength } = memory.columns;
    const size = memory.idLimit;
    let compared = 0;
    let multiWord = 0;
    for (const text of queries) {
      const query = parseQuery(text);
      const sets = query.words.map((word) => wordMatches(memory, word));
      if (sets.length === 0 || sets.some((set) => !set?.dense)) continue;
      const words = sets.map((set) => set?.dense as Dense);
      const live = memory.columns.bits(1, size);
      const common = live.slice();
      for (const word of words)
        for (let w = 0; w < common.length; w++) common[w] = (common[w] as number) & (word.any[w] as number);
      const joins = query.joins.map((gram) => {
        const list = memory.grams.get(gram);
        return list ? (denseOf(list, size) ?? (list as unknown as Matches)) : null;
      });
      const probes = words.map((dense, i) => ({ dense, sparse: null, word: i }));
      for (const k of [20, 60, 600, 3000]) {
        const every = new TopK(k);
        new Scan(
          probes,
          joins,
          words.length,
          -1,
          state,
          titleLength,
          1,
          new Uint32Array(size),
          every,
        ).visitCommon([common]);
        for (const partedFrom of [0, Number.POSITIVE_INFINITY]) {
          const tiered = new TopK(k);
          const scan = new Scan(
            probes,
            joins,
            words.length,
            -1,
            state,
            titleLength,
            1,
            new Uint32Array(0),
            tiered,
          );
          visitTiers(scan, common, words, tiered, partedFrom);
          expect(tiered.take(), `${text} (top ${k}, parts from ${partedFrom})`).toEqual(every.take());
        }
      }
      compared++;
      if (words.length > 1) multiWord++;
    }
    expect(compared).toBeGreaterThan(30);
    expect(multiWord).toBeGreaterThan(5);
  });
});

describe('kept word bitsets and facet counts (words.ts, search.ts) follow the index', () => {
  /** A search of the kind the kept sets serve (top 20 with facets), as compared: total, facets, hits. */
  const ask = (memory: MemoryIndex, text: string) => {
    const { total, hits, facets } = searchMemory(memory, {
      query: parseQuery(text),
      terms: [],
      currentOnly: true,
      limit: 20,
      offset: 0,
      facets: true,
    });
    return { total, facets, hits: hits.map((hit) => hit.doc.key) };
  };

  it('answers as a fresh index does after notices are added, superseded and removed', async () => {
    const vocab = await vocabulary();
    const records = syntheticRecords(6_000, vocab, 8);
    const first = records.slice(0, Math.floor(records.length / 2));
    const later = records.slice(first.length);
    const kept = new MemoryIndex();
    for (const r of first) kept.replaceVersion(r.id, r.version, true, documentsOf(r));
    const words = ['医疗保障', '社会保险法', '监督检查', '定点医药机构 医疗保障基金'];
    // searched once: the bitsets and counts are kept
    for (const text of words) expect(ask(kept, text).total).toBeGreaterThan(0);
    // the index changes under the kept sets: new notices, one superseded, one removed
    const superseded = later[3] as (typeof later)[number];
    const change = (memory: MemoryIndex) => {
      for (const r of later) memory.replaceVersion(r.id, r.version, true, documentsOf(r));
      const next = { ...superseded, version: superseded.version + 1 };
      memory.replaceVersion(next.id, next.version, true, documentsOf(next));
      memory.removeNotice((later[7] as (typeof later)[number]).id);
      return memory;
    };
    /** An index holding the first half, then changed: it has kept nothing from earlier searches. */
    const built = () => {
      const memory = new MemoryIndex();
      for (const r of first) memory.replaceVersion(r.id, r.version, true, documentsOf(r));
      return change(memory);
    };
    change(kept);
    const fresh = built();
    for (const text of words) {
      const answer = ask(kept, text);
      expect(answer, text).toEqual(ask(fresh, text));
      // asked again (now from what was kept), the same
      expect(ask(kept, text), text).toEqual(answer);
    }
    // a removal alone leaves every list (and so every kept bitset) as it was: the counts must
    // follow; compared with an index built anew, which has kept nothing
    const removed = (first[2] as (typeof first)[number]).id;
    kept.removeNotice(removed);
    const anew = built();
    anew.removeNotice(removed);
    for (const text of words) expect(ask(kept, text), text).toEqual(ask(anew, text));
  });

  it('extends kept bitsets upload by upload as a fresh index computes them', async () => {
    const vocab = await vocabulary();
    const records = syntheticRecords(6_000, vocab, 9); // 60 notices of 100 items
    const kept = new MemoryIndex();
    const add = (memory: MemoryIndex, from: number, to: number) => {
      for (const r of records.slice(from, to)) memory.replaceVersion(r.id, r.version, true, documentsOf(r));
    };
    add(kept, 0, 40);
    // common words (their lists dense), a word of two spellings, and a phrase of several words
    const texts = ['医疗保障', '社会保险法', '监督检查', '医保 基金', '定点医药机构 医疗保障基金'];
    for (const text of texts) ask(kept, text);
    // one notice at a time (within the buffers' room after the first), then a batch past it:
    // asked after each, as a fresh index answers
    for (const [from, to] of [
      [40, 41],
      [41, 42],
      [42, 44],
      [44, 60],
    ] as const) {
      add(kept, from, to);
      const fresh = new MemoryIndex();
      add(fresh, 0, to);
      for (const text of texts) expect(ask(kept, text), `${text} after ${to}`).toEqual(ask(fresh, text));
    }
  });
});
