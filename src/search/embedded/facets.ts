/**
 * Facet values of the embedded index's documents, packed into one small integer per document
 * (kind, status, power type, region; kept in Columns.facet) plus the cited law names in one flat
 * array, so counting the facets of 100,000 matches is a pass over typed arrays.
 */
import { NoticeStatus, PowerType } from '../../../schemas/notice.ts';
import { type SearchFacets, SearchKind } from '../../../schemas/search.ts';
import type { SearchDocument } from '../documents.ts';

const KINDS = SearchKind.options;
const STATUSES = NoticeStatus.options;
/** Index 0 stands for "no power type". */
const POWER_TYPES = [null, ...PowerType.options];
const MAX_LAWS = 20;
/** Regions counted in a search's facets: the most frequent, as Meilisearch's maxValuesPerFacet keeps them. */
const MAX_REGIONS = 100;

class Interner {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  private sorted: Int32Array | null = null;
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.codes.set(value, code);
    }
    return code;
  }

  /**
   * Each code's place in the values' localeCompare order, worked out again only when a value was
   * added: ties of a facet's counts are broken by it, an integer comparison. With a thousand
   * counties matched once each, breaking ties by localeCompare took milliseconds per search.
   */
  ranks(): Int32Array {
    if (this.sorted?.length !== this.values.length) {
      const { values } = this;
      const order = values
        .map((_, code) => code)
        .sort((a, b) => (values[a] as string).localeCompare(values[b] as string));
      const ranks = new Int32Array(values.length);
      order.forEach((code, rank) => {
        ranks[code] = rank;
      });
      this.sorted = ranks;
    }
    return this.sorted;
  }
}

export class FacetCodes {
  private readonly regions = new Interner();
  private readonly lawNames = new Interner();
  /** Per document: where its laws start in `laws`, and how many. */
  private lawStart = new Uint32Array(16);
  private lawCount = new Uint8Array(16);
  private laws = new Uint32Array(64);
  private lawsLength = 0;
  /** The counts of every live document, while the index is as it was (countLarge). */
  private allLive: { key: string; tally: Tally } | null = null;

  /**
   * Interns the document's facet values; returns its packed code: kind (2 bits) | status (3) |
   * power type (4) | region + 1 (the rest; 0 = none). Ids are set in ascending order.
   */
  set(id: number, doc: SearchDocument): number {
    const region = doc.region === null ? 0 : this.regions.code(doc.region) + 1;
    const names = [...new Set(doc.laws.map((law) => law.split('#')[0] as string))].slice(0, 255);
    this.place(
      id,
      names.map((law) => this.lawNames.code(law)),
    );
    return (
      KINDS.indexOf(doc.kind) |
      (STATUSES.indexOf(doc.status) << 2) |
      (POWER_TYPES.indexOf(doc.powerType) << 5) |
      (region << 9)
    );
  }

  /** The interned regions and law names, in code order (a segment records them). */
  tables(): { regions: readonly string[]; lawNames: readonly string[] } {
    return { regions: this.regions.values, lawNames: this.lawNames.values };
  }

  /** Per code, the place of the region and the law name in localeCompare order (see Interner.ranks). */
  ranks(): { regions: Int32Array; lawNames: Int32Array } {
    return { regions: this.regions.ranks(), lawNames: this.lawNames.ranks() };
  }

  /** Interns the values a segment recorded, in order, so its packed codes mean the same here. */
  restoreTables(regions: readonly string[], lawNames: readonly string[]): void {
    for (const region of regions) this.regions.code(region);
    for (const law of lawNames) this.lawNames.code(law);
  }

  /** The law-name codes of a document. */
  lawsOf(id: number): Uint32Array {
    const start = this.lawStart[id] ?? 0;
    return this.laws.subarray(start, start + (this.lawCount[id] ?? 0));
  }

  /** Sets a loaded document's law-name codes (ids in ascending order). */
  restoreLaws(id: number, codes: ArrayLike<number>): void {
    this.place(id, codes);
  }

