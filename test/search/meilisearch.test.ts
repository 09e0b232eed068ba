import { randomUUID } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { createMeilisearchIndex } from '../../src/search/meilisearch.ts';
import { testSearchIndex } from './contract.ts';

/**
 * The contract against a real Meilisearch (docker compose up -d meilisearch, then
 * MEILI_HOST=http://127.0.0.1:7700 MEILI_API_KEY=… npx vitest run test/search). Without
 * MEILI_HOST the suite is reported as skipped, with the reason in its name.
 */
const host = process.env.MEILI_HOST;
const apiKey = process.env.MEILI_API_KEY;
if (!host)
  console.warn('test/search/meilisearch.test.ts: skipped: MEILI_HOST is not set (no Meilisearch server)');

testSearchIndex(
  'meilisearch',
  async () => {
    const indexUid = `policy_kb_test_${randomUUID().slice(0, 8)}`;
    const options = { host: host ?? '', apiKey, indexUid };
    return {
      index: createMeilisearchIndex(options),
      reopen: async () => createMeilisearchIndex(options),
      async cleanup() {
        await new Meilisearch({ host: host ?? '', apiKey }).deleteIndexIfExists(indexUid);
      },
    };
  },
  host ? undefined : 'MEILI_HOST is not set',
);
