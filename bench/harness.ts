/**
 * The benchmark harness: the case and suite shapes, timing and statistics (report.ts prints
 * and saves the results).
 * A suite (bench/suites/<name>.ts) default-exports a `SuiteModule`; each of its cases times a
 * subject against the bare library doing the same work, interleaved within one run so that
 * drift (CPU clock, GC pressure, other processes) hits both alike.
 */
/**
 * One timed call; a returned promise is awaited inside the timing. `run` counts the case's
 * iterations from 0 (warm-up included). A task that times itself resolves to `selfTimed(ms)`:
 * those samples are recorded instead of its wall time (set-up and tear-down left out, or several
 * latencies from one run).
 */
export type Task = (run: number) => unknown;

/** What a self-timing task resolves to: its own samples in ms, recorded instead of its wall time. */
export class SelfTimed {
  constructor(readonly samples: readonly number[]) {}
}

export function selfTimed(samples: readonly number[]): SelfTimed {
  return new SelfTimed(samples);
}

/**
 * A point of a scaling curve, plotted by bench/chart.ts: the case's size along its axis
 * (`items` for search, `regions` for the matrix), and figures that were estimated, not run
 * (label → ms), e.g. the pairwise matrix at sizes where running it would take hours.
 */
export interface ScalePoint {
  axis: 'items' | 'regions' | 'notices';
  n: number;
  estimates?: Record<string, number>;
}

/** What a case must meet to print "ok": an absolute median, p95 or p99, or an overhead over its baseline. */
export type Budget =
  | { maxMedianMs: number }
  | { maxP95Ms: number }
  | { maxP99Ms: number }
  | { maxOverheadPct: number };

export interface BenchCase {
  /** Shown in the table and the JSON; unique within its suite. */
  name: string;
  subject: Task;
  /**
   * The bare library doing the same work on the same input, timed in the same runs. A slow one
   * can run fewer times (`runs`, `warmup`): spread evenly over the subject's runs.
   */
  baseline?: { label: string; run: Task; runs?: number; warmup?: number };
  budget?: Budget;
  /** Measured runs of this case, instead of BENCH_RUNS (e.g. one per query of a query set). */
  runs?: number;
  /** Warm-up runs of this case, instead of BENCH_WARMUP. */
  warmup?: number;
  /** Figures that are not run times (build time, index size, throughput …), read after the runs. */
  notes?: () => Record<string, string | number> | Promise<Record<string, string | number>>;
  /** Makes the case a point of a scaling curve (saved in the JSON, drawn by bench/chart.ts). */
  scale?: ScalePoint;
}

/** What a file in bench/suites/ default-exports; its file name is the suite name. */
export interface SuiteModule {
  description: string;
  /** Builds the cases (reading fixtures); called only when the suite is selected. */
  cases(options: RunOptions): Promise<BenchCase[]>;
  /** Releases what `cases` set up (temp directories, workers, Redis keys); runs even when a case failed. */
  teardown?(): Promise<void>;
}

export interface RunOptions {
  /** Measured runs per case. @defaultValue 20 */
  runs: number;
  /** Unmeasured runs before them (JIT, lazy imports, caches). @defaultValue 10 */
  warmup: number;
  /** Largest search scaling point, in items (1k, 10k, 100k up to it). @defaultValue 100000 */
  maxItems: number;
  /** Largest matrix scaling point, in regions (100, 300, 1,000, 3,000 up to it). @defaultValue 3000 */
  maxRegions: number;
  /** The Redis the ingestion suite's queue runs on. @defaultValue redis://127.0.0.1:6379 */
  redisUrl: string;
  /** Largest knowledge-base scaling point, in notices (1k, 10k, 100k up to it). @defaultValue 10000 */
  maxNotices: number;
  /** The PostgreSQL of the kb-scale suite's queue mode (a database of its own is created); none: embedded only. */
  databaseUrl?: string | undefined;
  /** The kb-scale suite's modes. @defaultValue ['embedded', 'queue+postgres'] */
  kbModes?: readonly ('embedded' | 'queue+postgres')[];
}

/** Wall times in milliseconds; p95 and p99 are nearest-rank. */
export interface Stats {
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  samples: number[];
}

export interface CaseResult {
  name: string;
  subject?: Stats;
  baseline?: Stats & { label: string };
  /** median(subject) / median(baseline). */
  ratio?: number;
  overheadPct?: number;
  budget?: Budget;
  verdict: 'ok' | 'over' | 'error' | '-';
  error?: string;
  notes?: Record<string, string | number>;
  scale?: ScalePoint;
}

