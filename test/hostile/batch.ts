import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { JobView } from '../../schemas/job.ts';
import type { IngestRunner } from '../../src/pipeline/runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import type { NoticeStore } from '../../src/store/types.ts';
import { caseBytes, HOSTILE_CASES, type HostileCase } from './corpus.ts';

/** Generated cases cheap enough to push through a runner with the committed ones. */
const GENERATED_IN_BATCH = ['docx-zip-bomb', 'docx-entry-bomb', 'pdf-5000-pages', 'html-10000-nested-tables'];

/** The corpus cases a runner gets: every committed one and the worst generated ones. */
export async function hostileBatch(): Promise<{ hostile: HostileCase; bytes: Buffer }[]> {
  const cases = HOSTILE_CASES.filter((c) => c.source === 'committed' || GENERATED_IN_BATCH.includes(c.id));
  return Promise.all(cases.map(async (hostile) => ({ hostile, bytes: await caseBytes(hostile) })));
}

export const GOOD_SEED = {
  name: '003_2a9d65f420513247.txt',
  bytes: readFileSync('seeds/003_2a9d65f420513247.txt'),
};

/**
 * Submits the hostile batch and then a good seed through `deps`, waits for all of them, and
 * checks that nothing was lost: each hostile job failed with a one-line reason naming its file
 * (or completed, when the corpus says it reads), every original is in the store, and the good
 * seed submitted last completed.
 */
export async function expectBatchSurvived(
  deps: { store: NoticeStore; runner: IngestRunner },
  timeoutMs: number,
): Promise<JobView[]> {
  const batch = await hostileBatch();
  const submitted = [];
  for (const { hostile, bytes } of batch) submitted.push(await submitUpload(deps, bytes, hostile.fileName));
  const good = await submitUpload(deps, GOOD_SEED.bytes, GOOD_SEED.name);
  const views = await Promise.all(submitted.map(({ jobId }) => deps.runner.wait(jobId, { timeoutMs })));
  for (const [k, { hostile, bytes }] of batch.entries()) {
    const view = views[k] as JobView;
    const refused = 'error' in hostile.expected;
    expect(view.state, `${hostile.id}: ${view.error}`).toBe(refused ? 'failed' : 'completed');
    if (refused) {
      expect(view.error?.startsWith(`${hostile.fileName}: `), view.error).toBe(true);
      expect(view.error).not.toMatch(/\n/);
    }
    const original = await deps.store.getOriginal(submitted[k]?.sha256 as string);
    expect(original && Buffer.from(original).equals(bytes), `${hostile.id}: original kept`).toBe(true);
  }
  const seed = await deps.runner.wait(good.jobId, { timeoutMs });
  expect(seed).toMatchObject({ state: 'completed', fileName: GOOD_SEED.name });
  expect((await deps.store.findBySha(good.sha256))?.notice.tables[0]?.items).toHaveLength(7);
  return views;
}