  /** The facets of the first `n` ids of `matched`, whose packed codes are in `codes`. */
  count(matched: Uint32Array, n: number, codes: Int32Array): SearchFacets {
    const tally = new Tally(this, codes);
    for (let i = 0; i < n; i++) tally.add(matched[i] as number);
    return tally.facets();
  }

  /**
   * The facets of a large match set given as a bitset, in one pass over its set bits: cheaper
   * than a popcount of the set against every facet value's list once the values (regions, laws)
   * number in the dozens.
   */
  countBits(set: Uint32Array, codes: Int32Array): SearchFacets {
    const tally = new Tally(this, codes);
    tally.addBits(set, null);
    return tally.facets();
  }

  /**
   * The facets of `set`, a subset of `live` holding `total` of its `liveTotal` documents. When it
   * holds more than half of them, the documents of `live` outside it are counted instead and
   * taken from the counts of all of `live` (kept until `liveKey` changes: the index changed): a
   * word matching nearly everything (医保 at a million documents) costs a pass over what it
   * misses, not over what it matches.
   */
  countLarge(
    set: Uint32Array,
    total: number,
    live: { bits: Uint32Array; total: number; key: string },
    codes: Int32Array,
  ): SearchFacets {
    if (total * 2 <= live.total) return this.countBits(set, codes);
    let all = this.allLive;
    if (!all || all.key !== live.key) {
      const tally = new Tally(this, codes);
      tally.addBits(live.bits, null);
      all = { key: live.key, tally };
      this.allLive = all;
    }
    const missed = new Tally(this, codes);
    missed.addBits(live.bits, set);
    return all.tally.minus(missed).facets();
  }

  /** Each document's law codes: where they start in `ids`, and how many. */
  get lawTable() {
    return { start: this.lawStart, count: this.lawCount, ids: this.laws };
  }

  private place(id: number, codes: ArrayLike<number>): void {
    if (id >= this.lawStart.length) {
      const size = Math.max(id + 1, this.lawStart.length * 2);
      this.lawStart = grown(this.lawStart, new Uint32Array(size));
      this.lawCount = grown(this.lawCount, new Uint8Array(size));
    }
    if (this.lawsLength + codes.length > this.laws.length)
      this.laws = grown(
        this.laws,
        new Uint32Array(Math.max(this.laws.length * 2, this.lawsLength + codes.length)),
      );
    this.lawStart[id] = this.lawsLength;
    this.lawCount[id] = codes.length;
    this.laws.set(codes, this.lawsLength);
    this.lawsLength += codes.length;
  }
}

/**
 * Counts per facet value of the documents added: one count per kind × status × power type (the
 * low 9 bits of the packed code, 512 counts), one per region and one per cited law; split by
 * value at the end. Regions are counted apart from the rest: a count per whole packed code would
 * be 512 per region, 1.5 million counts to allocate and read back per search at 3,000 counties.
 */
class Tally {
  private readonly lowCounts = new Int32Array(LOW_CODES);
  private readonly regionCounts: Int32Array;
  private readonly laws: Int32Array;
  private readonly lawStart: Uint32Array;
  private readonly lawCount: Uint8Array;
  private readonly lawIds: Uint32Array;
  private readonly values: { regions: readonly string[]; lawNames: readonly string[] };

  constructor(
    private readonly facetCodes: FacetCodes,
    private readonly codes: Int32Array,
  ) {
    this.values = facetCodes.tables();
    this.regionCounts = new Int32Array(this.values.regions.length + 1);
    this.laws = new Int32Array(this.values.lawNames.length);
    const { start, count, ids } = facetCodes.lawTable;
    this.lawStart = start;
    this.lawCount = count;
    this.lawIds = ids;
  }

  /** Adds the documents set in `bits` (and not in `except`, when given). */
  addBits(bits: Uint32Array, except: Uint32Array | null): this {
    for (let w = 0; w < bits.length; w++) {
      let word = except ? (bits[w] as number) & ~(except[w] as number) : (bits[w] as number);
      if (word === -1 || word === 0xffffffff) {
        // a full word (common in the sets this is for): its 32 ids in a row
        for (let id = w << 5, end = id + 32; id < end; id++) this.add(id);
        continue;
      }
      while (word !== 0) {
        const low = word & -word;
        this.add((w << 5) | (31 - Math.clz32(low)));
        word ^= low;
      }
    }
    return this;
  }

