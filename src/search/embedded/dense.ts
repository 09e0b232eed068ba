/**
 * Bitsets for the posting lists that hold many documents (医疗, 监督 …): one bitset per field plus
 * their union, built on first use and kept while the list is unchanged. Intersecting two dense
 * words is then a pass over N/32 integers instead of a merge of N ids, and testing one document
 * against a dense list is a bit test. A list only grows at its end (Postings.push), so after a
 * write its bitsets are extended by what was appended instead of being rebuilt from every id: a
 * search right after an upload at 100,000 notices spent most of its time rebuilding them.
 */
import type { Matches, Postings } from './postings.ts';

/** Documents as bitsets: `fields[f]` holds those with field f, `any` their union. */
export interface Dense {
  fields: Uint32Array[];
  any: Uint32Array;
}

/** A list is dense when it holds more than 1/DENSITY of all documents. */
const DENSITY = 32;
const FIELDS = 4;
/**
 * A list's bitsets as of its `version` and `length`, for an index of `size` documents; their
 * buffers hold `capacity` words, so that the next extensions need no new ones.
 */
interface CachedDense {
  version: number;
  length: number;
  size: number;
  capacity: number;
  dense: Dense;
}
/**
 * Room left in an extended list's buffers, as a share of its words: allocating megabytes of
 * bitsets per upload made V8 run a full collection every few uploads, at a cost that grows with
 * the heap (so with the knowledge base).
 */
const SLACK = 1 / 16;
const cache = new WeakMap<Postings, CachedDense>();

/** The bitsets of a list of a `size`-document index, or null when the list is sparse. */
export function denseOf(list: Postings, size: number): Dense | null {
  if (list.length * DENSITY < size) return null;
  const cached = cache.get(list);
  if (cached && cached.version === list.version && cached.size === size) return cached.dense;
  if (cached && cached.size <= size && cached.length <= list.length) {
    extend(cached, list, size);
    return cached.dense;
  }
  const dense = orDense(emptyDense(size), list);
  const capacity = dense.any.length;
  cache.set(list, { version: list.version, length: list.length, size, capacity, dense });
  return dense;
}

/**
 * Grows `cached` to `size` documents with the ids appended to the list since (its last id again:
 * a push may have added field bits to it). The new bitsets are new views; within the capacity
 * they share the old ones' buffers, whose words beyond the old size only the new views show.
 * A bitset handed out before is only ever used while the index has its old size: every cache
 * holding one (words.ts, search.ts) is keyed by the lists' versions or the live documents.
 */
function extend(cached: CachedDense, list: Postings, size: number): void {
  const { dense, capacity } = resized(cached.dense, cached.capacity, size, cached.dense.any.length);
  const from = Math.max(0, cached.length - 1);
  orDense(dense, {
    ids: list.ids.subarray(from, list.length),
    masks: list.masks.subarray(from, list.length),
    length: list.length - from,
  });
  Object.assign(cached, { version: list.version, length: list.length, size, capacity, dense });
}

/**
 * `old` as bitsets of `size` documents, for an owner about to write their words from `kept` on:
 * views of the same buffers when they hold `capacity` words enough, else new buffers with room
 * to spare holding `old`'s first `kept` words. Returns the buffers' capacity.
 */
export function resized(
  old: Dense,
  capacity: number,
  size: number,
  kept: number,
): { dense: Dense; capacity: number } {
  const words = (size + 31) >>> 5;
  if (words <= capacity) {
    const view = (bits: Uint32Array) => new Uint32Array(bits.buffer, bits.byteOffset, words);
    return { dense: { fields: old.fields.map(view), any: view(old.any) }, capacity };
  }
  const room = words + Math.ceil(words * SLACK);
  const grow = (bits: Uint32Array) => {
    const out = new Uint32Array(room);
    out.set(bits.subarray(0, kept));
    return out.subarray(0, words);
  };
  return { dense: { fields: old.fields.map(grow), any: grow(old.any) }, capacity: room };
}

export function emptyDense(size: number): Dense {
  const words = (size + 31) >>> 5;
  return {
    fields: Array.from({ length: FIELDS }, () => new Uint32Array(words)),
    any: new Uint32Array(words),
  };
}

/** Documents in both, per field (a document needs its grams in one field). */
export function andDense(a: Dense, b: Dense): Dense {
  const out = emptyDense(a.any.length * 32);
  for (let w = 0; w < out.any.length; w++) {
    let any = 0;
    for (let f = 0; f < FIELDS; f++) {
      const bits = ((a.fields[f] as Uint32Array)[w] as number) & ((b.fields[f] as Uint32Array)[w] as number);
      (out.fields[f] as Uint32Array)[w] = bits;
      any |= bits;
    }
    out.any[w] = any;
  }
  return out;
}

/** Documents in either (the spellings of a word), fields ORed; `b` may be sparse. */
export function orDense(a: Dense, b: Dense | Matches): Dense {
  if (!('any' in b)) {
    // without a branch per field: a document's fields are as good as random to the branch
    // predictor, and a common gram's list at a million documents (built on its first use in a
    // process) took three times as long with one
    const [name, targets, body, context] = a.fields as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    const { any } = a;
    const { ids, masks, length } = b;
    for (let i = 0; i < length; i++) {
      const id = ids[i] as number;
      const word = id >>> 5;
      const bit = 1 << (id & 31);
      const mask = masks[i] as number;
      name[word] = (name[word] as number) | (bit & -(mask & 1));
      targets[word] = (targets[word] as number) | (bit & -((mask >>> 1) & 1));
      body[word] = (body[word] as number) | (bit & -((mask >>> 2) & 1));
      context[word] = (context[word] as number) | (bit & -((mask >>> 3) & 1));
      any[word] = (any[word] as number) | bit;
    }
    return a;
  }
  for (let w = 0; w < a.any.length; w++) {
    for (let f = 0; f < FIELDS; f++) {
      const field = a.fields[f] as Uint32Array;
      field[w] = (field[w] as number) | ((b.fields[f] as Uint32Array)[w] as number);
    }
    a.any[w] = (a.any[w] as number) | (b.any[w] as number);
  }
  return a;
}

/** The field mask of a document in a dense set (0 when absent). */
export function maskIn(dense: Dense, id: number): number {
  const word = id >>> 5;
  const bit = 1 << (id & 31);
  if (((dense.any[word] as number) & bit) === 0) return 0;
  const fields = dense.fields;
  return (
    (((fields[0] as Uint32Array)[word] as number) & bit ? 1 : 0) |
    (((fields[1] as Uint32Array)[word] as number) & bit ? 2 : 0) |
    (((fields[2] as Uint32Array)[word] as number) & bit ? 4 : 0) |
    (((fields[3] as Uint32Array)[word] as number) & bit ? 8 : 0)
  );
}

/** A sparse list restricted to a dense set, masks ANDed, zero masks dropped. */
export function filterSparse(list: Matches, dense: Dense): Matches {
  const ids = new Uint32Array(list.length);
  const masks = new Uint8Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const id = list.ids[i] as number;
    const mask = (list.masks[i] as number) & maskIn(dense, id);
    if (mask === 0) continue;
    ids[n] = id;
    masks[n++] = mask;
  }
  return { ids, masks, length: n };
}

export function setBit(bits: Uint32Array, id: number): void {
  bits[id >>> 5] = (bits[id >>> 5] as number) | (1 << (id & 31));
}
