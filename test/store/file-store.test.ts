import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore } from '../../src/store/file-store.ts';
import { testNoticeStore } from './contract.ts';

testNoticeStore('files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-store-'));
  return {
    store: createFileStore(dir),
    reopen: async () => createFileStore(dir),
    async copies(sha256) {
      const names = await readdir(join(dir, 'originals', sha256.slice(0, 2)));
      return names.filter((name) => name === sha256).length;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
