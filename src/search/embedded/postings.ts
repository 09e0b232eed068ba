/**
 * Posting lists of the embedded index: for one gram (or filter term), the ascending ids of the
 * documents holding it, each with a bit mask of the fields it occurs in. Typed arrays that grow
 * by doubling; a list loaded from a snapshot is a view into the snapshot's buffer until it grows.
 */
export class Postings {
  ids: Uint32Array;
  masks: Uint8Array;
  length: number;
  /** Changes on every push (bitset caches compare it). */
  version = 0;

  constructor(ids: Uint32Array = new Uint32Array(2), masks: Uint8Array = new Uint8Array(2), length = 0) {
    this.ids = ids;
    this.masks = masks;
    this.length = length;
  }

  /** Appends a document (ids only ever grow), or adds field bits to the last one. */
  push(id: number, mask: number): void {
    this.version++;
    const last = this.length - 1;
    if (last >= 0 && this.ids[last] === id) {
      this.masks[last] = (this.masks[last] ?? 0) | mask;
      return;
    }
    if (this.length === this.ids.length) this.grow();
    this.ids[this.length] = id;
    this.masks[this.length] = mask;
    this.length++;
  }

  private grow(): void {
    const capacity = Math.max(4, this.ids.length * 2);
    const ids = new Uint32Array(capacity);
    ids.set(this.ids.subarray(0, this.length));
    const masks = new Uint8Array(capacity);
    masks.set(this.masks.subarray(0, this.length));
    this.ids = ids;
    this.masks = masks;
  }
}

/** Documents matching something, ascending, with the fields they match it in. */
export interface Matches {
  ids: Uint32Array;
  masks: Uint8Array;
  length: number;
}

export const NO_MATCHES: Matches = { ids: new Uint32Array(0), masks: new Uint8Array(0), length: 0 };

/**
 * The documents in every list; a document's mask is the AND of its masks (the fields holding
 * all), and a document whose mask comes to 0 is left out.
 */
export function intersectAll(lists: Matches[]): Matches {
  if (lists.length === 0) return NO_MATCHES;
  if (lists.length === 1) return lists[0] as Matches;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0] as Matches;
  for (let l = 1; l < sorted.length && result.length > 0; l++)
    result = intersect(result, sorted[l] as Matches);
  return result;
}

/** Two lists intersected (masks ANDed, zero masks dropped): a merge, galloping when `b` is much longer. */
function intersect(a: Matches, b: Matches): Matches {
  const ids = new Uint32Array(a.length);
  const masks = new Uint8Array(a.length);
  const gallop = b.length > 16 * a.length;
  const bIds = b.ids;
  let n = 0;
  let at = 0;
  for (let i = 0; i < a.length; i++) {
    const id = a.ids[i] as number;
    if (gallop) at = seek(b, id, at);
    else while (at < b.length && (bIds[at] as number) < id) at++;
    if (at >= b.length) break;
    if (bIds[at] !== id) continue;
    const mask = (a.masks[i] as number) & (b.masks[at] as number);
    if (mask === 0) continue;
    ids[n] = id;
    masks[n++] = mask;
  }
  return { ids, masks, length: n };
}

/** The documents in either list; masks are ORed. */
export function union(a: Matches, b: Matches): Matches {
  const ids = new Uint32Array(a.length + b.length);
  const masks = new Uint8Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x <= y) {
      ids[n] = x;
      masks[n] = (a.masks[i++] as number) | (x === y ? (b.masks[j++] as number) : 0);
    } else {
      ids[n] = y;
      masks[n] = b.masks[j++] as number;
    }
    n++;
  }
  for (; i < a.length; n++, i++) {
    ids[n] = a.ids[i] as number;
    masks[n] = a.masks[i] as number;
  }
  for (; j < b.length; n++, j++) {
    ids[n] = b.ids[j] as number;
    masks[n] = b.masks[j] as number;
  }
  return { ids, masks, length: n };
}

/** The first position ≥ `from` whose id is ≥ `id`: galloping, then binary search. */
export function seek(list: Matches, id: number, from: number): number {
  let low = from;
  let step = 1;
  let high = from;
  while (high < list.length && (list.ids[high] as number) < id) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, list.length);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list.ids[mid] as number) < id) low = mid + 1;
    else high = mid;
  }
  return low;
}
