import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogueKey } from '../../src/store/catalogue-key.ts';
import { createFileStore } from '../../src/store/file-store.ts';
import type { NoticeStore } from '../../src/store/types.ts';
import { runCliInProcess } from '../support/cli.ts';
import { seedNotice } from './seeds.ts';

/** The five seeds stored (as `ingest` stores them) in a fresh file store under a new data directory. */
export async function seededDataDir(
  files = [
    '000_2cf1152d849efe07.txt',
    '001_0b30fb75eabd2adf.txt',
    '002_5de5b9fc519ac159.txt',
    '003_2a9d65f420513247.txt',
    '004_1af03ef051e33fde.txt',
  ],
) {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-compare-'));
  const store = createFileStore(join(dir, 'store'));
  for (const file of files) await storeSeed(store, file);
  return { dir, store };
}

export async function storeSeed(store: NoticeStore, file: string) {
  const notice = await seedNotice(file);
  const ref = await store.putOriginal(new Uint8Array(readFileSync(join('seeds', file))), file);
  return store.saveNotice({
    notice,
    sha256: ref.sha256,
    catalogueKey: catalogueKey(notice),
    sourceFile: file,
  });
}

/** Runs the CLI in-process against the data directory `dir` (embedded store). */
export async function cli(dir: string | null, ...argv: string[]) {
  if (dir) process.env.POLICY_KB_DATA = dir;
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  return runCliInProcess(argv);
}
