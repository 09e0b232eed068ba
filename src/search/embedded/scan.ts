/**
 * The candidate loop of a query, as one object with flat, monomorphic state (it runs once per
 * matching document, up to every document of the index): checks a candidate against every other
 * match set, reads its field masks, scores it roughly and keeps the best in a TopK.
 */

import { FIELD_WEIGHTS } from '../documents.ts';
import { type Dense, maskIn } from './dense.ts';
import { type Matches, seek } from './postings.ts';
import { packMasks, roughScore, type TopK, titleScore } from './rank.ts';

/** What the scan checks a candidate against: per set, a bitset or a sorted list, and its word (−1: a filter). */
export interface Probe {
  dense: Dense | null;
  sparse: Matches | null;
  word: number;
}

export class Scan {
  total = 0;
  private readonly cursors: Int32Array;
  private readonly joinCursors: Int32Array;
  private readonly wordMasks: Uint8Array;
  private lastId = -1;

  constructor(
    private readonly probes: Probe[],
    private readonly joins: (Dense | Matches | null)[],
    words: number,
    private readonly driverWord: number,
    private readonly state: Uint8Array,
    private readonly titleLength: Uint16Array,
    private readonly minState: number,
    readonly matched: Uint32Array,
    readonly top: TopK,
  ) {
    this.cursors = new Int32Array(probes.length);
    this.joinCursors = new Int32Array(joins.length);
    this.wordMasks = new Uint8Array(words);
  }

  visit(id: number, driverMask: number): void {
    const state = this.state[id] as number;
    if (state < this.minState) return;
    // the sorted lists are walked with cursors that only move forward; tiers and their parts
    // each visit ascending ids, but a new one starts lower again
    if (id < this.lastId) {
      this.cursors.fill(0);
      this.joinCursors.fill(0);
    }
    this.lastId = id;
    if (this.driverWord >= 0) this.wordMasks[this.driverWord] = driverMask;
    for (let p = 0; p < this.probes.length; p++) {
      const probe = this.probes[p] as Probe;
      let mask = 0;
      if (probe.dense !== null) mask = maskIn(probe.dense, id);
      else {
        const list = probe.sparse as Matches;
        const at = advance(list, id, this.cursors[p] as number);
        this.cursors[p] = at;
        if (at < list.length && list.ids[at] === id) mask = list.masks[at] as number;
      }
      if (mask === 0) return;
      if (probe.word >= 0) this.wordMasks[probe.word] = mask;
    }
    this.matched[this.total++] = id;
    let joinMask = 15;
    for (let j = 0; j < this.joins.length; j++) {
      const join = this.joins[j] as Dense | Matches | null;
      if (join === null) joinMask = 0;
      else if ('any' in join) joinMask &= maskIn(join, id);
      else {
        const at = advance(join, id, this.joinCursors[j] as number);
        this.joinCursors[j] = at;
        joinMask &= at < join.length && join.ids[at] === id ? (join.masks[at] as number) : 0;
      }
    }
    // of two equal scores the lower id ranks first (TopK decides; documents may come out of id order)
    const score = roughScore(this.wordMasks, joinMask, this.titleLength[id] as number, state === 2);
    // the word masks go with it: the re-ranking reads only the fields they name
    if (score >= this.top.floor) this.top.offer(id, score, packMasks(this.wordMasks));
  }

  /** Visits every document of a sorted list. */
  visitList(list: Matches): void {
    const { ids, masks, length } = list;
    for (let i = 0; i < length; i++) this.visit(ids[i] as number, masks[i] as number);
  }

  /**
   * Visits the documents set in `bits` whose score can reach `bound` plus their title and state
   * terms, once the top is full (the others cannot enter it; the scan's total and matched list
   * are not kept for them, so only for a set whose total and facets are counted from the bitset).
   */
  visitBounded(bits: Uint32Array, bound: number): void {
    const { state, titleLength, top, minState } = this;
    // the longest title a current / superseded document may have and still beat the floor (or
    // equal it, and win by a lower id), worked out again whenever the floor changes: the test per
    // document is then a comparison or two
    let floor = Number.NaN;
    let floorId = -1;
    let longestCurrent = MAX_TITLE;
    let longestOld = MAX_TITLE;
    let tyingCurrent = MAX_TITLE;
    let tyingOld = MAX_TITLE;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const id = (w << 5) | (31 - Math.clz32(low));
        const s = state[id] as number;
        if (s < minState) continue;
        if (top.full) {
          if (top.floor !== floor || top.floorId !== floorId) {
            floor = top.floor;
            floorId = top.floorId;
            longestCurrent = longestTitle(bound, floor, true, false);
            longestOld = longestTitle(bound, floor, false, false);
            tyingCurrent = longestTitle(bound, floor, true, true);
            tyingOld = longestTitle(bound, floor, false, true);
          }
          const length = titleLength[id] as number;
          if (length > (s === 2 ? longestCurrent : longestOld)) {
            if (id > floorId || length > (s === 2 ? tyingCurrent : tyingOld)) continue;
          }
        }
        this.visit(id, 0);
      }
    }
  }

  /** Visits every document set in all the bitsets, ascending. */
  visitCommon(bitsets: Uint32Array[]): void {
    const first = bitsets[0] as Uint32Array;
    for (let w = 0; w < first.length; w++) {
      let bits = first[w] as number;
      for (let b = 1; b < bitsets.length && bits !== 0; b++) bits &= (bitsets[b] as Uint32Array)[w] as number;
      while (bits !== 0) {
        const low = bits & -bits;
        this.visit((w << 5) | (31 - Math.clz32(low)), 0);
        bits ^= low;
      }
    }
  }
}

