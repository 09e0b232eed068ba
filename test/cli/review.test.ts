import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorrectionsExport } from '../../schemas/review.ts';

/** 官渡区's catalogue with its 检查对象 column headed in words the vocabulary does not know. */
const MISHEADED = readFileSync('seeds/003_2a9d65f420513247.txt', 'utf8').replace('检查对象', '被检查者');

const cli = (data: string, ...args: string[]) =>
  spawnSync('node', ['bin/policy-kb.js', ...args], {
    env: { ...process.env, POLICY_KB_DATA: data, REDIS_URL: '', DATABASE_URL: '', MEILI_HOST: '' },
    encoding: 'utf8',
  });

describe('policy-kb review export / import', () => {
  it('carries a review and its learned column mapping to another knowledge base, once', async () => {
    const work = mkdtempSync(join(tmpdir(), 'policy-kb-review-cli-'));
    const file = join(work, 'guandu.txt');
    writeFileSync(file, MISHEADED);
    const [a, b] = [join(work, 'a'), join(work, 'b')];
    for (const data of [a, b]) expect(cli(data, 'ingest', file).status).toBe(0);
    const id = JSON.parse(cli(a, 'list', '--json').stdout).notices[0].id as string;

    // a review in knowledge base a (through the pipeline, as the API does)
    const { createFileStore } = await import('../../src/store/file-store.ts');
    const { createEmbeddedIndex } = await import('../../src/search/embedded/adapter.ts');
    const { reviewNotice } = await import('../../src/pipeline/review.ts');
    const store = createFileStore(join(a, 'store'));
    const index = await createEmbeddedIndex(join(a, 'index'));
    await reviewNotice(
      { store, index },
      id,
      {
        reason: '被检查者即检查对象',
        corrections: [{ kind: 'map-column', table: 0, column: 2, field: 'targets' }],
      },
      '张三',
    );
    await index.close();
    await store.close();

    const out = join(work, 'corrections.json');
    const exported = cli(a, 'review', 'export', '--out', out);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain('已导出 1 次复核、1 条列对应');
    const document = CorrectionsExport.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(document.reviews).toMatchObject([{ noticeId: id, basedOn: 1, by: '张三' }]);

    const imported = cli(b, 'review', 'import', out, '--json');
    expect(imported.status).toBe(0);
    // the imported review learns the mapping itself, so none is left to add
    expect(JSON.parse(imported.stdout)).toEqual({ applied: 1, skipped: 0, failed: [], aliases: 0 });
    const inB = createFileStore(join(b, 'store'));
    expect(await inB.listEntries('header-aliases')).toMatchObject([
      { header: '被检查者', field: 'targets', by: '张三（导入）' },
    ]);
    await inB.close();
    const notices = JSON.parse(cli(b, 'list', '--json').stdout).notices;
    expect(notices.find((n: { current: boolean }) => n.current)).toMatchObject({ id, version: 2 });
    // again: nothing new
    expect(JSON.parse(cli(b, 'review', 'import', out, '--json').stdout)).toEqual({
      applied: 0,
      skipped: 1,
      failed: [],
      aliases: 0,
    });
    // a file that is not an export is refused with its name
    const wrong = cli(b, 'review', 'import', file);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('guandu.txt');
  });
});
