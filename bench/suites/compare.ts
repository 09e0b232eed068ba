/**
 * The comparison issue's targets: a pairwise diff of two 50-item catalogues ≤ 20 ms, and the
 * coverage matrix of 3,000 synthetic regions × ~30 items ≤ 10 s and ≤ 1 GB (the suite's peak
 * RSS). Regions are made by mutating the seed catalogues (tools/synthetic/regions.ts). Scaling
 * points 100 → 3,000 regions (BENCH_MAX_REGIONS stops them earlier), each with the process's
 * peak RSS after one matrix. The baseline is the pairwise way to a matrix: every pair of regions
 * matched one-to-one, the pairs joined into powers (union-find). It grows with the square of the
 * regions, so it is run at 100 and 300 regions only and estimated at every size from the time of
 * sampled pairs (R(R − 1)/2 × the mean pair + profiling); at 100 and 300 the estimate can be
 * checked against the measurement.
 */
import { assign } from '../../src/compare/assign.ts';
import { noticeCatalogue } from '../../src/compare/catalogue.ts';
import type { RegionItems } from '../../src/compare/cluster.ts';
import { diffCatalogues } from '../../src/compare/diff.ts';
import { DEFAULT_THRESHOLD, scorePair } from '../../src/compare/item-similarity.ts';
import { buildMatrix } from '../../src/compare/matrix.ts';
import { createProfiler, type ItemProfile } from '../../src/compare/profile.ts';
import { referenceLaws } from '../../src/laws/library.ts';
import { mulberry32 } from '../../tools/synthetic/random.ts';
import { asRegionItems, syntheticRegions } from '../../tools/synthetic/regions.ts';
import type { BenchCase, RunOptions, SuiteModule } from '../harness.ts';

/** Median allowed for one pairwise diff of two 50-item catalogues, in ms. */
const MAX_DIFF_MS = 20;
/** Median allowed for the matrix of 3,000 regions, in ms. */
const MAX_MATRIX_MS = 10_000;
/** Regions of the scaling points. */
const SCALE = [100, 300, 1000, 3000];
/** Runs of the pairwise baseline where it is measured (~3 s at 100 regions, ~30 s at 300). */
const PAIRWISE_RUNS: Record<number, { runs: number; warmup: number }> = {
  100: { runs: 5, warmup: 1 },
  300: { runs: 1, warmup: 0 },
};
/** Pairs of regions timed for the pairwise estimate at each size. */
const SAMPLED_PAIRS = 500;
const ESTIMATE_LABEL = 'pairwise (estimated)';

async function cases(options: RunOptions): Promise<BenchCase[]> {
  const [a, b] = await syntheticRegions(2, 50, 9);
  if (!a || !b) throw new Error('no synthetic catalogues');
  const [ca, cb] = [noticeCatalogue(a.region, a.notice), noticeCatalogue(b.region, b.notice)];
  const library = referenceLaws();
  const within = SCALE.filter((n) => n <= options.maxRegions);
  const sizes = within.length ? within : SCALE.slice(0, 1);
  const regions = asRegionItems(await syntheticRegions(Math.max(...sizes), 30, 1));
  const at = (n: number) => regions.slice(0, n);
  const oneRun = oneMatrixEach(regions, sizes);
  pairwiseEstimate(at(sizes[0] ?? 100), 50); // JIT warm-up of the sampled pairs
  const estimates = new Map(sizes.map((n) => [n, pairwiseEstimate(at(n), SAMPLED_PAIRS)]));
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
    ...sizes.map((n): BenchCase => {
      const estimate = estimates.get(n);
      const pairwise = PAIRWISE_RUNS[n];
      return {
        name: `matrix ${n} regions`,
        subject: () => buildMatrix(at(n)),
        ...(pairwise
          ? { baseline: { label: 'pairwise', run: () => pairwiseClusters(at(n)), ...pairwise } }
          : {}),
        ...(n === 3000 ? { budget: { maxMedianMs: MAX_MATRIX_MS } } : {}),
        scale: { axis: 'regions', n, ...(estimate ? { estimates: { [ESTIMATE_LABEL]: estimate.ms } } : {}) },
        notes: () => ({
          ...oneRun.get(n),
          ...(estimate
            ? {
                'pairwise estimate s': (estimate.ms / 1000).toFixed(estimate.ms < 100_000 ? 1 : 0),
                'ms per sampled pair': estimate.perPairMs.toFixed(3),
              }
            : {}),
        }),
      };
    }),
  ];
}

