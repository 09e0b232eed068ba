import type { Item, Notice } from '../../schemas/notice.ts';
import { toSimplified } from '../chinese/text.ts';
import { bigrams } from '../compare/names.ts';
import type { RealGold, RealGoldItem } from './corpus.ts';
import { scoreCitations } from './score.ts';

/**
 * Scores one extracted real notice against its hand-made gold. Real notices have no stable
 * table numbering (a page may cut a table, or show two as one), so items are matched by
 * name, in document order: a monotone alignment of the gold rows with the extracted rows
 * that maximises name similarity. Pure.
 */
export interface RealScore {
  /** Complete gold rows, and how many of them were found. */
  itemsExpected: number;
  itemsFound: number;
  /** Extracted rows that match no gold row (complete or partial). */
  extraRows: number;
  namesExact: number;
  /** Gold rows whose power type the text decides, and how many were right. */
  powerTypesExpected: number;
  powerTypes: number;
  citationsTp: number;
  citationsFp: number;
  citationsFn: number;
  articles: { expected: number; found: number };
  chapters: { expected: number; found: number };
  /** Per meta field the text shows: right or not. */
  meta: Record<string, boolean>;
  mismatches: string[];
}

/** Below this name similarity two rows are not the same item. */
const MIN_SIMILARITY = 0.4;

export function scoreRealNotice(notice: Notice, gold: RealGold): RealScore {
  const goldItems = gold.tables.flatMap((table) => table.items);
  const found = notice.tables.flatMap((table) => table.items);
  const pairs = alignItems(goldItems, found);
  const score: RealScore = {
    itemsExpected: 0,
    itemsFound: 0,
    extraRows: 0,
    namesExact: 0,
    powerTypesExpected: 0,
    powerTypes: 0,
    citationsTp: 0,
    citationsFp: 0,
    citationsFn: 0,
    articles: { expected: gold.articles, found: notice.articles.length },
    chapters: {
      expected: gold.chapters,
      found: new Set(notice.articles.map((a) => a.chapterNumber).filter(Boolean)).size,
    },
    meta: {},
    mismatches: [],
  };
  const matchedFound = new Set<number>();
  goldItems.forEach((goldItem, g) => {
    const f = pairs.get(g);
    const item = f === undefined ? undefined : found[f];
    if (f !== undefined) matchedFound.add(f);
    const at = `«${goldItem.name.slice(0, 24)}»`;
    if (goldItem.partial) return;
    score.itemsExpected++;
    if (goldItem.powerType !== null) score.powerTypesExpected++;
    if (!item) {
      score.mismatches.push(`${at} missing`);
      score.citationsFn += goldItem.citations.length;
      return;
    }
    score.itemsFound++;
    if (canonical(item.name) === canonical(goldItem.name)) score.namesExact++;
    else score.mismatches.push(`${at} name: ${item.name}`);
    if (goldItem.powerType !== null) {
      if (item.powerType === goldItem.powerType) score.powerTypes++;
      else score.mismatches.push(`${at} powerType: ${item.powerType} ≠ ${goldItem.powerType}`);
    }
    if (goldItem.grades !== undefined && item.grades.length !== goldItem.grades)
      score.mismatches.push(`${at} grades: ${item.grades.length} ≠ ${goldItem.grades}`);
    scoreCitations(item.citations, goldItem.citations, score, at, canonical);
  });
  found.forEach((item, f) => {
    if (matchedFound.has(f)) return;
    score.extraRows++;
    score.citationsFp += item.citations.length;
    score.mismatches.push(`extra row: ${item.seq} ${item.name.slice(0, 30)}`);
  });
  if (score.articles.found !== score.articles.expected)
    score.mismatches.push(`articles: ${score.articles.found} ≠ ${score.articles.expected}`);
  if (score.chapters.found !== score.chapters.expected)
    score.mismatches.push(`chapters: ${score.chapters.found} ≠ ${score.chapters.expected}`);
  scoreMeta(notice, gold, score);
  return score;
}

/** The text two names are compared by: width-folded, simplified, without white space. */
export function canonical(text: string): string {
  return toSimplified(text.normalize('NFKC')).replace(/\s+/gu, '');
}

function scoreMeta(notice: Notice, gold: RealGold, score: RealScore): void {
  const { meta } = notice;
  const found: Record<string, string | null> = {
    title: meta.title,
    docNumber: meta.docNumber,
    issuer: meta.issuer,
    issuedOn: meta.issuedOn,
    region: meta.region?.name ?? null,
  };
  for (const [field, expected] of Object.entries(gold.meta)) {
    if (expected === undefined) continue;
    const value = found[field] ?? null;
    if (expected === null) {
      if (value !== null) score.mismatches.push(`meta.${field}: ${value} (the text shows none)`);
      continue;
    }
    const ok =
      value !== null &&
      (field === 'title'
        ? canonical(value).includes(canonical(expected)) || canonical(expected).includes(canonical(value))
        : canonical(value) === canonical(expected));
    score.meta[field] = ok;
    if (!ok) score.mismatches.push(`meta.${field}: ${value} ≠ ${expected}`);
  }
}

/**
 * Monotone alignment of gold rows with extracted rows (both in document order) maximising the
 * summed name similarity; pairs below MIN_SIMILARITY are never made. Returns gold → found index.
 */
function alignItems(gold: RealGoldItem[], found: Item[]): Map<number, number> {
  const g = gold.map((item) => bigrams(canonical(item.name)));
  const f = found.map((item) => bigrams(canonical(item.name)));
  const best: number[][] = Array.from({ length: gold.length + 1 }, () => Array(found.length + 1).fill(0));
  const sim = (i: number, j: number) => {
    const s = dice(g[i] as string[], f[j] as string[]);
    const seqBonus = gold[i]?.seq !== null && gold[i]?.seq === found[j]?.seq ? 0.05 : 0;
    return s >= MIN_SIMILARITY ? s + seqBonus : Number.NEGATIVE_INFINITY;
  };
  for (let i = gold.length - 1; i >= 0; i--) {
    for (let j = found.length - 1; j >= 0; j--) {
      const row = best[i] as number[];
      row[j] = Math.max(
        (best[i + 1] as number[])[j] as number,
        row[j + 1] as number,
        sim(i, j) + ((best[i + 1] as number[])[j + 1] as number),
      );
    }
  }
  const pairs = new Map<number, number>();
  let [i, j] = [0, 0];
  while (i < gold.length && j < found.length) {
    const here = (best[i] as number[])[j] as number;
    if (here === sim(i, j) + ((best[i + 1] as number[])[j + 1] as number) && sim(i, j) > 0) {
      pairs.set(i, j);
      i++;
      j++;
    } else if (here === (best[i + 1] as number[])[j]) i++;
    else j++;
  }
  return pairs;
}

function dice(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let common = 0;
  for (const y of b) {
    const n = counts.get(y) ?? 0;
    if (n > 0) {
      common++;
      counts.set(y, n - 1);
    }
  }
  return (2 * common) / Math.max(1, a.length + b.length);
}
