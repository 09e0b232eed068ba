/**
 * Does a quoted provision say what the statute says? The quote and the statute text are
 * normalized (simplified characters, no punctuation or white space), the quote is cut into
 * excerpts (at ellipses, sentence ends and item markers), and each excerpt is aligned to the
 * best-matching stretch of the statute text (edit distance, free start and end in the statute).
 * Pure.
 */
import { normalizeText } from '../chinese/text.ts';

/**
 * Where a quote may skip statute text: ellipses (……, ......), sentence ends (a quote may leave out
 * the items between a lead-in and a later sentence), and before an item marker (（五）…).
 */
const EXCERPT_BREAK = /…+|\.{3,}|。{3,}|·{3,}|[。；;：:]|(?=[（(][一二三四五六七八九十]+[)）])/u;
/** Unchanged characters shown either side of a differing run. */
const CONTEXT = 2;
/** Excerpts shorter than this (after normalization) say too little to check. */
const MIN_EXCERPT = 4;

/** Where quote and statute part ways: the quote's wording and the statute's at that place. */
export interface QuoteSpan {
  quote: string;
  statute: string;
}

export interface QuoteMatch {
  /** 1 − edit distance / quote length, over all excerpts: the share of the quote found verbatim. */
  similarity: number;
  spans: QuoteSpan[];
}

/** The form texts are compared in: letters and digits only, simplified. */
export function quoteKey(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Aligns a quote (possibly an excerpt with ellipses) to a statute text; null when the quote is too short. */
export function matchQuote(quote: string, statuteText: string): QuoteMatch | null {
  const text = quoteKey(statuteText);
  const excerpts = quote
    .split(EXCERPT_BREAK)
    .map(quoteKey)
    .filter((excerpt) => excerpt.length >= MIN_EXCERPT);
  if (excerpts.length === 0) return null;
  let distance = 0;
  let length = 0;
  const spans: QuoteSpan[] = [];
  for (const excerpt of excerpts) {
    const aligned = align(excerpt, text);
    distance += aligned.distance;
    length += excerpt.length;
    spans.push(...aligned.spans);
  }
  return { similarity: Math.max(0, 1 - distance / length), spans };
}

/**
 * Semi-global edit distance of `q` against `t` (a stretch of `t` may be skipped before and after
 * at no cost), with the differing runs from the traceback.
 */
function align(q: string, t: string): { distance: number; spans: QuoteSpan[] } {
  if (t.includes(q)) return { distance: 0, spans: [] };
  const [m, n] = [q.length, t.length];
  const width = n + 1;
  const cost = new Uint32Array((m + 1) * width);
  for (let i = 1; i <= m; i++) cost[i * width] = i;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const diagonal = (cost[(i - 1) * width + j - 1] ?? 0) + (q[i - 1] === t[j - 1] ? 0 : 1);
      const up = (cost[(i - 1) * width + j] ?? 0) + 1;
      const left = (cost[i * width + j - 1] ?? 0) + 1;
      cost[i * width + j] = Math.min(diagonal, up, left);
    }
  }
  let end = 0;
  for (let j = 1; j <= n; j++) if ((cost[m * width + j] ?? 0) < (cost[m * width + end] ?? 0)) end = j;
  return { distance: cost[m * width + end] ?? m, spans: traceback(q, t, cost, width, end) };
}

/** Walks the table back from (m, end), collecting runs where quote and statute differ, with context. */
function traceback(q: string, t: string, cost: Uint32Array, width: number, end: number): QuoteSpan[] {
  const runs: { q: [number, number]; t: [number, number] }[] = [];
  let run: { q: [number, number]; t: [number, number] } | null = null;
  let [i, j] = [q.length, end];
  const at = (a: number, b: number) => cost[a * width + b] ?? 0;
  while (i > 0) {
    const here = at(i, j);
    if (j > 0 && q[i - 1] === t[j - 1] && here === at(i - 1, j - 1)) {
      run = null;
      [i, j] = [i - 1, j - 1];
      continue;
    }
    if (!run) {
      run = { q: [i, i], t: [j, j] };
      runs.unshift(run);
    }
    if (j > 0 && here === at(i - 1, j - 1) + 1) [i, j] = [i - 1, j - 1];
    else if (here === at(i - 1, j) + 1) i -= 1;
    else j -= 1;
    [run.q[0], run.t[0]] = [i, j];
  }
  return runs.map((r) => ({
    quote: q.slice(Math.max(0, r.q[0] - CONTEXT), r.q[1] + CONTEXT),
    statute: t.slice(Math.max(0, r.t[0] - CONTEXT), r.t[1] + CONTEXT),
  }));
}