/**
 * Visits the documents of `set` tier by tier — every word in the name, then every word in the
 * targets, … then the rest — and stops after a tier once `top` is full: roughScore ranks every
 * tier above the next, so later tiers cannot enter it. Within a tier, the documents are visited
 * by how many words each document holds in its name and targets (TierParts), best part first, and once `top`
 * is full a document whose highest possible score cannot beat the floor is passed over from its
 * title length and state alone: with a common word at a million documents, most of them.
 * `set` is not changed. `partedFrom`: the tier size (non-empty 32-document words) from which it is split.
 */
export function visitTiers(
  scan: Scan,
  set: Uint32Array,
  words: Dense[],
  top: TopK,
  partedFrom = PARTED_WORDS,
): void {
  // scratch bitsets, reused from one search to the next (a search runs synchronously, start to
  // end): a million-document index would otherwise allocate a megabyte of them per search
  const { seen, tier, parts } = scratchFor(set.length);
  seen.fill(0);
  for (let f = 0; f <= 4; f++) {
    let members = 0;
    for (let w = 0; w < set.length; w++) {
      let bits = (set[w] as number) & ~(seen[w] as number);
      if (f < 4) for (const word of words) bits &= (word.fields[f] as Uint32Array)[w] as number;
      tier[w] = bits;
      seen[w] = (seen[w] as number) | bits;
      if (bits !== 0) members++;
    }
    if (members === 0) continue;
    if (f === 0 || f === 4 || members < partedFrom || words.length > MAX_COUNTED_WORDS)
      scan.visitBounded(tier, tierBound(f, words.length));
    else parts.visit(scan, tier, words, f, top);
    if (top.full) return;
  }
}

let scratch: { size: number; seen: Uint32Array; tier: Uint32Array; parts: TierParts } | null = null;

function scratchFor(words: number) {
  if (scratch?.size !== words)
    scratch = {
      size: words,
      seen: new Uint32Array(words),
      tier: new Uint32Array(words),
      parts: new TierParts(words),
    };
  return scratch;
}

/** The most a title and state add to a rough score (titleScore of an empty, current title). */
const MAX_TITLE_SCORE = titleScore(0, true);
/** A tier with fewer non-empty 32-document words than this is visited whole: splitting it costs more than it saves. */
const PARTED_WORDS = 512;
/** The counts below are 3 bits wide. */
const MAX_COUNTED_WORDS = 7;

/**
 * A tier split by how many of the query's words each document holds in its name (k0) and in its
 * name or targets (k1). In tier 1…3 every word is in field f, so a document's words weigh
 * 10·k0 + 5·(k1 − k0) + 2·(w − k1) at most (exactly, in tier 1 and 2): the parts are visited
 * highest first, and once the top is full and a part cannot beat its floor, neither can the rest.
 * A common multi-word query at a million documents then visits the few documents of its best
 * parts instead of every document of the tier. The counts are bit-sliced: bit b of the count of
 * 32 documents at a time, so counting costs a few operations per 32 documents and word.
 */
class TierParts {
  /** Bit b of each document's k0 (index b) and k1 (index 3 + b). */
  private readonly slices: Uint32Array[];
  private readonly part: Uint32Array;

  constructor(size: number) {
    this.slices = Array.from({ length: 6 }, () => new Uint32Array(size));
    this.part = new Uint32Array(size);
  }

