import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SLOW_MACHINE_FACTOR } from '../support/slack.ts';
import { DEFAULT_HEAP_MB, DEFAULT_MAX_MS, HOSTILE_CASES, HOSTILE_DIR } from './corpus.ts';
import { expectOutcome } from './expect-outcome.ts';
import { SandboxPool } from './sandbox.ts';

/**
 * The hostile-input corpus, table-driven: every case is read in a worker thread with a capped
 * heap and a hard time limit, and must end in its specific BadInputError or its correct
 * reading — never a crash, a hang, a stack trace or unbounded memory.
 */

/** Heap a case may leave behind once it is done (a leak would show here). */
const MAX_RETAINED_MB = 16;

const pool = new SandboxPool();
afterAll(() => pool.close());

describe('hostile-input corpus', () => {
  it('has at least 30 cases with unique ids and file names, the committed ones up to date and small', async () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
    expect(new Set(HOSTILE_CASES.map((c) => c.fileName)).size).toBe(HOSTILE_CASES.length);
    const committed = HOSTILE_CASES.filter((c) => c.source === 'committed');
    for (const hostile of committed) {
      const path = new URL(hostile.fileName, HOSTILE_DIR);
      expect(existsSync(path), `${hostile.fileName}: run npx tsx test/hostile/make-corpus.ts`).toBe(true);
      const bytes = readFileSync(path);
      expect(bytes.equals(Buffer.from(await hostile.build())), `${hostile.fileName} is stale`).toBe(true);
      expect(bytes.length).toBeLessThan(64 * 1024);
    }
    const files = readdirSync(HOSTILE_DIR).filter((name) => name !== 'README.md');
    expect(files.sort()).toEqual(committed.map((c) => c.fileName).sort());
  });

  for (const hostile of HOSTILE_CASES) {
    // The case's bound is its 2-core CI figure; the test allows a machine 4× slower.
    const maxMs = (hostile.maxMs ?? DEFAULT_MAX_MS) * SLOW_MACHINE_FACTOR;
    const hardLimitMs = Math.max(30_000, 2 * maxMs);
    it(`${hostile.id}: ${hostile.what}`, { timeout: hardLimitMs + 60_000 }, async () => {
      const result = await pool.run(hostile.id, hostile.heapMb ?? DEFAULT_HEAP_MB, hardLimitMs);
      if (result.status !== 'done') expect.fail(`${hostile.id}: ${result.status}: ${result.message}`);
      const { outcome } = result;
      expectOutcome(hostile, outcome);
      expect(outcome.ms, 'time to read it').toBeLessThan(maxMs);
      expect(outcome.retainedMb, 'heap left behind').toBeLessThan(MAX_RETAINED_MB);
    });
  }
});
