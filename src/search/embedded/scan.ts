/**
 * The candidate loop of a query, as one object with flat, monomorphic state (it runs once per
 * matching document, up to every document of the index): checks a candidate against every other
 * match set, reads its field masks, scores it roughly and keeps the best in a TopK.
 */

import { FIELD_WEIGHTS } from '../documents.ts';
import { type Dense, maskIn } from './dense.ts';
import { type Matches, seek } from './postings.ts';
import { roughScore, type TopK, titleScore } from './rank.ts';

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
    // ids ascend, so a score equal to the floor never displaces an earlier document
    const score = roughScore(this.wordMasks, joinMask, this.titleLength[id] as number, state === 2);
    if (score > this.top.floor) this.top.offer(id, score);
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
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const id = (w << 5) | (31 - Math.clz32(low));
        const s = state[id] as number;
        if (s < minState) continue;
        // a margin for rounding: the score sums the same terms in another order
        if (top.full && bound + titleScore(titleLength[id] as number, s === 2) < top.floor - 1e-9) continue;
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
 * tier above the next, so later tiers cannot enter it. Within a tier, once `top` is full, a
 * document whose highest possible score (tierBound) cannot beat the floor is passed over from
 * its title length and state alone: with a common word at a million documents, most of them.
 * `set` is not changed.
 */
export function visitTiers(scan: Scan, set: Uint32Array, words: Dense[], top: TopK): void {
  const seen = new Uint32Array(set.length);
  for (let f = 0; f <= 4; f++) {
    const tier = new Uint32Array(set.length);
    for (let w = 0; w < set.length; w++) {
      let bits = (set[w] as number) & ~(seen[w] as number);
      if (f < 4) for (const word of words) bits &= (word.fields[f] as Uint32Array)[w] as number;
      tier[w] = bits;
      seen[w] = (seen[w] as number) | bits;
    }
    scan.visitBounded(tier, tierBound(f, words.length));
    if (top.full) return;
  }
}

/**
 * The highest roughScore (rank.ts) of a document of tier `f` before its title and state count:
 * every word at best in the name, and the field all words share (f; none in tier 4) weighing
 * 1000× and again 2× for the phrase.
 */
function tierBound(f: number, words: number): number {
  const shared = f < 4 ? (FIELD_WEIGHTS[f] ?? 0) : 0;
  return words * (FIELD_WEIGHTS[0] ?? 0) + 1000 * shared + 2 * shared;
}

/** The first position ≥ `from` holding an id ≥ `id`: a few steps forward, then galloping. */
function advance(list: Matches, id: number, from: number): number {
  const ids = list.ids;
  const end = Math.min(list.length, from + 8);
  let at = from;
  while (at < end && (ids[at] as number) < id) at++;
  return at < end || at >= list.length ? at : seek(list, id, at);
}
