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
  let result: MatchSet | null = null;
  for (const spelling of word.spellings) {
    const lists = spelling.grams.map((gram) => index.grams.get(gram));
    if (lists.some((list) => !list)) continue;
    const found = evaluate(lists as Postings[], index.idLimit);
    if (found) result = result ? combine(result, found) : found;
  }
  return result;
}

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
