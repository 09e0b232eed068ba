import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedIndex, type EmbeddedIndexOptions } from '../../src/search/embedded/adapter.ts';
import { testSearchIndex } from './contract.ts';

const adapter = (options: EmbeddedIndexOptions) => async () => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-index-'));
  return {
    index: await createEmbeddedIndex(dir, options),
    reopen: () => createEmbeddedIndex(dir, options),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
};

testSearchIndex('embedded', adapter({}));
// every write is written out as a segment and merged: the contract holds across segments
testSearchIndex('embedded, a segment per write', adapter({ compactBytes: 1 }));
