/**
 * A search query, parsed once for both adapters: traditional → simplified (價格 → 价格), cut into
 * runs (phrases) and jieba words. Each word must occur in a document (all of its bigrams, in any
 * of its spellings); the bigrams that join two words of a phrase (格监 in 价格|监督) are optional and
 * only rank documents where the words stand together. Pure, apart from loading jieba.
 */
import { cutWords } from './jieba.ts';
import { spellingsOf } from './synonyms.ts';
import { bigramsOf, runsOf, searchForm } from './terms.ts';

/** Single characters a query may hold that carry no meaning on their own (the 对 of 对药品…). */
const FUNCTION_CHARS = new Set([...'的和与及或对在了是等为之其于被把由向从以并将']);

/** One required word of a query and the grams each of its spellings needs. */
export interface QueryWord {
  /** The word as the query has it (searchForm). */
  readonly text: string;
  /** Per spelling (the word, then its synonyms): the grams a document must hold. */
  readonly spellings: readonly { readonly text: string; readonly grams: readonly string[] }[];
}

export interface ParsedQuery {
  /** The query in searchForm. */
  readonly text: string;
  /** The query's runs of letters and digits: its phrases. */
  readonly phrases: readonly string[];
  /** Every word must match (AND). Empty when the query holds no letter or digit. */
  readonly words: readonly QueryWord[];
  /** Bigrams joining adjacent words inside a phrase: present when the words stand together. */
  readonly joins: readonly string[];
  /** Strings to highlight, longest first: phrases, words of 2+ characters and their synonyms. */
  readonly highlights: readonly string[];
}

/**
 * The query parsed (see ParsedQuery), from a small cache of the last queries: people page through
 * results, click facets and type ahead, so the same strings come again, and jieba costs more than
 * the rest of a search of a thousand items. The result is shared: its fields are read-only (not
 * frozen at run time: V8 reads frozen arrays on slower paths, which cost more than the cache saved).
 */
export function parseQuery(query: string): ParsedQuery {
  let parsed = parsedQueries.get(query);
  if (parsed) {
    parsedQueries.delete(query);
  } else {
    parsed = parseQueryUncached(query);
    if (parsedQueries.size >= CACHED_QUERIES)
      parsedQueries.delete(parsedQueries.keys().next().value as string);
  }
  parsedQueries.set(query, parsed);
  return parsed;
}

/** Queries kept parsed (least recently used first out). */
const CACHED_QUERIES = 512;
const parsedQueries = new Map<string, ParsedQuery>();

/** parseQuery without the cache: a new result every call (what a query the cache misses costs). */
export function parseQueryUncached(query: string): ParsedQuery {
  // spaces separate words the user means apart: normalizeText would join 医疗 保障 into 医疗保障
  const text = query.trim().split(/\s+/u).map(searchForm).join(' ');
  const phrases = runsOf(text);
  const words: QueryWord[] = [];
  const joins: string[] = [];
  for (const phrase of phrases) {
    const cut = cutWords(phrase);
    let at = 0;
    const before = words.length;
    for (const [i, word] of cut.entries()) {
      const start = at;
      at += word.length;
      if (i > 0) joins.push(phrase.slice(start - 1, start + 1));
      if ([...word].length >= 2) words.push(wordOf(word));
      else if (!FUNCTION_CHARS.has(word)) words.push(glued(phrase, start, word));
    }
    if (words.length === before) words.push(wordOf(phrase));
  }
  const spellings = words.flatMap((w) => w.spellings.map((s) => s.text)).filter((s) => s.length > 1);
  const highlights = [...new Set([...phrases, ...spellings])];
  highlights.sort((a, b) => b.length - a.length);
  return { text, phrases, words: dedupe(words), joins: [...new Set(joins)], highlights };
}

function wordOf(word: string): QueryWord {
  return { text: word, spellings: spellingsOf(word).map((s) => ({ text: s, grams: bigramsOf(s) })) };
}

/**
 * What shows a spelling occurs in a text as written: the spelling itself, or for a glued single
 * character (see `glued`) the bigram it is required with (京医, not every 京).
 */
export function needleOf(spelling: QueryWord['spellings'][number]): string {
  const [gram] = spelling.grams;
  return spelling.text.length === 1 && gram && gram.length === 2 ? gram : spelling.text;
}

/**
 * A single meaningful character (京 of 京医保发) is required with its neighbour in the phrase
 * (京医), so it narrows the match instead of matching every 京 anywhere; alone, it is a unigram.
 */
function glued(phrase: string, start: number, ch: string): QueryWord {
  const gram =
    start > 0
      ? phrase.slice(start - 1, start + 1)
      : phrase.length > start + 1
        ? phrase.slice(start, start + 2)
        : ch;
  return { text: ch, spellings: [{ text: ch, grams: [gram] }] };
}

function dedupe(words: QueryWord[]): QueryWord[] {
  const seen = new Set<string>();
  return words.filter((w) => {
    const key = w.spellings.map((s) => s.grams.join(' ')).join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
