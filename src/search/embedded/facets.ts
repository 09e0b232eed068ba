/**
 * Facet values of the embedded index's documents, packed into one small integer per document
 * (kind, status, power type, region; kept in Columns.facet) plus the cited law names in one flat
 * array, so counting the facets of 100,000 matches is a pass over typed arrays.
 */
import { NoticeStatus, PowerType } from '../../../schemas/notice.ts';
import { type SearchFacets, SearchKind } from '../../../schemas/search.ts';
import type { SearchDocument } from '../documents.ts';
import { denseOf } from './dense.ts';
import type { Postings } from './postings.ts';

const KINDS = SearchKind.options;
const STATUSES = NoticeStatus.options;
/** Index 0 stands for "no power type". */
const POWER_TYPES = [null, ...PowerType.options];
const MAX_LAWS = 20;

class Interner {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.codes.set(value, code);
    }
    return code;
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

  /** Keeps the documents `remap` keeps, renumbered. */
  remap(remap: Int32Array): void {
    const { lawStart, lawCount, laws } = this;
    this.lawStart = new Uint32Array(16);
    this.lawCount = new Uint8Array(16);
    this.laws = new Uint32Array(64);
    this.lawsLength = 0;
    remap.forEach((next, id) => {
      if (next < 0) return;
      const start = lawStart[id] ?? 0;
      this.place(next, [...laws.subarray(start, start + (lawCount[id] ?? 0))]);
    });
  }

  /** The facets of the first `n` ids of `matched`, whose packed codes are in `codes`. */
  count(matched: Uint32Array, n: number, codes: Int32Array): SearchFacets {
    const kinds = new Int32Array(4);
    const statuses = new Int32Array(8);
    const powers = new Int32Array(16);
    const regions = new Int32Array(this.regions.values.length + 1);
    const laws = new Int32Array(this.lawNames.values.length);
    const { lawStart, lawCount, laws: lawIds } = this;
    for (let i = 0; i < n; i++) {
      const id = matched[i] as number;
      const code = codes[id] as number;
      kinds[code & 3] = (kinds[code & 3] as number) + 1;
      statuses[(code >> 2) & 7] = (statuses[(code >> 2) & 7] as number) + 1;
      powers[(code >> 5) & 15] = (powers[(code >> 5) & 15] as number) + 1;
      regions[code >>> 9] = (regions[code >>> 9] as number) + 1;
      const start = lawStart[id] as number;
      const end = start + (lawCount[id] as number);
      for (let l = start; l < end; l++) {
        const law = lawIds[l] as number;
        laws[law] = (laws[law] as number) + 1;
      }
    }
    return {
      kind: counts(kinds, (i) => KINDS[i]),
      status: counts(statuses, (i) => STATUSES[i]),
      powerType: counts(powers, (i) => POWER_TYPES[i] ?? undefined),
      region: counts(regions, (i) => (i === 0 ? undefined : this.regions.values[i - 1])),
      lawCited: counts(laws, (i) => this.lawNames.values[i], MAX_LAWS),
    };
  }

  /**
   * The facets of a large match set given as a bitset: per facet value, the size of its filter
   * term's documents within the set (a popcount when that list is dense, bit tests when not).
   */
  countSet(set: Uint32Array, listOf: (term: string) => Postings | undefined): SearchFacets {
    const size = set.length * 32;
    const facet = (terms: [string, string][], max = Number.POSITIVE_INFINITY) => {
      const entries: [string, number][] = [];
      for (const [value, term] of terms) {
        const list = listOf(term);
        const n = list ? overlap(set, list, size) : 0;
        if (n > 0) entries.push([value, n]);
      }
      entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return Object.fromEntries(entries.slice(0, max));
    };
    const terms = (prefix: string, values: readonly (string | null)[]) =>
      values.flatMap((v): [string, string][] => (v === null ? [] : [[v, `${prefix}:${v}`]]));
    return {
      kind: facet(terms('k', KINDS)),
      status: facet(terms('s', STATUSES)),
      powerType: facet(terms('p', POWER_TYPES)),
      region: facet(terms('o', this.regions.values)),
      lawCited: facet(terms('l', this.lawNames.values), MAX_LAWS),
    };
  }

  private place(id: number, codes: number[]): void {
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

/** How many documents of `list` are set in `set`. */
function overlap(set: Uint32Array, list: Postings, size: number): number {
  const dense = denseOf(list, size);
  let n = 0;
  if (dense) {
    const any = dense.any;
    for (let w = 0; w < set.length; w++) {
      const x = (set[w] as number) & (any[w] as number);
      if (x !== 0) n += (BITS[x & 0xffff] as number) + (BITS[x >>> 16] as number);
    }
    return n;
  }
  for (let i = 0; i < list.length; i++) {
    const id = list.ids[i] as number;
    if ((set[id >>> 5] as number) & (1 << (id & 31))) n++;
  }
  return n;
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

/** Non-zero counts by value, most frequent first (then by value), at most `max`. */
function counts(
  array: Int32Array,
  label: (i: number) => string | undefined,
  max = Number.POSITIVE_INFINITY,
): Record<string, number> {
  const entries: [string, number][] = [];
  array.forEach((count, i) => {
    const value = label(i);
    if (count > 0 && value !== undefined) entries.push([value, count]);
  });
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return Object.fromEntries(entries.slice(0, max));
}
