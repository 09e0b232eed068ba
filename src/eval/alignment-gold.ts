/**
 * Scoring a comparison against a gold alignment (../shared/gold/seeds.json `alignments`): keys
 * are `#<table>.<seq>` on each side; pair precision and recall, and which items should have been
 * reported as only-in-A / only-in-B. And clusters against known groups (synthetic regions). Pure.
 */
import type { ItemRef } from '../../schemas/compare.ts';
import type { GoldAlignment } from './gold.ts';

type Ref = Pick<ItemRef, 'table' | 'seq'>;

export interface AlignmentScore {
  truePositives: number;
  /** Pairs reported that the gold file does not have, as `#a ↔ #b`. */
  falsePositives: string[];
  /** Gold pairs not reported. */
  falseNegatives: string[];
  precision: number;
  recall: number;
  /** Gold only-in items reported as paired, and items reported only-in that gold pairs. */
  onlyMismatches: string[];
}

/** The reference key of an item as the gold file writes it. */
export function goldKey(ref: Ref): string {
  return `#${ref.table}.${ref.seq}`;
}

export function scoreAlignment(
  result: { pairs: { a: Ref; b: Ref }[]; onlyA: Ref[]; onlyB: Ref[] },
  gold: GoldAlignment,
): AlignmentScore {
  const expected = new Set(gold.pairs.map(([a, b]) => `${a} ↔ ${b}`));
  const reported = new Set(result.pairs.map((p) => `${goldKey(p.a)} ↔ ${goldKey(p.b)}`));
  const truePositives = [...reported].filter((p) => expected.has(p)).length;
  const onlyA = new Set(result.onlyA.map(goldKey));
  const onlyB = new Set(result.onlyB.map(goldKey));
  const onlyMismatches = [
    ...gold.onlyA.filter((k) => !onlyA.has(k)).map((k) => `A ${k} should be only in A`),
    ...gold.onlyB.filter((k) => !onlyB.has(k)).map((k) => `B ${k} should be only in B`),
    ...gold.pairs.flatMap(([a, b]) => [
      ...(onlyA.has(a) ? [`A ${a} is paired in gold`] : []),
      ...(onlyB.has(b) ? [`B ${b} is paired in gold`] : []),
    ]),
  ];
  return {
    truePositives,
    falsePositives: [...reported].filter((p) => !expected.has(p)),
    falseNegatives: [...expected].filter((p) => !reported.has(p)),
    precision: reported.size === 0 ? 1 : truePositives / reported.size,
    recall: expected.size === 0 ? 1 : truePositives / expected.size,
    onlyMismatches,
  };
}

/**
 * How well clusters recover known groups (each row: the true group of each member). Purity: the
 * share of items in their row's majority group; completeness: the share in their group's
 * majority row.
 */
export function clusterQuality(rows: readonly (readonly number[])[]): {
  purity: number;
  completeness: number;
} {
  let [pure, complete, total] = [0, 0, 0];
  const rowsOf = new Map<number, Map<number, number>>();
  rows.forEach((groups, r) => {
    const counts = new Map<number, number>();
    for (const g of groups) {
      counts.set(g, (counts.get(g) ?? 0) + 1);
      const byRow = rowsOf.get(g) ?? new Map<number, number>();
      rowsOf.set(g, byRow.set(r, (byRow.get(r) ?? 0) + 1));
    }
    pure += Math.max(0, ...counts.values());
    total += groups.length;
  });
  for (const byRow of rowsOf.values()) complete += Math.max(0, ...byRow.values());
  return { purity: total ? pure / total : 1, completeness: total ? complete / total : 1 };
}

/** Splits a gold heading `<file A> vs <file B>` into its two file names. */
export function goldFiles(heading: string): [string, string] | null {
  const match = /^(.+?) vs (.+)$/u.exec(heading);
  return match ? [match[1] as string, match[2] as string] : null;
}
