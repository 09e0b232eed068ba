/**
 * The regional comparison of two sides: every item of A scored against every item of B, the
 * best one-to-one assignment kept from the threshold up, each pair explained (signals) and its
 * differences listed, the unmatched items on either side, and the citation problems of both
 * sides' items against the statute reference set. Pure given the law library.
 */
import type { CitationCheck, DiffResult, Evidence, Pair } from '../../schemas/compare.ts';
import { checkCitation } from '../laws/check.ts';
import type { LawLibrary } from '../laws/library.ts';
import { assign } from './assign.ts';
import { type Catalogue, type CatalogueItem, catalogueItems, describeSide } from './catalogue.ts';
import { differences } from './differences.ts';
import {
  DEFAULT_THRESHOLD,
  DEFAULT_WEIGHTS,
  explainPair,
  type ScoreWeights,
  scorePair,
} from './item-similarity.ts';
import { createProfiler, type ItemProfile } from './profile.ts';

export interface MatchOptions {
  /** Pairs are kept from this score up. @defaultValue DEFAULT_THRESHOLD */
  threshold?: number;
  /** @defaultValue DEFAULT_WEIGHTS */
  weights?: ScoreWeights;
}

export interface DiffOptions extends MatchOptions {
  /** The statutes citations are checked against; null skips the checks. @defaultValue none (no checks) */
  library?: LawLibrary | null;
}

/** Pairs without differences: what matching alone decides (used by the tuning script and the bench). */
export interface Match {
  pairs: { a: CatalogueItem; b: CatalogueItem; score: number; signals: string[]; evidence: Evidence }[];
  onlyA: CatalogueItem[];
  onlyB: CatalogueItem[];
}

/** Compares two sides: pairs with differences, unmatched items, citation findings. */
export function diffCatalogues(a: Catalogue, b: Catalogue, options: DiffOptions = {}): DiffResult {
  const [itemsA, itemsB] = [catalogueItems(a), catalogueItems(b)];
  const match = matchItems(itemsA, itemsB, options);
  const pairs: Pair[] = match.pairs.map((p) => ({
    a: p.a.ref,
    b: p.b.ref,
    score: p.score,
    signals: p.signals,
    evidence: p.evidence,
    differences: differences(p.a.item, p.b.item),
  }));
  const library = options.library ?? null;
  return {
    a: describeSide(a),
    b: describeSide(b),
    pairs,
    onlyA: match.onlyA.map((x) => x.ref),
    onlyB: match.onlyB.map((x) => x.ref),
    citations: library ? [...findings(itemsA, 'a', library), ...findings(itemsB, 'b', library)] : [],
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
  };
}

/** One-to-one matching of two item lists (Hungarian assignment over the pair scores). */
export function matchItems(a: CatalogueItem[], b: CatalogueItem[], options: MatchOptions = {}): Match {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const profiler = createProfiler();
  const pa: ItemProfile[] = a.map((x) => profiler.profile(x.item, x.ref));
  const pb: ItemProfile[] = b.map((x) => profiler.profile(x.item, x.ref));
  const idf = profiler.idf();
  const scores = pa.map((x) => Float64Array.from(pb, (y) => scorePair(x, y, idf, weights)));
  const assigned = assign(scores, pb.length, threshold);
  const [usedA, usedB] = [new Set(assigned.map(([i]) => i)), new Set(assigned.map(([, j]) => j))];
  return {
    pairs: assigned.map(([i, j]) => {
      const [x, y] = [pa[i] as ItemProfile, pb[j] as ItemProfile];
      return {
        a: a[i] as CatalogueItem,
        b: b[j] as CatalogueItem,
        ...explainPair(x, y, profiler, idf, weights),
      };
    }),
    onlyA: a.filter((_, i) => !usedA.has(i)),
    onlyB: b.filter((_, j) => !usedB.has(j)),
  };
}

/** The citation checks of a side's items that found something (status other than ok). */
function findings(items: CatalogueItem[], side: 'a' | 'b', library: LawLibrary): CitationCheck[] {
  return items.flatMap(({ item, ref }) =>
    item.citations
      .map((citation) => ({ ...checkCitation(citation, ref, library), side }))
      .filter((check) => check.status !== 'ok'),
  );
}
