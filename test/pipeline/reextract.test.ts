import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixRefreshSettled } from '../../src/compare/refresh.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { proposalFor, reextractAll } from '../../src/pipeline/reextract.ts';
import { reviewNotice } from '../../src/pipeline/review.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { createFileStore } from '../../src/store/file-store.ts';

/** 官渡区's catalogue under a title of its own, its 检查对象 column headed in unknown words. */
const misheaded = (title: string) =>
  new TextEncoder().encode(
    `${title}\n${readFileSync('seeds/003_2a9d65f420513247.txt', 'utf8').replace('检查对象', '被检查者')}`,
  );

describe('re-extraction of every notice', () => {
  it('keeps reviewed versions as they were, and reports what today’s extraction would change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-kb-reextract-'));
    const store = createFileStore(join(dir, 'store'));
    const index = await createEmbeddedIndex(join(dir, 'index'));
    const runner = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
    try {
      const ids: string[] = [];
      for (const title of [
        '官渡区医疗保障局2025年行政检查事项清单',
        '官渡区医疗保障局2026年行政检查事项清单',
      ]) {
        const { jobId } = await submitUpload({ store, runner }, misheaded(title), `${title}.txt`);
        ids.push((await runner.wait(jobId)).noticeId as string);
      }
      const [a, b] = ids as [string, string];
      // unchanged extractor, no new mappings: nothing to propose
      expect(await reextractAll(store)).toMatchObject({
        checked: 2,
        unchanged: 2,
        proposals: [],
        failed: [],
      });

      // a review of a teaches the mapping, which changes what b's original gives today
      await reviewNotice(
        { store, index },
        a,
        {
          reason: '被检查者即检查对象',
          corrections: [{ kind: 'map-column', table: 0, column: 2, field: 'targets' }],
        },
        '张三',
      );
      const reviewed = await store.getNotice(a);
      const report = await reextractAll(store);
      expect(report.checked).toBe(2);
      expect(report.proposals.map((p) => [p.id, p.version, p.reviewed])).toEqual([[b, 1, false]]);
      expect(report.proposals[0]?.differences.map((d) => d.message)).toContain(
        '重新抽取的结果表1·第1项的对象不同',
      );
      // the reviewed version is exactly as it was, and no version was added anywhere
      expect(await store.getNotice(a)).toEqual(reviewed);
      expect((await store.listVersions(a)).map((v) => v.version)).toEqual([1, 2]);
      expect((await store.listVersions(b)).map((v) => v.version)).toEqual([1]);
      expect(await proposalFor(store, b)).toMatchObject({ id: b, reviewed: false });

      // a later mapping that disagrees with the reviewed version: proposed beside it, never applied
      await store.appendEntry('header-aliases', {
        header: '法定行使层级',
        field: null,
        regionCode: '530111',
        noticeId: b,
        version: 1,
        by: '李四',
        at: new Date().toISOString(),
      });
      const again = await reextractAll(store);
      expect(new Map(again.proposals.map((p) => [p.id, [p.version, p.reviewed]]))).toEqual(
        new Map([
          [a, [2, true]],
          [b, [1, false]],
        ]),
      );
      const ofA = again.proposals.find((p) => p.id === a);
      expect(ofA?.differences.map((d) => d.message).join('；')).toContain('层级');
      expect(await store.getNotice(a)).toEqual(reviewed);
      expect((await store.listVersions(a)).map((v) => v.version)).toEqual([1, 2]);
      await matrixRefreshSettled(store);
    } finally {
      await runner.close();
      await index.close();
    }
  });
});
