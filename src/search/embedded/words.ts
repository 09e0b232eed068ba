/**
 * The documents a query word matches: for one of its spellings, every bigram in one field.
 * Dense grams are intersected as bitsets, sparse ones as sorted lists (probing dense grams by
 * bit tests); the spellings (synonyms) are united.
 */
import type { QueryWord } from '../query.ts';
import { andDense, type Dense, denseOf, emptyDense, filterSparse, orDense } from './dense.ts';
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
  if (
    cached &&
    cached.size === index.idLimit &&
    cached.lists.length === flat.length &&
    cached.lists.every((list, i) => list === flat[i] && list?.version === cached.versions[i])
  ) {
    cache.delete(key);
    cache.set(key, cached);
    return cached.result;
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
      result,
    });
    if (cache.size > CACHED_WORDS) cache.delete(cache.keys().next().value as string);
  }
  return result;
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
  result: MatchSet;
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
