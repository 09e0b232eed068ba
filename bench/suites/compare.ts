/**
 * The comparison issue's targets: a pairwise diff of two 50-item catalogues ≤ 20 ms, and the
 * coverage matrix of 3,000 synthetic regions × ~30 items ≤ 10 s and ≤ 1 GB (the suite's peak
 * RSS). Regions are made by mutating the seed catalogues (test/compare/synthetic.ts). Scaling
 * points 100 → 3,000 regions; at 100 regions the clustered matrix is timed against the pairwise
 * baseline: every pair of regions matched one-to-one, the pairs joined into powers (union-find).
 */
import { assign } from '../../src/compare/assign.ts';
import { noticeCatalogue } from '../../src/compare/catalogue.ts';
import type { RegionItems } from '../../src/compare/cluster.ts';
import { diffCatalogues } from '../../src/compare/diff.ts';
import { buildMatrix } from '../../src/compare/matrix.ts';
import { createProfiler } from '../../src/compare/profile.ts';
import { DEFAULT_THRESHOLD, scorePair } from '../../src/compare/score.ts';
import { referenceLaws } from '../../src/laws/library.ts';
import { asRegionItems, syntheticRegions } from '../../test/compare/synthetic.ts';
import type { BenchCase, SuiteModule } from '../harness.ts';

/** Median allowed for one pairwise diff of two 50-item catalogues, in ms. */
const MAX_DIFF_MS = 20;
/** Median allowed for the matrix of 3,000 regions, in ms. */
const MAX_MATRIX_MS = 10_000;
/** Regions of the scaling points; the pairwise baseline runs at the first. */
const SCALE = [100, 300, 1000, 3000];

async function cases(): Promise<BenchCase[]> {
  const [a, b] = await syntheticRegions(2, 50, 9);
  if (!a || !b) throw new Error('no synthetic catalogues');
  const [ca, cb] = [noticeCatalogue(a.region, a.notice), noticeCatalogue(b.region, b.notice)];
  const library = referenceLaws();
  const regions = asRegionItems(await syntheticRegions(Math.max(...SCALE), 30, 1));
  const at = (n: number) => regions.slice(0, n);
  reportOneRun(regions);
  return [
    {
      name: 'diff 50 × 50 items',
      subject: () => diffCatalogues(ca, cb),
      budget: { maxMedianMs: MAX_DIFF_MS },
    },
    {
      name: 'diff 50 × 50 items + citation checks',
      subject: () => diffCatalogues(ca, cb, { library }),
      budget: { maxMedianMs: MAX_DIFF_MS },
    },
    {
      name: `matrix ${SCALE[0]} regions`,
      subject: () => buildMatrix(at(SCALE[0] ?? 100)),
      baseline: { label: 'pairwise all regions', run: () => pairwiseClusters(at(SCALE[0] ?? 100)) },
    },
    ...SCALE.slice(1).map(
      (n): BenchCase => ({
        name: `matrix ${n} regions`,
        subject: () => buildMatrix(at(n)),
        ...(n === 3000 ? { budget: { maxMedianMs: MAX_MATRIX_MS } } : {}),
      }),
    ),
  ];
}

export default {
  description: 'pairwise diff of two catalogues; coverage matrix 100 → 3,000 synthetic regions vs pairwise',
  cases,
} satisfies SuiteModule;

/**
 * One matrix of all regions before any timing, with the process's peak RSS before and after it
 * (stderr): the memory the matrix needs, without the garbage 30 timed runs leave for the GC.
 */
function reportOneRun(regions: RegionItems[]): void {
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const before = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const matrix = buildMatrix(regions);
  const ms = Math.round(performance.now() - start);
  const after = process.resourceUsage().maxRSS * 1024;
  console.error(
    `compare: one matrix of ${regions.length} regions (${matrix.items} items → ${matrix.rows.length} powers) in ${ms} ms; peak RSS ${mib(before)} with the regions loaded, ${mib(after)} after the matrix`,
  );
}

/**
 * The pairwise way to a matrix: every region profiled once (one vocabulary), every pair of
 * regions assigned one-to-one (R² / 2 assignments of n² scores), matched items joined into powers.
 * Returns the number of powers.
 */
function pairwiseClusters(regions: RegionItems[]): number {
  const profiler = createProfiler();
  const profiles = regions.map((r) => r.items.map((x) => profiler.profile(x.item, x.ref)));
  const idf = profiler.idf();
  const offsets = profiles.map((_, i) => profiles.slice(0, i).reduce((n, p) => n + p.length, 0));
  const total = profiles.reduce((n, p) => n + p.length, 0);
  const parent = Int32Array.from({ length: total }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
    return x;
  };
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      const [pi, pj] = [profiles[i] ?? [], profiles[j] ?? []];
      const scores = pi.map((x) => Float64Array.from(pj, (y) => scorePair(x, y, idf)));
      for (const [r, c] of assign(scores, pj.length, DEFAULT_THRESHOLD)) {
        parent[find((offsets[i] ?? 0) + r)] = find((offsets[j] ?? 0) + c);
      }
    }
  }
  return new Set(Array.from({ length: total }, (_, x) => find(x))).size;
}
