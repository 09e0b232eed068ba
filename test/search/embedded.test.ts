import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { testSearchIndex } from './contract.ts';

testSearchIndex('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-index-'));
  return {
    index: await createEmbeddedIndex(dir),
    reopen: () => createEmbeddedIndex(dir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
