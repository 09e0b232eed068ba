/**
 * How two matched items' legal bases differ, law by law: provisions cited on one side only, the
 * same quoted text under a different article (山南 第四十三条第二款 vs 官渡 第四十七条第二款), and a
 * law named without an article where the other side cites its articles. Pure.
 */
import type { Difference } from '../../schemas/compare.ts';
import type { Citation } from '../../schemas/notice.ts';
import { lawKey } from '../chinese/law.ts';
import { formatCitation, formatProvision } from '../laws/format.ts';
import { matchQuote } from '../laws/quote.ts';

/**
 * Two quotes are the same text from this similarity up (the larger of the two directions: the
 * share of one quote found verbatim in the other, so an excerpt matches its fuller version).
 */
export const SAME_QUOTE = 0.85;

/** The citation differences of two items (A's citations, B's citations). */
export function citationDifferences(a: readonly Citation[], b: readonly Citation[]): Difference[] {
  const out: Difference[] = [];
  const laws = new Map<string, { a: Citation[]; b: Citation[] }>();
  for (const [side, list] of [['a', a] as const, ['b', b] as const]) {
    for (const c of list) {
      const key = lawKey(c.law);
      const entry = laws.get(key) ?? { a: [], b: [] };
      if (!entry[side].some((d) => sameProvision(c, d))) entry[side].push(c);
      laws.set(key, entry);
    }
  }
  for (const { a: ca, b: cb } of laws.values()) out.push(...lawDifferences(ca, cb));
  return out;
}

/** The differences within one law. */
function lawDifferences(ca: Citation[], cb: Citation[]): Difference[] {
  const law = (ca[0] ?? cb[0])?.law ?? '';
  const out: Difference[] = [];
  let restA = ca.filter((c) => !cb.some((d) => sameProvision(c, d)));
  let restB = cb.filter((d) => !ca.some((c) => sameProvision(c, d)));
  // The same quoted text under another article (or paragraph): one finding instead of two.
  for (const [x, y, similarity] of quotePairs(restA, restB)) {
    out.push({
      field: 'citations',
      kind: 'article-differs',
      law,
      a: formatCitation(x),
      b: formatCitation(y),
      quoteSimilarity: Math.round(similarity * 1000) / 1000,
    });
    restA = restA.filter((c) => c !== x);
    restB = restB.filter((c) => c !== y);
  }
  // A law named without an article on one side, its articles cited on the other.
  const bare = (list: Citation[]) => list.some((c) => c.article === null);
  const articles = (list: Citation[]) => list.filter((c) => c.article !== null);
  if (bare(ca) !== bare(cb) && articles(bare(ca) ? restB : restA).length > 0) {
    const [unstated, stated] = bare(ca) ? ['a', restB] : ['b', restA];
    const [first, ...more] = articles(stated);
    const cited = [first ? formatCitation(first) : '', ...more.map(formatProvision)].join('、');
    out.push({
      field: 'citations',
      kind: 'article-unstated',
      law,
      a: unstated === 'a' ? `《${law}》` : cited,
      b: unstated === 'a' ? cited : `《${law}》`,
    });
    restA = unstated === 'a' ? restA.filter((c) => c.article !== null) : [];
    restB = unstated === 'a' ? [] : restB.filter((c) => c.article !== null);
  }
  for (const c of restA) out.push({ field: 'citations', kind: 'only-a', law, a: formatCitation(c), b: null });
  for (const c of restB) out.push({ field: 'citations', kind: 'only-b', law, a: null, b: formatCitation(c) });
  return out;
}

/** Greedy pairs of A-only and B-only citations whose quotes are the same text, best first. */
function quotePairs(ca: Citation[], cb: Citation[]): [Citation, Citation, number][] {
  const candidates: [Citation, Citation, number][] = [];
  for (const x of ca) {
    for (const y of cb) {
      if (!x.quote || !y.quote || x.article === null || y.article === null) continue;
      const similarity = Math.max(
        matchQuote(x.quote, y.quote)?.similarity ?? 0,
        matchQuote(y.quote, x.quote)?.similarity ?? 0,
      );
      if (similarity >= SAME_QUOTE) candidates.push([x, y, similarity]);
    }
  }
  candidates.sort((p, q) => q[2] - p[2]);
  const used = new Set<Citation>();
  return candidates.filter(([x, y]) => {
    if (used.has(x) || used.has(y)) return false;
    used.add(x).add(y);
    return true;
  });
}

function sameProvision(c: Citation, d: Citation): boolean {
  return c.article === d.article && c.paragraph === d.paragraph && c.item === d.item;
}
