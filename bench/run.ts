/**
 * `npm run bench [-- <filter>…]`: runs each suite in bench/suites/ whose file name contains one of
 * the filters (all suites without one), prints one table and writes bench/results/<ISO time>.json
 * and bench/results/latest.json; when the run has both scaling curves (search and compare), it
 * redraws docs/bench-scaling.svg from them. Exits 1 when a case throws; a case over budget only
 * prints "over".
 */
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { CHART_FILE, hasBothCurves, writeChart } from './chart.ts';
import type { Report, RunOptions, SuiteModule, SuiteResult } from './harness.ts';
import { runSuite } from './harness.ts';
import { formatTable, readLatest, writeReport } from './report.ts';

/** The benchmark's settings; the bench reads no other environment variable. */
const BenchEnv = z.object({
  /** Measured runs per case (the extraction issue asks for ≥ 20). @defaultValue 20 */
  BENCH_RUNS: z.coerce.number().int().positive().default(20),
  /** Unmeasured warm-up runs per case (JIT warm-up; the first runs of a file are 2–3× slower). @defaultValue 10 */
  BENCH_WARMUP: z.coerce.number().int().nonnegative().default(10),
  /** Largest search scaling point (1k, 10k, 100k items up to it); 10000 saves about a minute. @defaultValue 100000 */
  BENCH_MAX_ITEMS: z.coerce.number().int().positive().default(100_000),
  /** Largest matrix scaling point (100, 300, 1,000, 3,000 regions up to it). @defaultValue 3000 */
  BENCH_MAX_REGIONS: z.coerce.number().int().positive().default(3000),
  /** The Redis of the ingestion suite's BullMQ queue (its keys are removed afterwards). @defaultValue redis://127.0.0.1:6379 */
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Largest knowledge-base point (1k, 10k, 100k notices up to it); 100000 takes about an hour more. @defaultValue 10000 */
  BENCH_MAX_NOTICES: z.coerce.number().int().positive().default(10_000),
  /** PostgreSQL for the kb-scale suite's queue mode (it creates and drops a database of its own); unset: embedded only. */
  BENCH_DATABASE_URL: z.string().optional(),
  /** The kb-scale suite's modes, comma-separated (queue+postgres runs only with BENCH_DATABASE_URL). @defaultValue embedded,queue+postgres */
  BENCH_KB_MODES: z
    .string()
    .default('embedded,queue+postgres')
    .transform((text) => text.split(',').map((mode) => mode.trim()))
    .pipe(z.array(z.enum(['embedded', 'queue+postgres'])).min(1)),
});

const SUITES_DIR = new URL('./suites/', import.meta.url);
const RESULTS_DIR = new URL('./results/', import.meta.url);

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = BenchEnv.safeParse(env);
  if (!parsed.success) {
    console.error(z.prettifyError(parsed.error));
    return 1;
  }
  const settings = parsed.data;
  const options: RunOptions = {
    runs: settings.BENCH_RUNS,
    warmup: settings.BENCH_WARMUP,
    maxItems: settings.BENCH_MAX_ITEMS,
    maxRegions: settings.BENCH_MAX_REGIONS,
    redisUrl: settings.REDIS_URL,
    maxNotices: settings.BENCH_MAX_NOTICES,
    databaseUrl: settings.BENCH_DATABASE_URL,
    kbModes: settings.BENCH_KB_MODES,
  };
  if (options.runs < 20)
    console.warn(`BENCH_RUNS=${options.runs}: fewer than the 20 runs the targets assume`);
  const names = await suiteNames();
  const filters = argv.filter((arg) => !arg.startsWith('-')).map((arg) => arg.toLowerCase());
  const selected = names.filter((name) => !filters.length || filters.some((f) => name.includes(f)));
  if (!selected.length) {
    console.error(`no suite matches ${filters.join(', ')} (suites: ${names.join(', ')})`);
    return 1;
  }
  const report: Report = {
    startedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    options,
    suites: [],
  };
  for (const name of selected) {
    console.error(`${name}: ${options.warmup} warm-up + ${options.runs} measured runs per case …`);
    report.suites.push(await runSuite(name, await loadSuite(name), options));
  }
  console.log(formatTable(report, await readLatest(RESULTS_DIR)));
  console.log(`\nwritten to ${(await writeReport(report, RESULTS_DIR)).pathname} and latest.json`);
  if (hasBothCurves(report)) {
    await writeChart(report, CHART_FILE);
    console.log(`scaling curves drawn to ${CHART_FILE.pathname}`);
  }
  return report.suites.some(hasErrors) ? 1 : 0;
}

async function suiteNames(): Promise<string[]> {
  const files = await readdir(SUITES_DIR);
  return files
    .filter((file) => file.endsWith('.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
}

async function loadSuite(name: string): Promise<SuiteModule> {
  const module = (await import(new URL(`${name}.ts`, SUITES_DIR).href)) as { default?: Partial<SuiteModule> };
  const suite = module.default;
  if (typeof suite?.cases !== 'function' || typeof suite.description !== 'string') {
    throw new Error(`bench/suites/${name}.ts must default-export { description, cases() }`);
  }
  return suite as SuiteModule;
}

function hasErrors(suite: SuiteResult): boolean {
  return suite.cases.some((c) => c.verdict === 'error');
}

process.exitCode = await main(process.argv.slice(2), process.env);
