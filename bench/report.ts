/** The results of `npm run bench` as an aligned table and as JSON files that later runs compare against. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { displayWidth } from '../src/export/text-table.ts';
import type { Budget, Report, Stats } from './harness.ts';

/** Columns of names (suite, case, baseline, verdict); the others are numbers, right-aligned. */
const LEFT_ALIGNED = new Set([0, 1, 5, 11]);

/** The report as one aligned table, with the change in subject median since `previous` when given. */
export function formatTable(report: Report, previous?: Report): string {
  const before = new Map(
    previous?.suites.flatMap((suite) => suite.cases.map((c) => [`${suite.name}/${c.name}`, c.subject])),
  );
  const header = ['suite', 'case', 'median ms', 'p95', 'min–max', 'baseline', 'median ms', 'p95', 'min–max'];
  const rows = [[...header, 'ratio', 'overhead', 'verdict', 'Δ prev']];
  for (const suite of report.suites) {
    for (const c of suite.cases) {
      const b = c.baseline;
      const old = before.get(`${suite.name}/${c.name}`)?.median;
      rows.push([
        suite.name,
        c.name,
        ...timing(c.subject),
        b?.label ?? '-',
        ...timing(b),
        c.ratio === undefined ? '-' : `${c.ratio >= 0.1 ? c.ratio.toFixed(2) : c.ratio.toPrecision(2)}×`,
        c.overheadPct === undefined ? '-' : `${signed(c.overheadPct)}%`,
        c.error ? `error: ${c.error}` : `${c.verdict}${c.budget ? ` (${budgetText(c.budget)})` : ''}`,
        old && c.subject ? `${signed((c.subject.median / old - 1) * 100)}%` : '-',
      ]);
    }
  }
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => displayWidth(row[col] ?? ''))));
  const lines = rows.map((row) =>
    row.map((cell, col) => pad(cell, widths?.[col] ?? 0, !LEFT_ALIGNED.has(col))).join('  '),
  );
  lines.splice(1, 0, (widths ?? []).map((w) => '─'.repeat(w)).join('  '));
  const footer = report.suites.map(
    (s) =>
      `${s.name}: ${s.cases.filter((c) => c.verdict === 'ok').length}/${s.cases.length} within budget, ` +
      `peak RSS ${s.peakRssMiB.toFixed(0)} MiB (process max ${s.maxRssMiB.toFixed(0)} MiB)`,
  );
  const notes = report.suites.flatMap((s) =>
    s.cases.flatMap((c) =>
      c.notes
        ? [
            `${s.name}/${c.name}: ${Object.entries(c.notes)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
          ]
        : [],
    ),
  );
  return [...lines, '', ...notes, ...(notes.length ? [''] : []), ...footer].join('\n');
}

/** Writes `<dir>/<ISO timestamp>.json` and `<dir>/latest.json`; returns the first path. */
export async function writeReport(report: Report, dir: URL): Promise<URL> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = new URL(`${report.startedAt.replace(/:/g, '-')}.json`, dir);
  await writeFile(file, json);
  await writeFile(new URL('latest.json', dir), json);
  return file;
}

/** The last report written, if any (read before writing the new one). */
export async function readLatest(dir: URL): Promise<Report | undefined> {
  return readFile(new URL('latest.json', dir), 'utf8').then(
    (json) => JSON.parse(json) as Report,
    () => undefined,
  );
}

function budgetText(budget: Budget): string {
  if ('maxMedianMs' in budget) return `≤ ${budget.maxMedianMs} ms`;
  if ('maxP99Ms' in budget) return `p99 ≤ ${budget.maxP99Ms} ms`;
  return 'maxP95Ms' in budget ? `p95 ≤ ${budget.maxP95Ms} ms` : `≤ ${budget.maxOverheadPct}%`;
}

function timing(s: Stats | undefined): string[] {
  if (!s) return ['-', '-', '-'];
  return [ms(s.median), ms(s.p95), `${ms(s.min)}–${ms(s.max)}`];
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

function pad(cell: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cell)));
  return right ? fill + cell : cell + fill;
}
