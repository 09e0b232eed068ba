import { describe, expect, it } from 'vitest';
import { chartSpec, decades, hasBothCurves, renderChart, scalingPoints } from '../../bench/chart.ts';
import type { CaseResult, Report } from '../../bench/harness.ts';
import { measureCase, selfTimed, spread, stats } from '../../bench/harness.ts';

const timing = (median: number, p95 = median * 2) => ({ ...stats([median]), p95 });

function scaleCase(name: string, scale: CaseResult['scale'], subject: number, baseline?: [string, number]) {
  return {
    name,
    subject: timing(subject),
    ...(baseline ? { baseline: { label: baseline[0], ...timing(baseline[1]) } } : {}),
    verdict: '-',
    scale,
  } satisfies CaseResult;
}

/** A small report as `npm run bench` writes it: two search sizes, two matrix sizes, one case without scale. */
const report: Report = {
  startedAt: '2026-01-02T03:04:05.000Z',
  node: 'v20.0.0',
  platform: 'linux-x64',
  options: {
    runs: 20,
    warmup: 10,
    maxItems: 100_000,
    maxRegions: 3000,
    redisUrl: 'redis://x',
    maxNotices: 10_000,
  },
  suites: [
    {
      name: 'search',
      description: '',
      peakRssMiB: 1,
      maxRssMiB: 1,
      cases: [
        scaleCase('query 1k items', { axis: 'items', n: 1000 }, 0.3, ['substring scan', 0.5]),
        scaleCase('query 10k items', { axis: 'items', n: 10_000 }, 0.5, ['substring scan', 8]),
        { name: 'HTTP', subject: timing(10_000), verdict: '-' },
      ],
    },
    {
      name: 'compare',
      description: '',
      peakRssMiB: 1,
      maxRssMiB: 1,
      cases: [
        scaleCase(
          'matrix 100 regions',
          { axis: 'regions', n: 100, estimates: { 'pairwise (estimated)': 3000 } },
          50,
          ['pairwise', 2900],
        ),
        scaleCase(
          'matrix 3000 regions',
          { axis: 'regions', n: 3000, estimates: { 'pairwise (estimated)': 2.6e6 } },
          1500,
        ),
      ],
    },
  ],
};

describe('bench chart', () => {
  it('takes the scaling points of the cases with a scale: ms for search, s for the matrix', () => {
    const points = scalingPoints(report);
    expect(points.filter((p) => p.panel === 'search')).toHaveLength(6);
    expect(points).toContainEqual({
      panel: 'search',
      series: 'substring scan, median',
      x: 10_000,
      y: 8,
      kind: 'measured',
    });
    expect(points).toContainEqual({
      panel: 'matrix',
      series: 'clustered',
      x: 3000,
      y: 1.5,
      kind: 'measured',
    });
    expect(points).toContainEqual({
      panel: 'matrix',
      series: 'pairwise (measured)',
      x: 100,
      y: 2.9,
      kind: 'measured',
    });
    expect(points).toContainEqual({
      panel: 'matrix',
      series: 'pairwise (estimated)',
      x: 3000,
      y: 2600,
      kind: 'estimated',
    });
    expect(hasBothCurves(report)).toBe(true);
    expect(hasBothCurves({ ...report, suites: report.suites.slice(0, 1) })).toBe(false);
  });

  it("puts the log axes' ticks on the powers of ten around the values", () => {
    expect(decades([0.3, 8])).toEqual([0.1, 1, 10]);
    expect(decades([50, 2600])).toEqual([10, 100, 1000, 10_000]);
    expect(decades([])).toEqual([]);
  });

  it('plots both panels on log axes and renders them to SVG with every series', async () => {
    const spec = chartSpec(report);
    expect(spec.hconcat.map((panel) => panel.encoding.x.scale.type)).toEqual(['log', 'log']);
    const svg = await renderChart(report);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of [
      'embedded index, median',
      'substring scan, median',
      'clustered',
      'pairwise (measured)',
      'pairwise (estimated)',
      'Search: time per query',
      'Coverage matrix: time per matrix',
    ])
      expect(svg).toContain(label);
    expect(svg).not.toMatch(/[\u4e00-\u9fff]/u);
  });
});

describe('bench harness', () => {
  it('spreads a baseline with fewer runs evenly over the subject runs', () => {
    const chosen = (n: number, k: number) =>
      Array.from({ length: n }, (_, i) => spread(i, n, k)).filter(Boolean);
    expect(chosen(20, 5)).toHaveLength(5);
    expect(chosen(20, 20)).toHaveLength(20);
    expect(chosen(20, 50)).toHaveLength(20);
    expect(chosen(10, 0)).toHaveLength(0);
  });

  it('records the samples of a self-timing task and runs a baseline its own number of times', async () => {
    let baselineCalls = 0;
    const result = await measureCase(
      {
        name: 'self-timed',
        runs: 4,
        warmup: 1,
        subject: (run) => selfTimed([run, run + 100]),
        baseline: { label: 'b', runs: 2, warmup: 0, run: () => selfTimed([++baselineCalls]) },
      },
      { runs: 20, warmup: 10 },
    );
    expect(result.subject?.samples).toEqual([1, 101, 2, 102, 3, 103, 4, 104]);
    expect(result.baseline?.samples).toEqual([1, 2]);
    expect(baselineCalls).toBe(2);
    expect(result.ratio).toBeCloseTo(result.subject ? result.subject.median / 1.5 : 0);
  });
});
