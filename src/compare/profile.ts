/**
 * Items prepared for scoring: their names, targets and citations as sorted arrays of interned
 * ids (bigrams, law#article keys), so that one comparison is a few linear merges. A profiler owns
 * its vocabulary: every item compared with another must come from the same profiler. Pure.
 */
import type { ItemRef } from '../../schemas/compare.ts';
import type { Item, PowerType } from '../../schemas/notice.ts';
import { lawKey } from '../chinese/law.ts';
import { coreName, listBigrams, nameGrams } from './names.ts';

export interface ItemProfile {
  ref: ItemRef;
  item: Item;
  /** The name without boilerplate (see coreName). */
  core: string;
  powerType: PowerType | null;
  /** Interned ids, sorted, unique. */
  name: Int32Array;
  targets: Int32Array;
  /** `law#article` keys of citations with an article. */
  articles: Int32Array;
  /** Law keys of every citation. */
  laws: Int32Array;
}

export interface Profiler {
  profile(item: Item, ref: ItemRef): ItemProfile;
  /** The string an id stands for (a bigram, a law key, a `law#article` key). */
  term(id: number): string;
  /**
   * Inverse document frequency of every id over the items profiled so far (an item counts once
   * per id): ln(1 + (N − df + 0.5) / (df + 0.5)). A bigram in every name (医疗, 保障) or a law every
   * item cites weighs little; a rare one (稽核, 条例#22) much. Call after profiling every item.
   */
  idf(): Float64Array;
}

/** Law and article as a key: one namespace with bigrams, kept apart by the `§` prefix. */
export function articleKey(law: string, article: number): string {
  return `§${lawKey(law)}#${article}`;
}

/**
 * A profiler with its own vocabulary. Names, target lists and citation lists recur across items
 * and regions, so their grams are computed once per distinct text (memos live as long as the
 * profiler: one comparison or one matrix).
 */
export function createProfiler(): Profiler {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const df: number[] = [];
  /** The item that last counted each id (so an id counts once per item). */
  const lastCounted: number[] = [];
  let items = 0;
  const intern = (values: Iterable<string>): Int32Array => {
    const out = new Set<number>();
    for (const value of values) {
      let id = ids.get(value);
      if (id === undefined) {
        id = terms.length;
        ids.set(value, id);
        terms.push(value);
        df.push(0);
        lastCounted.push(-1);
      }
      out.add(id);
    }
    return Int32Array.from(out).sort();
  };
  const count = (list: Int32Array) => {
    for (const id of list) {
      if (lastCounted[id] === items) continue;
      lastCounted[id] = items;
      df[id] = (df[id] ?? 0) + 1;
    }
  };
  const names = new Map<string, { core: string; grams: Int32Array }>();
  const targets = new Map<string, Int32Array>();
  const citations = new Map<string, { articles: Int32Array; laws: Int32Array }>();
  return {
    profile(item, ref) {
      const name = memo(names, item.name, () => {
        const core = coreName(item.name);
        return { core, grams: intern(nameGrams(core)) };
      });
      const listed = memo(targets, item.targets.join('\u0001'), () => intern(listBigrams(item.targets)));
      const cited = item.citations;
      const basis = memo(citations, cited.map((c) => `${c.law}#${c.article}`).join('\u0001'), () => ({
        articles: intern(cited.flatMap((c) => (c.article === null ? [] : [articleKey(c.law, c.article)]))),
        laws: intern(cited.map((c) => `§${lawKey(c.law)}`)),
      }));
      items++;
      for (const list of [name.grams, listed, basis.articles, basis.laws]) count(list);
      return {
        ref,
        item,
        core: name.core,
        powerType: item.powerType,
        name: name.grams,
        targets: listed,
        articles: basis.articles,
        laws: basis.laws,
      };
    },
    term: (id) => terms[id] ?? '',
    idf: () => Float64Array.from(df, (n) => 1 + Math.log(1 + (items - n + 0.5) / (n + 0.5))),
  };
}

/**
 * Weighted similarity of two sorted id sets: the mean of the Dice coefficient and the overlap
 * coefficient (shared weight over the lighter side's), each id weighing its `weights` entry.
 */
export function weightedSimilarity(a: Int32Array, b: Int32Array, weights: Float64Array): number {
  let i = 0;
  let j = 0;
  let sa = 0;
  let sb = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      const w = weights[x] ?? 1;
      both += w;
      sa += w;
      sb += w;
      i++;
      j++;
    } else if (x < y) {
      sa += weights[x] ?? 1;
      i++;
    } else {
      sb += weights[y] ?? 1;
      j++;
    }
  }
  for (; i < a.length; i++) sa += weights[a[i] as number] ?? 1;
  for (; j < b.length; j++) sb += weights[b[j] as number] ?? 1;
  if (sa === 0 || sb === 0) return 0;
  return both / (sa + sb) + both / Math.min(sa, sb) / 2;
}

/** The ids two sorted arrays share. */
export function sharedIds(a: Int32Array, b: Int32Array): number[] {
  const inB = new Set(b);
  return [...a].filter((id) => inB.has(id));
}

function memo<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
