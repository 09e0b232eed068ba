import type { Notice } from '../../schemas/notice.ts';
import type { GoldNotice } from './gold.ts';

/** Counts for one extracted notice against its gold entry. */
export interface Score {
  itemsExpected: number;
  itemsFound: number;
  extraRows: number;
  namesExact: number;
  powerTypes: number;
  targetsExact: number;
  targetsExpected: number;
  levelsExact: number;
  levelsExpected: number;
  citationsTp: number;
  citationsFp: number;
  citationsFn: number;
  articles: { expected: number; found: number };
  chapterTitles: { expected: string[]; found: string[] };
  meta: Record<string, boolean>;
  mismatches: string[];
}

/** Scores an extracted notice against the gold: items by (table, 序号), citations as multisets. */
export function scoreNotice(notice: Notice, gold: GoldNotice): Score {
  const score: Score = {
    itemsExpected: 0,
    itemsFound: 0,
    extraRows: 0,
    namesExact: 0,
    powerTypes: 0,
    targetsExact: 0,
    targetsExpected: 0,
    levelsExact: 0,
    levelsExpected: 0,
    citationsTp: 0,
    citationsFp: 0,
    citationsFn: 0,
    articles: { expected: gold.articles, found: notice.articles.length },
    chapterTitles: { expected: gold.chapterTitles ?? [], found: chapterTitles(notice) },
    meta: scoreMeta(notice, gold),
    mismatches: [],
  };
  const goldKeys = new Set<string>();
  gold.tables.forEach((goldTable, t) => {
    for (const goldItem of goldTable.items) {
      goldKeys.add(`${t}.${goldItem.seq}`);
      score.itemsExpected++;
      const item = notice.tables[t]?.items.find((candidate) => candidate.seq === goldItem.seq);
      const at = `#${t}.${goldItem.seq}`;
      if (!item) {
        score.mismatches.push(`${at} missing`);
        score.citationsFn += goldItem.citations.length;
        continue;
      }
      score.itemsFound++;
      if (item.name === goldItem.name) score.namesExact++;
      else score.mismatches.push(`${at} name: ${item.name} ≠ ${goldItem.name}`);
      if (item.powerType === goldItem.powerType) score.powerTypes++;
      else score.mismatches.push(`${at} powerType: ${item.powerType} ≠ ${goldItem.powerType}`);
      if (goldItem.targets) {
        score.targetsExpected++;
        if (sameList(item.targets, goldItem.targets)) score.targetsExact++;
        else
          score.mismatches.push(`${at} targets: ${item.targets.join('、')} ≠ ${goldItem.targets.join('、')}`);
      }
      if (goldItem.levels) {
        score.levelsExpected++;
        if (sameList(item.levels, goldItem.levels)) score.levelsExact++;
        else score.mismatches.push(`${at} levels: ${item.levels.join('、')} ≠ ${goldItem.levels.join('、')}`);
      }
      scoreCitations(item.citations, goldItem.citations, score, at);
    }
  });
  notice.tables.forEach((table, t) => {
    for (const item of table.items) {
      if (goldKeys.has(`${t}.${item.seq}`)) continue;
      score.extraRows++;
      score.mismatches.push(`#${t}.${item.seq} extra row: ${item.name}`);
      score.citationsFp += item.citations.length;
    }
  });
  if (score.articles.found !== score.articles.expected) {
    score.mismatches.push(`articles: ${score.articles.found} ≠ ${score.articles.expected}`);
  }
  for (const [field, ok] of Object.entries(score.meta))
    if (!ok) score.mismatches.push(`meta.${field} differs`);
  return score;
}

/** What citations are matched by: the law, its article and paragraph. */
interface CitationRef {
  law: string;
  article: number | null;
  paragraph?: number | null | undefined;
}

/** The citation counts of a score, and where its mismatches go. */
export interface CitationTally {
  citationsTp: number;
  citationsFp: number;
  citationsFn: number;
  mismatches: string[];
}

/**
 * Counts an item's citations against its gold ones as multisets of `law#article.paragraph`
 * keys, the law written as `law` gives it (as is, unless the caller folds it), and notes each
 * extra and missing one under `at`.
 */
export function scoreCitations(
  found: CitationRef[],
  gold: CitationRef[],
  tally: CitationTally,
  at: string,
  law: (name: string) => string = (name) => name,
): void {
  const key = (c: CitationRef) => `${law(c.law)}#${c.article ?? '-'}.${c.paragraph ?? '-'}`;
  const remaining = gold.map(key);
  for (const citation of found) {
    const k = key(citation);
    const index = remaining.indexOf(k);
    if (index >= 0) {
      remaining.splice(index, 1);
      tally.citationsTp++;
    } else {
      tally.citationsFp++;
      tally.mismatches.push(`${at} extra citation ${k}`);
    }
  }
  tally.citationsFn += remaining.length;
  for (const k of remaining) tally.mismatches.push(`${at} missing citation ${k}`);
}

/**
 * Precision, recall and F1 from true and false positives and false negatives. `empty` is what a
 * ratio with nothing to count is (0: nothing found is no precision; 1: nothing was to be found).
 */
export function prf(tp: number, fp: number, fn: number, empty = 0) {
  const ratio = (a: number, b: number) => (b === 0 ? empty : a / b);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

function scoreMeta(notice: Notice, gold: GoldNotice): Record<string, boolean> {
  const { meta } = notice;
  const accepts = (expected: unknown, value: string | null, same = (a: string, b: string) => a === b) =>
    (Array.isArray(expected) ? expected : [expected]).some((e) =>
      e === null || value === null ? e === value : same(String(e), value),
    );
  const contains = (a: string, b: string) => {
    const [x, y] = [a.replace(/\s/g, ''), b.replace(/\s/g, '')];
    return x.includes(y) || y.includes(x);
  };
  return {
    title: accepts(gold.meta.title, meta.title, contains),
    docNumber: accepts(gold.meta.docNumber, meta.docNumber),
    issuer: accepts(gold.meta.issuer, meta.issuer),
    issuedOn: accepts(gold.meta.issuedOn, meta.issuedOn),
    region: accepts(gold.meta.region, meta.region?.name ?? null),
    status: accepts(gold.meta.status, meta.status),
  };
}

function chapterTitles(notice: Notice): string[] {
  return [...new Set(notice.articles.map((a) => a.chapterTitle).filter((t): t is string => t !== null))];
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}
