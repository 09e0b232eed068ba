import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredNotice } from '../../schemas/store.ts';
import { extractBytes } from '../../src/extract/from-file.ts';
import { catalogueKey } from '../../src/store/catalogue-key.ts';
import { createFileStore } from '../../src/store/file-store.ts';
import type { NoticeStore } from '../../src/store/types.ts';

/** Regions of the five seeds, as their notices name them. */
export const SEED_REGIONS = {
  beijing: '北京市',
  shannan: '山南市',
  shanxi: '山西省',
  guandu: '官渡区',
  heyuan: '河源市',
};

export interface SeededStore {
  store: NoticeStore;
  /** Every stored version, as `store.listNotices()` returns them. */
  records: StoredNotice[];
  /** The data directory (tests check that no hit leaks it). */
  dir: string;
  cleanup(): Promise<void>;
}

/** A file store in a temp directory holding the real seeds, stored and extracted as `ingest` does. */
export async function seedStore(): Promise<SeededStore> {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-search-'));
  const store = createFileStore(join(dir, 'store'));
  for (const name of (await readdir('seeds')).sort()) {
    const bytes = new Uint8Array(await readFile(join('seeds', name)));
    const ref = await store.putOriginal(bytes, name);
    const notice = await extractBytes(bytes, name);
    await store.saveNotice({
      notice,
      sha256: ref.sha256,
      catalogueKey: catalogueKey(notice),
      sourceFile: name,
    });
  }
  return {
    store,
    records: await store.listNotices(),
    dir,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
