import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsOf, type SearchDocument } from '../../src/search/documents.ts';
import { FacetCodes } from '../../src/search/embedded/facets.ts';
import { type SeededStore, seedStore } from './fixtures.ts';

/** Bitset of the ids for which `keep` holds. */
function bitsOf(size: number, keep: (id: number) => boolean): Uint32Array {
  const bits = new Uint32Array((size + 31) >>> 5);
  for (let id = 0; id < size; id++)
    if (keep(id)) bits[id >>> 5] = (bits[id >>> 5] as number) | (1 << (id & 31));
  return bits;
}

describe('facet counts of large match sets (FacetCodes.countLarge)', () => {
  let seeded: SeededStore;
  let docs: SearchDocument[];
  const facets = new FacetCodes();
  let codes: Int32Array;
  beforeAll(async () => {
    seeded = await seedStore();
    docs = seeded.records.flatMap(documentsOf);
    codes = Int32Array.from(docs, (doc, id) => facets.set(id, doc));
  });
  afterAll(async () => seeded?.cleanup());

  it('counting what a set misses and taking it from all gives the same counts as counting the set', () => {
    const size = docs.length;
    expect(size).toBeGreaterThan(50);
    // live: all but every 7th document (superseded, say); sets of several sizes inside it
    const liveKeep = (id: number) => id % 7 !== 3;
    const live = { bits: bitsOf(size, liveKeep), total: 0, key: 'v1' };
    for (let id = 0; id < size; id++) if (liveKeep(id)) live.total++;
    for (const share of [0.2, 0.55, 0.8, 0.97, 1]) {
      let total = 0;
      const set = bitsOf(size, (id) => {
        const keep = liveKeep(id) && ((id * 2654435761) >>> 0) / 2 ** 32 < share;
        if (keep) total++;
        return keep;
      });
      expect(facets.countLarge(set, total, live, codes), `share ${share}`).toEqual(
        facets.countBits(set, codes),
      );
    }
  });

  it('recounts all live documents when the key changes', () => {
    const size = docs.length;
    const everything = { bits: bitsOf(size, () => true), total: size, key: 'v2' };
    const full = facets.countLarge(everything.bits, size, everything, codes);
    expect(full).toEqual(facets.countBits(everything.bits, codes));
    const fewer = { bits: bitsOf(size, (id) => id % 2 === 0), total: Math.ceil(size / 2), key: 'v3' };
    const most = bitsOf(size, (id) => id % 2 === 0 && id % 10 !== 0);
    let total = 0;
    for (let id = 0; id < size; id += 2) if (id % 10 !== 0) total++;
    expect(facets.countLarge(most, total, fewer, codes)).toEqual(facets.countBits(most, codes));
  });

  it('counts each value as the documents hold it, with hundreds of regions (the 100 most frequent kept)', () => {
    // regions are counted apart from kind, status and power type: one count per combination of
    // all four would be 512 per region
    const many = Array.from({ length: docs.length * 8 }, (_, id) => ({
      ...(docs[id % docs.length] as SearchDocument),
      region: id % 5 === 0 ? null : `地区${id % 700}`,
    }));
    const codes = new FacetCodes();
    const packed = Int32Array.from(many, (doc, id) => codes.set(id, doc));
    const all = Uint32Array.from(many, (_, id) => id);
    const odd = all.filter((id) => id % 2 === 1);
    for (const matched of [all, odd]) {
      const expected = {
        kind: tally(matched, (doc) => [doc.kind]),
        status: tally(matched, (doc) => [doc.status]),
        powerType: tally(matched, (doc) => (doc.powerType ? [doc.powerType] : [])),
        region: tally(matched, (doc) => (doc.region ? [doc.region] : []), 100),
        lawCited: tally(
          matched,
          (doc) => [...new Set(doc.laws.map((law) => law.split('#')[0] as string))],
          20,
        ),
      };
      expect(new Set([...matched].map((id) => many[id]?.region)).size).toBeGreaterThan(
        matched === all ? 500 : 250,
      );
      expect(Object.keys(expected.region)).toHaveLength(100);
      expect(codes.count(matched, matched.length, packed)).toEqual(expected);
    }

    function tally(
      matched: Uint32Array,
      values: (doc: SearchDocument) => string[],
      max = Number.POSITIVE_INFINITY,
    ): Record<string, number> {
      const counts = new Map<string, number>();
      for (const id of matched)
        for (const value of values(many[id] as SearchDocument))
          counts.set(value, (counts.get(value) ?? 0) + 1);
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return Object.fromEntries(sorted.slice(0, max));
    }
  });
});
