import { extractFile } from '../extract/from-file.ts';
import { loadCorpus, type Split } from './corpus.ts';
import { type RealScore, scoreRealNotice } from './real-score.ts';
import { prf } from './score.ts';

/** One real notice extracted and scored. */
export interface RealRow {
  file: string;
  split: Split | null;
  score: RealScore;
}

/** Extracts every notice of the real corpus in `dir` and scores it against its gold. */
export async function evaluateCorpus(dir: string): Promise<RealRow[]> {
  const rows: RealRow[] = [];
  for (const notice of loadCorpus(dir)) {
    rows.push({
      file: notice.file,
      split: notice.split,
      score: scoreRealNotice(await extractFile(notice.path), notice.gold),
    });
  }
  return rows;
}

export interface RealTotals {
  notices: number;
  itemsExpected: number;
  itemsFound: number;
  extraRows: number;
  /** Items found / expected. */
  items: number;
  /** Exact names / items found. */
  names: number;
  /** Right power types / rows whose type the text decides. */
  powerTypes: number;
  citationF1: number;
  /** Notices whose article count is exact. */
  articles: number;
  chapters: number;
  /** Meta fields right / fields the text shows. */
  meta: number;
}

/** The extraction issue's targets on the test half, by metric. */
export const REAL_TARGETS: { metric: keyof RealTotals; minimum: number }[] = [
  { metric: 'items', minimum: 0.95 },
  { metric: 'names', minimum: 0.9 },
  { metric: 'powerTypes', minimum: 0.95 },
  { metric: 'citationF1', minimum: 0.95 },
  { metric: 'articles', minimum: 1 },
  { metric: 'chapters', minimum: 1 },
  { metric: 'meta', minimum: 0.9 },
];

export function realTotals(rows: RealRow[]): RealTotals {
  const sum = (pick: (s: RealScore) => number) => rows.reduce((n, row) => n + pick(row.score), 0);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const citations = prf(
    sum((s) => s.citationsTp),
    sum((s) => s.citationsFp),
    sum((s) => s.citationsFn),
    1,
  );
  const metaShown = sum((s) => Object.keys(s.meta).length);
  const metaRight = sum((s) => Object.values(s.meta).filter(Boolean).length);
  return {
    notices: rows.length,
    itemsExpected: sum((s) => s.itemsExpected),
    itemsFound: sum((s) => s.itemsFound),
    extraRows: sum((s) => s.extraRows),
    items: ratio(
      sum((s) => s.itemsFound),
      sum((s) => s.itemsExpected),
    ),
    names: ratio(
      sum((s) => s.namesExact),
      sum((s) => s.itemsFound),
    ),
    powerTypes: ratio(
      sum((s) => s.powerTypes),
      sum((s) => s.powerTypesExpected),
    ),
    citationF1: citations.f1,
    articles: ratio(
      rows.filter((r) => r.score.articles.found === r.score.articles.expected).length,
      rows.length,
    ),
    chapters: ratio(
      rows.filter((r) => r.score.chapters.found === r.score.chapters.expected).length,
      rows.length,
    ),
    meta: ratio(metaRight, metaShown),
  };
}
