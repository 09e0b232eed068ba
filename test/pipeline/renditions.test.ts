import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixRefreshSettled } from '../../src/compare/refresh.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { createFileStore } from '../../src/store/file-store.ts';

const SEEDS = readdirSync('seeds').filter((name) => name.endsWith('.txt'));
const FORMATS = ['txt', 'docx', 'html', 'pdf'] as const;
const fileOf = (seed: string, format: (typeof FORMATS)[number]) =>
  format === 'txt' ? `seeds/${seed}` : `test/fixtures/renditions/${seed.replace(/\.txt$/, `.${format}`)}`;

describe('one notice across formats', () => {
  it('the five seeds in four formats are five notices, each one version with four renditions, titled as their text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-kb-renditions-'));
    const store = createFileStore(join(dir, 'store'));
    const index = await createEmbeddedIndex(join(dir, 'index'));
    const runner = await createInlineRunner({ store, index, jobsDir: join(dir, 'jobs') });
    try {
      const jobs: { seed: string; format: string; jobId: string }[] = [];
      // format by format, as staff would upload a notice's Word file, then its PDF …
      for (const format of FORMATS)
        for (const seed of SEEDS) {
          const path = fileOf(seed, format);
          const { jobId } = await submitUpload(
            { store, runner },
            new Uint8Array(readFileSync(path)),
            path.split('/').pop() as string,
          );
          jobs.push({ seed, format, jobId });
        }
      for (const job of jobs) {
        const view = await runner.wait(job.jobId);
        expect(view, `${job.seed} ${job.format}`).toMatchObject({ state: 'completed', duplicate: false });
        expect(view.rendition ?? false).toBe(job.format !== 'txt');
      }
      const notices = await store.listNotices();
      expect(notices).toHaveLength(5);
      for (const record of notices) {
        expect(record.version).toBe(1);
        expect(record.renditions.map((r) => r.format).sort()).toEqual(['docx', 'html', 'pdf', 'txt']);
        const seed = SEEDS.find((name) => record.renditions.some((r) => r.sourceFile === name));
        expect(seed).toBeDefined();
        // title and 文号 as the text gives them, never a file name
        const text = (await store.findBySha(record.renditions[0]?.sha256 as string))?.notice;
        expect(record.notice.meta.title).toBe(text?.meta.title);
        expect(record.notice.meta.title ?? '').not.toMatch(/\.(txt|docx|html|pdf)$|^[0-9a-f]{3}_/);
      }
      // every rendition's bytes lead to its version
      for (const record of notices)
        for (const rendition of record.renditions)
          expect((await store.findBySha(rendition.sha256))?.id).toBe(record.id);
      await matrixRefreshSettled(store);
    } finally {
      await runner.close();
      await index.close();
    }
  });
});
