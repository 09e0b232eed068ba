/**
 * The scaling curves of a benchmark report as one SVG chart: search time per query against the
 * number of items (embedded index vs the brute-force substring scan), and the coverage matrix's
 * time against the number of regions (clustered vs pairwise, measured and estimated). Both axes
 * log-scaled. Drawn with Vega-Lite, headless (no canvas, no browser); labels in English so that
 * no CJK font is needed to view it.
 *
 * `npm run bench:chart [report.json]` draws bench/results/latest.json (or the file given) to
 * docs/bench-scaling.svg; `npm run bench` does the same after a run that has both curves.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Report } from './harness.ts';

export const CHART_FILE = new URL('../docs/bench-scaling.svg', import.meta.url);
const LATEST = new URL('./results/latest.json', import.meta.url);

export type Panel = 'search' | 'matrix';

/** One plotted point: a series' value at one size (ms per query for search, s per matrix). */
export interface ScalingPoint {
  panel: Panel;
  series: string;
  x: number;
  y: number;
  kind: 'measured' | 'estimated';
}

/** The subject's series of each axis; baselines are named by their label. */
const SUBJECT: Record<Panel, string> = { search: 'embedded index', matrix: 'clustered' };

/** Every scaling point of the report's cases (those with `scale`), in report order. */
export function scalingPoints(report: Report): ScalingPoint[] {
  const points: ScalingPoint[] = [];
  for (const c of report.suites.flatMap((suite) => suite.cases)) {
    if (!c.scale || !c.subject) continue;
    const { n, estimates = {} } = c.scale;
    const panel: Panel = c.scale.axis === 'items' ? 'search' : 'matrix';
    const unit = panel === 'search' ? 1 : 1000;
    const add = (series: string, ms: number, kind: ScalingPoint['kind'] = 'measured') => {
      if (Number.isFinite(ms)) points.push({ panel, series, x: n, y: ms / unit, kind });
    };
    if (panel === 'search') {
      add(`${SUBJECT.search}, median`, c.subject.median);
      add(`${SUBJECT.search}, p95`, c.subject.p95);
      if (c.baseline) add(`${c.baseline.label}, median`, c.baseline.median);
    } else {
      add(SUBJECT.matrix, c.subject.median);
      if (c.baseline) add(`${c.baseline.label} (measured)`, c.baseline.median);
    }
    for (const [label, ms] of Object.entries(estimates)) add(label, ms, 'estimated');
  }
  return points;
}

/** Whether the report has points for both panels (a full run, not a filtered one). */
export function hasBothCurves(report: Report): boolean {
  const panels = new Set(scalingPoints(report).map((p) => p.panel));
  return panels.has('search') && panels.has('matrix');
}

/** The Vega-Lite specification of the chart (two panels side by side). */
export function chartSpec(report: Report) {
  const points = scalingPoints(report);
  const of = (panel: Panel) => points.filter((p) => p.panel === panel);
  const ticks = (panel: Panel) => [...new Set(of(panel).map((p) => p.x))];
  const panel = (which: Panel, title: string, xTitle: string, yTitle: string) => ({
    title,
    width: 340,
    height: 260,
    data: { values: of(which) },
    mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: xTitle,
        scale: { type: 'log', nice: false, padding: 14 },
        axis: { values: ticks(which), format: '~s', grid: true },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: yTitle,
        scale: { type: 'log' },
        axis: { values: decades(of(which).map((p) => p.y)), format: '~g', grid: true },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        legend: { orient: 'bottom', columns: 1, labelLimit: 400, symbolType: 'stroke' },
      },
      // Estimated series are dashed; their names say so, hence no legend of their own.
      strokeDash: {
        field: 'kind',
        type: 'nominal',
        scale: {
          domain: ['measured', 'estimated'],
          range: [
            [1, 0],
            [6, 4],
          ],
        },
        legend: null,
      },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'policy-kb: cost growth (npm run bench)',
      subtitle: `${report.startedAt.slice(0, 10)}, ${report.platform}, Node ${report.node}; medians (p95 where shown), log-log`,
    },
    hconcat: [
      panel('search', 'Search: time per query', 'items indexed (log)', 'ms per query (log)'),
      panel('matrix', 'Coverage matrix: time per matrix', 'regions (log)', 'seconds per matrix (log)'),
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    config: {
      font: 'Helvetica, Arial, sans-serif',
      background: 'white',
      padding: 12,
      view: { stroke: '#ccc' },
    },
  };
}

/** The powers of ten around the values: log-axis ticks and grid lines without the clutter between them. */
export function decades(values: number[]): number[] {
  const positive = values.filter((v) => v > 0);
  if (!positive.length) return [];
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.ceil(Math.log10(Math.max(...positive)));
  return Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
}

/** The chart as an SVG document. */
export async function renderChart(report: Report): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = chartSpec(report) as unknown as Parameters<typeof vegaLite.compile>[0];
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return `${accessible(await view.toSVG())}\n`;
  } finally {
    view.finalize();
  }
}

/**
 * The SVG with a `<title>` (its alternative text) and without Vega's ARIA roles on `<g>` groups,
 * which the linter (biome's a11y rules) rejects on a committed file.
 */
function accessible(svg: string): string {
  return svg
    .replace(/ (?:role|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/^(<svg[^>]*>)/, `$1<title>${ALT_TEXT}</title>`);
}

/** What the chart shows, as its alternative text. */
export const ALT_TEXT =
  'Scaling curves: search time per query against items indexed (embedded index vs substring scan), and coverage-matrix time against regions (clustered vs pairwise)';

export async function writeChart(report: Report, file: URL = CHART_FILE): Promise<void> {
  await mkdir(new URL('.', file), { recursive: true });
  await writeFile(file, await renderChart(report));
}

async function main(argv: string[]): Promise<number> {
  const source = argv[0] ? pathToFileURL(argv[0]) : LATEST;
  const report = JSON.parse(await readFile(source, 'utf8')) as Report;
  if (!hasBothCurves(report)) {
    console.error(
      `${fileURLToPath(source)} has no scaling points of both search and compare: run \`npm run bench\` (or \`npm run bench -- search compare\`) first`,
    );
    return 1;
  }
  await writeChart(report);
  console.log(`${fileURLToPath(CHART_FILE)} drawn from ${fileURLToPath(source)}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