  /** These counts less another tally's (of a subset of the same documents), as a new tally. */
  minus(other: Tally): Tally {
    const out = new Tally(this.facetCodes, this.codes);
    subtract(out.lowCounts, this.lowCounts, other.lowCounts);
    subtract(out.regionCounts, this.regionCounts, other.regionCounts);
    subtract(out.laws, this.laws, other.laws);
    return out;
  }

  add(id: number): void {
    const code = this.codes[id] as number;
    const { lowCounts, regionCounts, laws, lawIds } = this;
    lowCounts[code & (LOW_CODES - 1)] = (lowCounts[code & (LOW_CODES - 1)] as number) + 1;
    regionCounts[code >>> 9] = (regionCounts[code >>> 9] as number) + 1;
    const start = this.lawStart[id] as number;
    const end = start + (this.lawCount[id] as number);
    for (let l = start; l < end; l++) {
      const law = lawIds[l] as number;
      laws[law] = (laws[law] as number) + 1;
    }
  }

  facets(): SearchFacets {
    const { regions, lawNames } = this.values;
    const kinds = new Int32Array(4);
    const statuses = new Int32Array(8);
    const powers = new Int32Array(16);
    const lowCounts = this.lowCounts;
    for (let code = 0; code < LOW_CODES; code++) {
      const n = lowCounts[code] as number;
      if (n === 0) continue;
      kinds[code & 3] = (kinds[code & 3] as number) + n;
      statuses[(code >> 2) & 7] = (statuses[(code >> 2) & 7] as number) + n;
      powers[(code >> 5) & 15] = (powers[(code >> 5) & 15] as number) + n;
    }
    const ranks = this.facetCodes.ranks();
    return {
      kind: counts(kinds, (i) => KINDS[i]),
      status: counts(statuses, (i) => STATUSES[i]),
      powerType: counts(powers, (i) => POWER_TYPES[i] ?? undefined),
      region: counts(
        this.regionCounts,
        (i) => (i === 0 ? undefined : regions[i - 1]),
        MAX_REGIONS,
        (i) => ranks.regions[i - 1] as number,
      ),
      lawCited: counts(
        this.laws,
        (i) => lawNames[i],
        MAX_LAWS,
        (i) => ranks.lawNames[i] as number,
      ),
    };
  }
}

/** Kind (2 bits), status (3) and power type (4): the packed code below its region. */
const LOW_CODES = 1 << 9;

function subtract(out: Int32Array, a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) - (b[i] ?? 0);
}

/** Set bits per 16-bit value. */
const BITS = Uint8Array.from({ length: 65536 }, (_, x) => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
});

/** Set bits of a 32-bit word. */
export function popcount(x: number): number {
  return (BITS[x & 0xffff] as number) + (BITS[x >>> 16] as number);
}

function grown<T extends Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Non-zero counts by value, most frequent first (then by value: localeCompare, or `rank`, each
 * index's place in that order, when given), at most `max`.
 */
function counts(
  array: Int32Array,
  label: (i: number) => string | undefined,
  max = Number.POSITIVE_INFINITY,
  rank?: (i: number) => number,
): Record<string, number> {
  const entries: { value: string; count: number; rank: number }[] = [];
  for (let i = 0; i < array.length; i++) {
    const count = array[i] as number;
    const value = count > 0 ? label(i) : undefined;
    if (value !== undefined) entries.push({ value, count, rank: rank ? rank(i) : 0 });
  }
  entries.sort((a, b) => b.count - a.count || (rank ? a.rank - b.rank : a.value.localeCompare(b.value)));
  const out: Record<string, number> = {};
  for (let e = 0; e < Math.min(max, entries.length); e++) {
    const { value, count } = entries[e] as { value: string; count: number };
    out[value] = count;
  }
  return out;
}