  visit(scan: Scan, tier: Uint32Array, words: Dense[], f: number, top: TopK): void {
    const { slices, part } = this;
    const n = words.length;
    for (const slice of slices) slice.fill(0);
    for (let w = 0; w < tier.length; w++) {
      if (tier[w] === 0) continue;
      for (const word of words) {
        const name = (word.fields[0] as Uint32Array)[w] as number;
        addBit(slices, 0, w, name);
        if (f >= 2) addBit(slices, 3, w, name | ((word.fields[1] as Uint32Array)[w] as number));
      }
    }
    const shared = FIELD_WEIGHTS[f] ?? 0;
    const [inName = 0, inTargets = 0, inBody = 0] = FIELD_WEIGHTS;
    const candidates: { k0: number; k1: number; bound: number }[] = [];
    for (let k0 = 0; k0 <= n; k0++) {
      for (let k1 = f >= 2 ? k0 : n; k1 <= n; k1++) {
        const words = inName * k0 + inTargets * (k1 - k0) + (f >= 2 ? inBody * (n - k1) : 0);
        candidates.push({ k0, k1, bound: words + 1000 * shared + 2 * shared });
      }
    }
    candidates.sort((a, b) => b.bound - a.bound);
    for (const { k0, k1, bound } of candidates) {
      // highest bound first: once one part cannot reach the floor, none after it can
      if (top.full && bound + MAX_TITLE_SCORE < top.floor - 1e-9) return;
      let any = 0;
      for (let w = 0; w < tier.length; w++) {
        let bits = tier[w] as number;
        if (bits !== 0) {
          bits &= equals(slices, 0, w, k0);
          if (f >= 2 && bits !== 0) bits &= equals(slices, 3, w, k1);
        }
        part[w] = bits;
        any |= bits;
      }
      if (any !== 0) scan.visitBounded(part, bound);
    }
  }
}

/** Adds one to the 3-bit counts at `at` of the documents set in `bits` (ripple carry over the slices). */
function addBit(slices: Uint32Array[], at: number, w: number, bits: number): void {
  let carry = bits;
  for (let b = 0; b < 3 && carry !== 0; b++) {
    const slice = slices[at + b] as Uint32Array;
    const value = slice[w] as number;
    slice[w] = value ^ carry;
    carry &= value;
  }
}

/** The documents among 32 whose 3-bit count at `at` equals k. */
function equals(slices: Uint32Array[], at: number, w: number, k: number): number {
  let bits = -1;
  for (let b = 0; b < 3; b++) {
    const slice = (slices[at + b] as Uint32Array)[w] as number;
    bits &= (k >> b) & 1 ? slice : ~slice;
  }
  return bits;
}

/**
 * The highest roughScore (rank.ts) of a document of tier `f` before its title and state count:
 * the field all words share (f; none in tier 4) weighing 1000× and again 2× for the phrase, plus
 * each word's strongest field. In tier f < 4 the words share no stronger field, so not all of
 * them are in the name: one weighs at most the targets' weight (a single word: field f's, its
 * exact score). A common single word then visits only the documents whose titles are short
 * enough to beat the floor, not all of its tier.
 */
function tierBound(f: number, words: number): number {
  const name = FIELD_WEIGHTS[0] ?? 0;
  if (f >= 4) return words * name;
  const shared = FIELD_WEIGHTS[f] ?? 0;
  const weakest = f === 0 ? name : words === 1 ? shared : (FIELD_WEIGHTS[1] ?? 0);
  return (words - 1) * name + weakest + 1000 * shared + 2 * shared;
}

/** Title lengths are kept as 16-bit numbers. */
const MAX_TITLE = 0xffff;

/**
 * The longest title whose document, scoring at most `bound` before its title and state, can
 * beat the floor of a top (or, with `tie`, at least equal it: it then enters only with a lower
 * id than the floor's); −1 when none can. The margin allows for rounding (the score sums the
 * same terms in another order); adjacent title lengths differ by far more.
 */
function longestTitle(bound: number, floor: number, current: boolean, tie: boolean): number {
  const beats = tie
    ? (length: number) => bound + titleScore(length, current) >= floor - 1e-9
    : (length: number) => bound + titleScore(length, current) > floor + 1e-9;
  if (beats(MAX_TITLE)) return MAX_TITLE;
  if (!beats(0)) return -1;
  // titleScore falls as the title grows: the last length that beats the floor. Solved for
  // (0.5 / (1 + length / 20) > floor − bound, less 0.5 when superseded), then stepped to the exact
  // boundary of `beats` (the closed form may be a length off by rounding): it runs whenever the
  // top's floor changes, and a bisection of 16 steps there was a twentieth of a small index's search.
  const needed = floor - bound + (current ? 0 : 0.5);
  const estimate = needed > 0 ? Math.floor(20 * (0.5 / needed - 1)) : MAX_TITLE;
  let length = Math.min(MAX_TITLE - 1, Math.max(0, estimate));
  while (length > 0 && !beats(length)) length--;
  while (length + 1 < MAX_TITLE && beats(length + 1)) length++;
  return length;
}

/** The first position ≥ `from` holding an id ≥ `id`: a few steps forward, then galloping. */
function advance(list: Matches, id: number, from: number): number {
  const ids = list.ids;
  const end = Math.min(list.length, from + 8);
  let at = from;
  while (at < end && (ids[at] as number) < id) at++;
  return at < end || at >= list.length ? at : seek(list, id, at);
}
