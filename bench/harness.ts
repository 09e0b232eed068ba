/**
 * The benchmark harness: the case and suite shapes, timing and statistics (report.ts prints
 * and saves the results).
 * A suite (bench/suites/<name>.ts) default-exports a `SuiteModule`; each of its cases times a
 * subject against the bare library doing the same work, interleaved within one run so that
 * drift (CPU clock, GC pressure, other processes) hits both alike.
 */
/** One timed call; a returned promise is awaited inside the timing. */
export type Task = () => unknown;

/** What a case must meet to print "ok": an absolute median or p95, or an overhead over its baseline. */
export type Budget = { maxMedianMs: number } | { maxP95Ms: number } | { maxOverheadPct: number };

export interface BenchCase {
  /** Shown in the table and the JSON; unique within its suite. */
  name: string;
  subject: Task;
  /** The bare library doing the same work on the same input, timed in the same runs. */
  baseline?: { label: string; run: Task };
  budget?: Budget;
  /** Measured runs of this case, instead of BENCH_RUNS (e.g. one per query of a query set). */
  runs?: number;
  /** Warm-up runs of this case, instead of BENCH_WARMUP. */
  warmup?: number;
  /** Figures that are not run times (build time, index size, throughput …), read after the runs. */
  notes?: () => Record<string, string | number> | Promise<Record<string, string | number>>;
}

/** What a file in bench/suites/ default-exports; its file name is the suite name. */
export interface SuiteModule {
  description: string;
  /** Builds the cases (reading fixtures); called only when the suite is selected. */
  cases(): Promise<BenchCase[]>;
}

export interface RunOptions {
  /** Measured runs per case. @defaultValue 20 */
  runs: number;
  /** Unmeasured runs before them (JIT, lazy imports, caches). @defaultValue 3 */
  warmup: number;
}

/** Wall times in milliseconds; p95 is nearest-rank. */
export interface Stats {
  median: number;
  p95: number;
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
  for (const benchCase of await suite.cases()) {
    cases.push(await measureCase(benchCase, options, sampleRss).catch((error) => failed(benchCase, error)));
  }
  const maxRssMiB = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
  return { name, description: suite.description, peakRssMiB: peakRss / 2 ** 20, maxRssMiB, cases };
}

/** Warm-up, then measured runs alternating baseline-first and subject-first. */
export async function measureCase(
  { name, subject, baseline, budget, notes, ...counts }: BenchCase,
  options: RunOptions,
  afterRun: () => void = () => {},
): Promise<CaseResult> {
  const runs = counts.runs ?? options.runs;
  const warmup = counts.warmup ?? options.warmup;
  const times = { subject: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < warmup + runs; i++) {
    const order = i % 2 === 0 ? (['baseline', 'subject'] as const) : (['subject', 'baseline'] as const);
    for (const which of order) {
      const task = which === 'subject' ? subject : baseline?.run;
      if (!task) continue;
      const ms = await time(task);
      afterRun();
      if (i >= warmup) times[which].push(ms);
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
  };
}

export async function time(task: Task): Promise<number> {
  const start = process.hrtime.bigint();
  await task();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? at(0.5) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return {
    median: median ?? NaN,
    p95: at(0.95) ?? NaN,
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    samples,
  };
}

function verdict(subject: Stats, overheadPct: number | undefined, budget?: Budget): CaseResult['verdict'] {
  if (!budget) return '-';
  if ('maxMedianMs' in budget) return subject.median <= budget.maxMedianMs ? 'ok' : 'over';
  if ('maxP95Ms' in budget) return subject.p95 <= budget.maxP95Ms ? 'ok' : 'over';
  if (overheadPct === undefined) return '-';
  return overheadPct <= budget.maxOverheadPct ? 'ok' : 'over';
}

function failed({ name, budget }: BenchCase, error: unknown): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return { name, budget, verdict: 'error', error: message.split('\n')[0] };
}
