import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBatchSurvived, hostileBatch } from './batch.ts';
import { tempApp } from './upload-helpers.ts';

/** The hostile corpus through the in-process runner: nothing lost, and the next job still runs. */

let kb: Awaited<ReturnType<typeof tempApp>>;
beforeAll(async () => {
  kb = await tempApp();
});
afterAll(() => kb?.remove());

describe('hostile batch through the inline runner', () => {
  it('keeps every original, fails each bad file with its reason, then completes a good seed', {
    timeout: 240_000,
  }, async () => {
    const views = await expectBatchSurvived(kb.app, 30_000);
    const refused = (await hostileBatch()).filter(({ hostile }) => 'error' in hostile.expected);
    expect((await kb.app.runner.listJobs('failed')).length).toBe(refused.length);
    expect(views.every((view) => view.attempts === 1)).toBe(true);
  });
});
