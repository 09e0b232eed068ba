/**
 * How likely two items are the same enforcement power. Each signal is a similarity in [0, 1]:
 * the names' bigrams (boilerplate removed), the targets' bigrams, the cited provisions
 * (law#article keys, with the laws alone as weaker evidence). Signals one side cannot give (a
 * catalogue without a targets column, an item without citations) are left out of the weighted
 * mean rather than counted as disagreement; a different power type multiplies the score down. Weights and the threshold come from
 * `scripts/tune-compare.ts` on the gold alignments. Pure.
 */
import { type ItemProfile, type Profiler, sharedIds, weightedSimilarity } from './profile.ts';

export interface ScoreWeights {
  /** Weight of the name similarity in the mean. */
  name: number;
  /** Weight of the targets similarity. */
  targets: number;
  /** Weight of the citations similarity. */
  citations: number;
  /** Citation similarity from shared laws only (no shared article) counts this much. */
  lawsOnly: number;
  /** Floor the score reaches from shared articles alone: `articleLift × article similarity`. */
  articleLift: number;
  /** Factor applied when both power types are known and differ. */
  powerTypeMismatch: number;
}

/**
 * The widest-margin weights on the gold alignments that keep the targets and citations signals
 * (scripts/tune-compare.ts; README "Comparing regions"). Shared laws without a shared article are
 * no evidence (lawsOnly 0: 社会保险法 stands behind nearly every item), and a shared article does
 * not lift the score on its own (articleLift 0): on the synthetic regions the lift merges distinct
 * penalties that rest on one article (山南 cites 条例第四十一条 for three of them). Items of two
 * power types stay below the threshold even with identical names (powerTypeMismatch 0.25 <
 * DEFAULT_THRESHOLD): 对X的处罚 and 对X进行监督检查 are two powers, and the matrix's blocking index
 * keeps power types apart as well.
 */
export const DEFAULT_WEIGHTS: ScoreWeights = {
  name: 0.7,
  targets: 0.1,
  citations: 0.1,
  lawsOnly: 0,
  articleLift: 0,
  powerTypeMismatch: 0.25,
};

/**
 * Pairs (and cluster members) are kept from this score up: the middle of the gap between the
 * weakest gold pair (0.319) and the strongest non-gold candidate (0.230) under DEFAULT_WEIGHTS.
 */
export const DEFAULT_THRESHOLD = 0.27;

/** A name or targets similarity from this value up is reported as matched in `signals`. */
const SIGNAL_MIN = 0.3;

export interface ScoreParts {
  name: number;
  targets: number | null;
  articles: number | null;
  laws: number | null;
  powerType: boolean | null;
}

/** The score of two profiles from one profiler, `idf` its `idf()` (the hot path). */
export function scorePair(
  a: ItemProfile,
  b: ItemProfile,
  idf: Float64Array,
  w: ScoreWeights = DEFAULT_WEIGHTS,
): number {
  return combine(parts(a, b, idf), w);
}

/** The score with the signals that matched, for output. */
export function explainPair(
  a: ItemProfile,
  b: ItemProfile,
  profiler: Profiler,
  idf: Float64Array,
  w: ScoreWeights = DEFAULT_WEIGHTS,
): { score: number; signals: string[]; evidence: ScoreParts } {
  const p = parts(a, b, idf);
  const signals: string[] = [];
  if (p.name >= SIGNAL_MIN || a.core === b.core) signals.push('name');
  if (p.powerType) signals.push('powerType');
  if (p.targets !== null && p.targets >= SIGNAL_MIN) signals.push('targets');
  const articles = sharedIds(a.articles, b.articles).map((id) => `citations:${profiler.term(id).slice(1)}`);
  signals.push(...articles.sort(natural));
  if (articles.length === 0) {
    const laws = sharedIds(a.laws, b.laws).map((id) => `laws:${profiler.term(id).slice(1)}`);
    signals.push(...laws.sort(natural));
  }
  const evidence = {
    name: round(p.name),
    targets: p.targets === null ? null : round(p.targets),
    articles: p.articles === null ? null : round(p.articles),
    laws: p.laws === null ? null : round(p.laws),
    powerType: p.powerType,
  };
  return { score: round(combine(p, w)), signals, evidence };
}

/** Every signal's similarity; null where one side cannot give it. */
export function parts(a: ItemProfile, b: ItemProfile, idf: Float64Array): ScoreParts {
  return {
    name: a.core === b.core ? 1 : (similarity(a.name, b.name, idf) ?? 0),
    targets: similarity(a.targets, b.targets, idf),
    articles: similarity(a.articles, b.articles, idf),
    laws: similarity(a.laws, b.laws, idf),
    powerType: a.powerType && b.powerType ? a.powerType === b.powerType : null,
  };
}

/** The weighted mean of the available signals, lifted by shared articles, cut by a power-type mismatch. */
export function combine(p: ScoreParts, w: ScoreWeights): number {
  let total = w.name * p.name;
  let weight = w.name;
  if (p.targets !== null) {
    total += w.targets * p.targets;
    weight += w.targets;
  }
  const citations = citationSimilarity(p, w);
  if (citations !== null) {
    total += w.citations * citations;
    weight += w.citations;
  }
  const score = Math.max(total / weight, w.articleLift * (p.articles ?? 0));
  return p.powerType === false ? score * w.powerTypeMismatch : score;
}

/** Shared articles count fully; shared laws alone (a law cited without article) count `lawsOnly`. */
function citationSimilarity(p: ScoreParts, w: ScoreWeights): number | null {
  if (p.laws === null) return null;
  return Math.max(p.articles ?? 0, w.lawsOnly * p.laws);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Weighted similarity of two id sets; null when one is empty (the signal is not given). */
function similarity(x: Int32Array, y: Int32Array, idf: Float64Array): number | null {
  return x.length > 0 && y.length > 0 ? weightedSimilarity(x, y, idf) : null;
}

/** `law#article` keys in law order, then article number (#2 before #12). */
function natural(a: string, b: string): number {
  const [la, na] = a.split('#');
  const [lb, nb] = b.split('#');
  if (la !== lb) return (la ?? '') < (lb ?? '') ? -1 : 1;
  return Number(na ?? 0) - Number(nb ?? 0);
}
