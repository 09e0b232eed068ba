/**
 * The documents a query word matches: for one of its spellings, every bigram in one field.
 * Dense grams are intersected as bitsets, sparse ones as sorted lists (probing dense grams by
 * bit tests); the spellings (synonyms) are united.
 */
import type { QueryWord } from '../query.ts';
import { andDense, type Dense, denseOf, emptyDense, filterSparse, orDense, resized } from './dense.ts';
import type { MemoryIndex } from './memory.ts';
import { intersectAll, type Matches, type Postings, union } from './postings.ts';

/** Matches of a word or a filter: a bitset when many, a sorted list when few. */
export type MatchSet = { dense: Dense; sparse?: undefined } | { sparse: Matches; dense?: undefined };

export function wordMatches(index: MemoryIndex, word: QueryWord): MatchSet | null {
  const lists = word.spellings.map((spelling) => spelling.grams.map((gram) => index.grams.get(gram)));
  const key = word.spellings.map((spelling) => spelling.grams.join(' ')).join('|');
  let cache = wordCaches.get(index);
  if (!cache) {
    cache = new Map();
    wordCaches.set(index, cache);
  }
  const cached = cache.get(key);
  const flat = lists.flat();
  const sameLists =
    cached !== undefined &&
    cached.lists.length === flat.length &&
    cached.lists.every((list, i) => list === flat[i]);
  if (
    sameLists &&
    cached.size === index.idLimit &&
    cached.lists.every((list, i) => list?.version === cached.versions[i])
  ) {
    cache.delete(key);
    cache.set(key, cached);
    return cached.result;
  }
  const grown = sameLists ? extendWord(cached, lists, index.idLimit) : null;
  if (grown) {
    cache.delete(key);
    cache.set(key, grown);
    return grown.result;
  }
  let result: MatchSet | null = null;
  for (const spellingLists of lists) {
    if (spellingLists.some((list) => !list)) continue;
    const found = evaluate(spellingLists as Postings[], index.idLimit);
    if (found) result = result ? combine(result, found) : found;
  }
  // only bitsets are kept: they are what costs (ANDs and ORs of million-bit sets) and what repeats
  if (result?.dense) {
    cache.set(key, {
      size: index.idLimit,
      lists: flat,
      versions: flat.map((list) => list?.version ?? -1),
      lengths: flat.map((list) => list?.length ?? 0),
      result,
      capacity: 0,
    });
    if (cache.size > CACHED_WORDS) cache.delete(cache.keys().next().value as string);
  }
  return result;
}

/**
 * A kept word after the index grew: its lists only grew at their end, so its bitsets hold up to
 * the first word any list changed in; only the rest is computed again. The first time into new
 * buffers with room to spare (a result kept before may be a list's own bitsets, never written
 * to), then into those while they have room, as dense.ts extends a list's. Null when a list is
 * missing or sparse: the word is evaluated anew.
 */
function extendWord(cached: CachedWord, lists: (Postings | undefined)[][], size: number): CachedWord | null {
  const old = cached.result.dense;
  if (!old || size < cached.size) return null;
  const flat = cached.lists;
  let fromId = cached.size;
  for (let i = 0; i < flat.length; i++) {
    const list = flat[i];
    if (!list) return null;
    const length = cached.lengths[i] as number;
    if (list.length < length) return null;
    if (list.version !== cached.versions[i])
      fromId = Math.min(fromId, length > 0 ? (list.ids[length - 1] as number) : 0);
  }
  // every list dense: the kept result is the OR over spellings of the AND of their bitsets
  const spellings = lists.map((spelling) => spelling.map((list) => denseOf(list as Postings, size)));
  if (spellings.some((bits) => bits.some((b) => !b))) return null;
  const from = fromId >>> 5;
  const { dense, capacity } = resized(old, cached.capacity, size, from);
  orOfAnds(dense, spellings as Dense[][], from);
  return {
    size,
    lists: flat,
    versions: flat.map((list) => (list as Postings).version),
    lengths: flat.map((list) => (list as Postings).length),
    result: { dense },
    capacity,
  };
}

/** `out` from word `from` on: the OR over spellings of the AND of their bitsets, per field. */
function orOfAnds(out: Dense, spellings: Dense[][], from: number): void {
  const fieldCount = out.fields.length;
  for (let w = from; w < out.any.length; w++) {
    let any = 0;
    for (let f = 0; f < fieldCount; f++) {
      let field = 0;
      for (const grams of spellings) {
        let and = -1;
        for (const gram of grams) and &= (gram.fields[f] as Uint32Array)[w] as number;
        field |= and;
      }
      (out.fields[f] as Uint32Array)[w] = field;
      any |= field;
    }
    out.any[w] = any;
  }
}

/**
 * The bitsets of the words searched last, per index, while their lists are unchanged (a list's
 * version moves with every write): a common word of several grams (社会保险法: four) is an AND of
 * four million-bit sets per field, the same on every search until the index changes. Like
 * Lucene's query cache, for clauses that repeat. At a million documents a word's bitsets take
 * 0.6 MiB: at most CACHED_WORDS of them are kept, least recently used first out.
 */
const CACHED_WORDS = 48;

interface CachedWord {
  size: number;
  lists: (Postings | undefined)[];
  versions: number[];
  /** The lists' lengths when the result was computed. */
  lengths: number[];
  result: MatchSet;
  /** 32-bit words the result's buffers hold (0: not its own to write, e.g. a list's bitsets). */
  capacity: number;
}

const wordCaches = new WeakMap<MemoryIndex, Map<string, CachedWord>>();

/** A filter term's documents (null when none). */
export function filterMatches(index: MemoryIndex, term: string): MatchSet | null {
  const list = index.filters.get(term);
  if (!list || list.length === 0) return null;
  const dense = denseOf(list, index.idLimit);
  return dense ? { dense } : { sparse: list };
}

function evaluate(lists: Postings[], size: number): MatchSet | null {
  const dense: Dense[] = [];
  const sparse: Postings[] = [];
  for (const list of lists) {
    const bits = denseOf(list, size);
    if (bits) dense.push(bits);
    else sparse.push(list);
  }
  if (sparse.length === 0) {
    const [first, ...rest] = dense as [Dense, ...Dense[]];
    const all = rest.reduce(andDense, first);
    return all.any.some((w) => w !== 0) ? { dense: all } : null;
  }
  let found = intersectAll(sparse);
  for (const bits of dense) found = filterSparse(found, bits);
  return found.length > 0 ? { sparse: found } : null;
}

function combine(a: MatchSet, b: MatchSet): MatchSet {
  if (a.sparse && b.sparse) return { sparse: union(a.sparse, b.sparse) };
  const base = orDense(emptyDense(((a.dense ?? b.dense) as Dense).any.length * 32), a.dense ?? a.sparse);
  return { dense: orDense(base, b.dense ?? b.sparse) };
}
