import { join } from 'node:path';
import { withIndexFault } from './fault.ts';
import type { SearchIndex } from './types.ts';

export type { IndexStats, SearchIndex } from './types.ts';

/** The settings (from src/config.ts) that choose and place the search index. */
export interface SearchIndexConfig {
  /** Data directory; the embedded index lives in its `index/` subdirectory. */
  POLICY_KB_DATA: string;
  /** Meilisearch URL; selects the meilisearch adapter when set. */
  MEILI_HOST?: string | undefined;
  MEILI_API_KEY?: string | undefined;
  /** Meilisearch index uid. */
  MEILI_INDEX?: string | undefined;
  /** Fault injection: while this file exists every index call fails (see src/search/fault.ts). */
  POLICY_KB_INDEX_FAULT_FILE?: string | undefined;
}

/**
 * Opens the search index the configuration selects: Meilisearch when `MEILI_HOST` is set (loaded
 * lazily, and connected on first use, so an outage never stops the API from starting), else the
 * embedded index under `<POLICY_KB_DATA>/index`. `replayOnRead`: for a process that only writes
 * (a queue worker); see EmbeddedIndexOptions.
 */
export async function openSearchIndex(
  config: SearchIndexConfig,
  options: { replayOnRead?: boolean } = {},
): Promise<SearchIndex> {
  if (config.MEILI_HOST) {
    const { createMeilisearchIndex } = await import('./meilisearch.ts');
    const index = createMeilisearchIndex({
      host: config.MEILI_HOST,
      apiKey: config.MEILI_API_KEY,
      indexUid: config.MEILI_INDEX,
    });
    return withIndexFault(index, config.POLICY_KB_INDEX_FAULT_FILE);
  }
  const { createEmbeddedIndex } = await import('./embedded/adapter.ts');
  const index = await createEmbeddedIndex(join(config.POLICY_KB_DATA, 'index'), options);
  return withIndexFault(index, config.POLICY_KB_INDEX_FAULT_FILE);
}
