import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../schemas/job.ts';
import { BadInputError, isBadInput } from '../../src/errors.ts';
import { createInlineRunner } from '../../src/pipeline/inline-runner.ts';
import { createParseThreads, type ParseThreads } from '../../src/pipeline/parse-threads.ts';
import { runStages } from '../../src/pipeline/run-stages.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { createFileStore } from '../../src/store/file-store.ts';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-threads-'));
  const store = createFileStore(join(dir, 'store'));
  const index = await createEmbeddedIndex(join(dir, 'index'));
  return { dir, store, index };
}

/** A catalogue page of `rows` rows × 10 columns: parsing it takes seconds and a lot of heap. */
function bigCatalogue(rows: number): Uint8Array {
  const head = [
    '序号',
    '事项名称',
    '检查对象',
    '检查依据',
    '实施主体',
    '层级',
    '方式',
    '频次',
    '备注',
    '其他',
  ];
  const cells = (values: string[]) => `<tr>${values.map((v) => `<td>${v}</td>`).join('')}</tr>`;
  const body = Array.from({ length: rows }, (_, r) =>
    cells([String(r + 1), ...Array.from({ length: 9 }, () => `对定点医药机构的检查内容${r}`)]),
  );
  const html = `<html><body><h1>某市医疗保障局行政检查事项清单</h1><table>${cells(head)}${body.join('')}</table></body></html>`;
  return new TextEncoder().encode(html);
}

const pools: ParseThreads[] = [];
const pool = (limits: { timeoutMs: number; heapMb: number }) => {
  const threads = createParseThreads(limits);
  pools.push(threads);
  return threads;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

const seedNames = ['000_2cf1152d849efe07.txt', '003_2a9d65f420513247.txt', '004_1af03ef051e33fde.txt'];

describe('parse threads', () => {
  it('give the same notice and the same progress as parsing in-process', async () => {
    const { store, index } = await setup();
    const threads = pool({ timeoutMs: 60_000, heapMb: 512 });
    for (const name of seedNames) {
      const ref = await store.putOriginal(new Uint8Array(readFileSync(`seeds/${name}`)), name);
      const here: JobProgress[] = [];
      const there: JobProgress[] = [];
      const inProcess = await runStages(ref, { store, index }, (p) => void here.push(p));
      const threaded = await runStages(ref, { store, index }, (p) => void there.push(p), { threads });
      expect(threaded.notice).toEqual(inProcess.notice);
      expect(there).toEqual(here);
    }
  });

  it('keep a bad file a bad file: same code, same message', async () => {
    const { store, index } = await setup();
    const threads = pool({ timeoutMs: 60_000, heapMb: 256 });
    const ref = await store.putOriginal(
      new Uint8Array(2048).map((_, i) => (i * 131) % 256),
      'scan.txt',
    );
    const inProcess = await runStages(ref, { store, index }).catch((e: unknown) => e);
    const threaded = await runStages(ref, { store, index }, () => {}, { threads }).catch((e: unknown) => e);
    expect(isBadInput(threaded)).toBe(true);
    expect((threaded as BadInputError).code).toBe('binary-junk');
    expect((threaded as Error).message).toBe((inProcess as Error).message);
  });

  it('stop a file that needs more heap than the limit, and the next file parses in a fresh thread', async () => {
    const { store, index } = await setup();
    const threads = pool({ timeoutMs: 120_000, heapMb: 64 });
    const big = await store.putOriginal(bigCatalogue(20_000), 'big.html');
    const error = await runStages(big, { store, index }, () => {}, { threads }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect(error).toMatchObject({ code: 'too-complex' });
    expect((error as Error).message).toBe('big.html: 文件过大或过于复杂：解析所需内存超过 64 MB');
    const seed = await store.putOriginal(new Uint8Array(readFileSync(`seeds/${seedNames[1]}`)), 'seed.txt');
    const state = await runStages(seed, { store, index }, () => {}, { threads });
    expect(state.notice?.tables[0]?.items).toHaveLength(7);
  });

  it('stop a file that parses for longer than the time limit', async () => {
    const { store, index } = await setup();
    const threads = pool({ timeoutMs: 200, heapMb: 2048 });
    const big = await store.putOriginal(bigCatalogue(40_000), 'slow.html');
    const error = await runStages(big, { store, index }, () => {}, { threads }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'too-complex' });
    expect((error as Error).message).toBe('slow.html: 文件过大或过于复杂：解析超过 0.2 秒仍未完成');
  });

  it('in the embedded runner: the job fails with the reason, the original stays, and it can be retried', async () => {
    const { dir, store, index } = await setup();
    const runner = await createInlineRunner({
      store,
      index,
      jobsDir: join(dir, 'jobs'),
      parseThreads: { timeoutMs: 120_000, heapMb: 64 },
    });
    const bytes = bigCatalogue(20_000);
    const { jobId, sha256 } = await submitUpload({ store, runner }, bytes, 'big.html');
    const failed = await runner.wait(jobId);
    expect(failed).toMatchObject({
      state: 'failed',
      error: 'big.html: 文件过大或过于复杂：解析所需内存超过 64 MB',
    });
    const stored = await store.getOriginal(sha256);
    expect(stored && Buffer.from(stored).equals(bytes)).toBe(true);
    await runner.retry(jobId);
    expect(await runner.wait(jobId)).toMatchObject({ state: 'failed', attempts: 2 });
    await runner.close();
  });
});
