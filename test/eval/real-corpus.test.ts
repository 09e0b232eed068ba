import { describe, expect, it } from 'vitest';
import { evaluateCorpus, type RealTotals, realTotals } from '../../src/eval/real-run.ts';

/**
 * Floors under the real-corpus figures `npm run eval` reports, so that no change lowers them
 * unseen. The development half is what the extractor was tuned on; the test half's floors
 * are what was measured on it (never tuned on), not its targets (see README, Measured).
 */
const FLOORS: Record<'dev' | 'test', Partial<Record<keyof RealTotals, number>>> = {
  dev: {
    items: 0.9,
    names: 0.95,
    powerTypes: 0.9,
    citationF1: 0.95,
    articles: 0.95,
    chapters: 0.95,
    meta: 0.95,
  },
  test: {
    items: 0.75,
    names: 0.95,
    powerTypes: 0.75,
    citationF1: 0.85,
    articles: 0.9,
    chapters: 0.95,
    meta: 0.8,
  },
};

describe('extraction of the real-notice corpus (npm run eval)', async () => {
  const rows = await evaluateCorpus('test/fixtures/real');

  it.each(['dev', 'test'] as const)('keeps the %s half at or above its floors', (half) => {
    const totals = realTotals(rows.filter((row) => row.split === half));
    // With no rows every ratio is 1: the floors below would pass on an empty half.
    expect(totals.notices, half).toBeGreaterThan(0);
    for (const [metric, floor] of Object.entries(FLOORS[half]) as [keyof RealTotals, number][]) {
      expect(totals[metric], `${half} ${metric}`).toBeGreaterThanOrEqual(floor);
    }
  });

  it('finds rows in every development-half notice whose gold has complete rows', () => {
    const withRows = rows.filter((r) => r.score.itemsExpected > 0 && r.split === 'dev');
    expect(withRows.length, 'development-half notices whose gold has complete rows').toBeGreaterThan(0);
    for (const row of withRows) {
      expect(row.score.itemsFound, row.file).toBeGreaterThan(0);
    }
  });
});