export interface SuiteResult {
  name: string;
  description: string;
  /** Highest `process.memoryUsage.rss()` sampled after each run of the suite (includes earlier suites' heap). */
  peakRssMiB: number;
  /** `process.resourceUsage().maxRSS` when the suite ended: the process's peak so far. */
  maxRssMiB: number;
  cases: CaseResult[];
}

export interface Report {
  startedAt: string;
  node: string;
  platform: string;
  options: RunOptions;
  suites: SuiteResult[];
}

/** Runs every case of a suite; a case that throws is reported as an error, the others still run. */
export async function runSuite(name: string, suite: SuiteModule, options: RunOptions): Promise<SuiteResult> {
  let peakRss = process.memoryUsage.rss();
  const sampleRss = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  const cases: CaseResult[] = [];
  try {
    for (const benchCase of await suite.cases(options)) {
      cases.push(await measureCase(benchCase, options, sampleRss).catch((error) => failed(benchCase, error)));
    }
  } finally {
    await suite.teardown?.();
  }
  const maxRssMiB = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
  return { name, description: suite.description, peakRssMiB: peakRss / 2 ** 20, maxRssMiB, cases };
}

/**
 * Warm-up, then measured runs alternating baseline-first and subject-first; a baseline with
 * fewer runs of its own runs in evenly spread iterations only.
 */
export async function measureCase(
  { name, subject, baseline, budget, notes, scale, ...counts }: BenchCase,
  options: Pick<RunOptions, 'runs' | 'warmup'>,
  afterRun: () => void = () => {},
): Promise<CaseResult> {
  const runs = counts.runs ?? options.runs;
  const warmup = counts.warmup ?? options.warmup;
  const baselineRuns = Math.min(runs, baseline?.runs ?? runs);
  const baselineWarmup = Math.min(warmup, baseline?.warmup ?? warmup);
  const times = { subject: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < warmup + runs; i++) {
    const measured = i >= warmup;
    const withBaseline = measured
      ? spread(i - warmup, runs, baselineRuns)
      : spread(i, warmup, baselineWarmup);
    const order = i % 2 === 0 ? (['baseline', 'subject'] as const) : (['subject', 'baseline'] as const);
    for (const which of order) {
      const task = which === 'subject' ? subject : withBaseline ? baseline?.run : undefined;
      if (!task) continue;
      const samples = await measure(task, i);
      afterRun();
      if (measured) times[which].push(...samples);
    }
  }
  const s = stats(times.subject);
  const b = baseline ? { label: baseline.label, ...stats(times.baseline) } : undefined;
  const ratio = b ? s.median / b.median : undefined;
  const overheadPct = ratio === undefined ? undefined : (ratio - 1) * 100;
  return {
    name,
    subject: s,
    baseline: b,
    ratio,
    overheadPct,
    budget,
    verdict: verdict(s, overheadPct, budget),
    ...(notes ? { notes: await notes() } : {}),
    ...(scale ? { scale } : {}),
  };
}

/** Whether the k-th of n iterations is one of `chosen` spread evenly over them (all when chosen ≥ n). */
export function spread(k: number, n: number, chosen: number): boolean {
  if (chosen >= n) return true;
  return Math.floor(((k + 1) * chosen) / n) > Math.floor((k * chosen) / n);
}

/** The wall time of one call in ms, or the samples a self-timing task reports. */
export async function measure(task: Task, run = 0): Promise<readonly number[]> {
  const start = process.hrtime.bigint();
  const result = await task(run);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return result instanceof SelfTimed ? result.samples : [ms];
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? nearestRank(sorted, 0.5)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return {
    median,
    p95: nearestRank(sorted, 0.95),
    p99: nearestRank(sorted, 0.99),
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    samples,
  };
}

/** The `q`-quantile (0–1) of `samples`, nearest rank, as `stats` computes p95 and p99; NaN when empty. */
export function quantile(samples: readonly number[], q: number): number {
  return nearestRank(
    [...samples].sort((a, b) => a - b),
    q,
  );
}

function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

function verdict(subject: Stats, overheadPct: number | undefined, budget?: Budget): CaseResult['verdict'] {
  if (!budget) return '-';
  if ('maxMedianMs' in budget) return subject.median <= budget.maxMedianMs ? 'ok' : 'over';
  if ('maxP95Ms' in budget) return subject.p95 <= budget.maxP95Ms ? 'ok' : 'over';
  if ('maxP99Ms' in budget) return subject.p99 <= budget.maxP99Ms ? 'ok' : 'over';
  if (overheadPct === undefined) return '-';
  return overheadPct <= budget.maxOverheadPct ? 'ok' : 'over';
}

function failed({ name, budget }: BenchCase, error: unknown): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return { name, budget, verdict: 'error', error: message.split('\n')[0] };
}
