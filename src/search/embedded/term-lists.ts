/**
 * The posting lists of the embedded index by term (grams, or filter terms). The lists of loaded
 * segments stay in the segment files; a term's list is read (its segments' parts joined, in id
 * order) only when a search first asks for it, so loading reads the term tables and nothing more,
 * and a writer that only adds documents keeps only the lists of what it added.
 */
import { readSync } from 'node:fs';
import { type Matches, Postings, seek } from './postings.ts';

/** One segment's lists, left in its file: per term (its slot), where its ids start and how many. */
export interface FrozenTerms {
  fd: number;
  /** The segment's ids are in `[from, end)`. */
  from: number;
  end: number;
  slots: Map<string, number>;
  /** File position of each slot's ids (u32 each), followed by its field masks (u8 each) when `masked`. */
  at: Float64Array;
  lengths: Uint32Array;
  /** False for filter terms: every mask is 1. */
  masked: boolean;
}

export class TermLists {
  /** Lists holding every id of their term. */
  private readonly whole = new Map<string, Postings>();
  /** Lists of the ids added since loading, for terms whose segment parts were not read yet. */
  private readonly fresh = new Map<string, Postings>();
  private readonly frozen: FrozenTerms[] = [];

  /** Adds a segment's lists after those already attached (its ids are all higher). Only while loading. */
  attach(terms: FrozenTerms): void {
    if (this.whole.size > 0 || this.fresh.size > 0)
      throw new Error('segments are attached before any change');
    this.frozen.push(terms);
  }

  /** The term's whole list: its segments' parts are read and joined with what was added, once. */
  get(term: string): Postings | undefined {
    const whole = this.whole.get(term);
    if (whole) return whole;
    const fresh = this.fresh.get(term);
    const held = this.frozen.filter((segment) => segment.slots.has(term));
    if (held.length === 0) return fresh;
    const list = readParts(held, term, fresh);
    this.whole.set(term, list);
    this.fresh.delete(term);
    return list;
  }

  /** Sets a term's whole list (loading a first-format snapshot). */
  put(term: string, list: Postings): void {
    this.whole.set(term, list);
  }

  /** A list to push the term's new ids to (a writer never reads the segments' parts for it). */
  obtain(term: string): Postings {
    let list = this.whole.get(term) ?? this.fresh.get(term);
    if (!list) {
      list = new Postings();
      this.fresh.set(term, list);
    }
    return list;
  }

  /** Every term, without reading any list. */
  terms(): Set<string> {
    const all = new Set([...this.whole.keys(), ...this.fresh.keys()]);
    for (const segment of this.frozen) for (const term of segment.slots.keys()) all.add(term);
    return all;
  }

  /** The parts of the term's list holding ids ≥ `from`, ascending (read, not kept). */
  partsFrom(term: string, from: number): Matches[] {
    const whole = this.whole.get(term);
    const lists = whole
      ? [whole]
      : [
          ...this.frozen.flatMap((segment) =>
            segment.end > from && segment.slots.has(term) ? [readParts([segment], term, undefined)] : [],
          ),
          ...this.freshOf(term),
        ];
    return lists.flatMap((list) => {
      const at = seek(list, from, 0);
      return at >= list.length
        ? []
        : [
            {
              ids: list.ids.subarray(at, list.length),
              masks: list.masks.subarray(at, list.length),
              length: list.length - at,
            },
          ];
    });
  }

  private freshOf(term: string): Postings[] {
    const fresh = this.fresh.get(term);
    return fresh ? [fresh] : [];
  }
}

/**
 * The term's parts in `segments` (each holds it), read from their files straight into one list,
 * followed by the ids added since loading.
 */
function readParts(segments: FrozenTerms[], term: string, fresh: Postings | undefined): Postings {
  const slots = segments.map((segment) => segment.slots.get(term) as number);
  let total = fresh?.length ?? 0;
  segments.forEach((segment, i) => {
    total += segment.lengths[slots[i] as number] as number;
  });
  const ids = new Uint32Array(total);
  const masks = new Uint8Array(total);
  let at = 0;
  segments.forEach((segment, i) => {
    const slot = slots[i] as number;
    const length = segment.lengths[slot] as number;
    const position = segment.at[slot] as number;
    readFully(segment.fd, new Uint8Array(ids.buffer, at * 4, length * 4), position);
    if (segment.masked) readFully(segment.fd, masks.subarray(at, at + length), position + 4 * length);
    else masks.fill(1, at, at + length);
    at += length;
  });
  if (fresh) {
    ids.set(fresh.ids.subarray(0, fresh.length), at);
    masks.set(fresh.masks.subarray(0, fresh.length), at);
  }
  return new Postings(ids, masks, total);
}

export function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const read = readSync(fd, into, done, into.length - done, position + done);
    if (read === 0) throw new Error(`unexpected end of a segment file at ${position + done}`);
    done += read;
  }
}