export default {
  description: 'pairwise diff of two catalogues; coverage matrix 100 → 3,000 synthetic regions vs pairwise',
  cases,
} satisfies SuiteModule;

/**
 * One matrix at each size, smallest first, before any timing: the items and powers, and the
 * process's peak RSS after it (`maxRSS` never falls, so each figure is the peak up to that
 * size, with all regions loaded) — the memory the matrix needs, without the garbage of timed runs.
 * One line per size on stderr.
 */
function oneMatrixEach(
  regions: RegionItems[],
  sizes: number[],
): Map<number, Record<string, string | number>> {
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  const loaded = process.resourceUsage().maxRSS * 1024;
  const figures = new Map<number, Record<string, string | number>>();
  for (const n of sizes) {
    const start = performance.now();
    const matrix = buildMatrix(regions.slice(0, n));
    const ms = Math.round(performance.now() - start);
    const peak = mib(process.resourceUsage().maxRSS * 1024);
    figures.set(n, {
      items: matrix.items,
      powers: matrix.rows.length,
      'peak RSS MiB after one matrix': peak,
    });
    console.error(
      `compare: one matrix of ${n} regions (${matrix.items} items → ${matrix.rows.length} powers) in ${ms} ms; process peak RSS ${peak} MiB (${mib(loaded)} MiB with ${regions.length} regions loaded)`,
    );
  }
  return figures;
}

/** Every region's items profiled with one profiler (one vocabulary), and the idf over all of them. */
function profileRegions(regions: RegionItems[]): { profiles: ItemProfile[][]; idf: Float64Array } {
  const profiler = createProfiler();
  const profiles = regions.map((r) => r.items.map((x) => profiler.profile(x.item, x.ref)));
  return { profiles, idf: profiler.idf() };
}

/** One pair of regions matched one-to-one: all n × m scores, then the assignment. */
function matchPair(pi: ItemProfile[], pj: ItemProfile[], idf: Float64Array): [number, number][] {
  const scores = pi.map((x) => Float64Array.from(pj, (y) => scorePair(x, y, idf)));
  return assign(scores, pj.length, DEFAULT_THRESHOLD);
}

/**
 * The pairwise way to a matrix: every region profiled once, every pair of regions assigned
 * one-to-one (R² / 2 assignments of n² scores), matched items joined into powers.
 * Returns the number of powers.
 */
function pairwiseClusters(regions: RegionItems[]): number {
  const { profiles, idf } = profileRegions(regions);
  const offsets = profiles.map((_, i) => profiles.slice(0, i).reduce((n, p) => n + p.length, 0));
  const total = profiles.reduce((n, p) => n + p.length, 0);
  const parent = Int32Array.from({ length: total }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
    return x;
  };
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      for (const [r, c] of matchPair(profiles[i] ?? [], profiles[j] ?? [], idf)) {
        parent[find((offsets[i] ?? 0) + r)] = find((offsets[j] ?? 0) + c);
      }
    }
  }
  return new Set(Array.from({ length: total }, (_, x) => find(x))).size;
}

/**
 * What `pairwiseClusters` would take on these regions, without running all R(R − 1)/2 pairs:
 * the profiling (run), plus the mean time of `sample` random pairs times the number of pairs.
 * The union-find is left out (microseconds per pair).
 */
function pairwiseEstimate(regions: RegionItems[], sample: number): { ms: number; perPairMs: number } {
  let started = performance.now();
  const { profiles, idf } = profileRegions(regions);
  const profileMs = performance.now() - started;
  const random = mulberry32(11);
  const pick = () => Math.floor(random() * profiles.length);
  const pairs = Array.from({ length: sample }, () => {
    const i = pick();
    let j = pick();
    while (profiles.length > 1 && j === i) j = pick();
    return [profiles[i] ?? [], profiles[j] ?? []] as const;
  });
  started = performance.now();
  for (const [pi, pj] of pairs) matchPair(pi, pj, idf);
  const perPairMs = (performance.now() - started) / sample;
  const all = (regions.length * (regions.length - 1)) / 2;
  return { ms: profileMs + perPairMs * all, perPairMs };
}
