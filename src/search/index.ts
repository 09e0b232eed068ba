import { join } from 'node:path';
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
}

/**
 * Opens the search index the configuration selects: Meilisearch when `MEILI_HOST` is set (loaded
 * lazily, and connected on first use, so an outage never stops the API from starting), else the
 * embedded index under `<POLICY_KB_DATA>/index`.
 */
export async function openSearchIndex(config: SearchIndexConfig): Promise<SearchIndex> {
  if (config.MEILI_HOST) {
    const { createMeilisearchIndex } = await import('./meilisearch.ts');
    return createMeilisearchIndex({
      host: config.MEILI_HOST,
      apiKey: config.MEILI_API_KEY,
      indexUid: config.MEILI_INDEX,
    });
  }
  const { createEmbeddedIndex } = await import('./embedded.ts');
  return createEmbeddedIndex(join(config.POLICY_KB_DATA, 'index'));
}
