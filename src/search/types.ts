import type { SearchOptions, SearchResult } from '../../schemas/search.ts';
import type { StoredNotice } from '../../schemas/store.ts';

export type { SearchHit, SearchOptions, SearchResult } from '../../schemas/search.ts';

/**
 * The search index: a derived, rebuildable view of the store of record (`policy-kb reindex`
 * rebuilds it from `store.listNotices()`). Two adapters: `embedded` (the default, in this
 * process, persisted under `<POLICY_KB_DATA>/index/`) and `meilisearch` (when MEILI_HOST is set).
 * Callers never reach the underlying files or the Meilisearch index directly, and never treat the
 * index as the record: a notice that failed to index is still in the store, and indexing again
 * is always safe (every call is idempotent).
 */
export interface SearchIndex {
  readonly kind: 'embedded' | 'meilisearch';
  /**
   * Indexes one stored version: its notice, items and articles replace whatever that id and
   * version had; when the record is current, the notice's other versions are marked superseded.
   * Resolves once the change is durable and searchable; rejects (changing nothing the caller
   * relies on) when the index is unreachable.
   */
  indexNotice(record: StoredNotice): Promise<void>;
  /** `indexNotice` for many records in one batch (the order of the array is the order applied). */
  indexNotices(records: StoredNotice[]): Promise<void>;
  /** Removes every version of a notice. */
  removeNotice(id: string): Promise<void>;
  /**
   * Hits best first. Chinese text matches inside words (耗材 finds 医用耗材), traditional
   * characters match simplified ones, phrase matches rank first, then name > targets > basis.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Removes everything (before a full rebuild). */
  clear(): Promise<void>;
  /** Makes buffered work durable (the embedded adapter compacts its journal into a snapshot). */
  flush(): Promise<void>;
  stats(): Promise<IndexStats>;
  /** Waits for pending changes and releases resources; callers must not use the index afterwards. */
  close(): Promise<void>;
}

export interface IndexStats {
  kind: SearchIndex['kind'];
  /** Searchable documents (all versions), by kind. */
  documents: { item: number; article: number; notice: number };
  /** Distinct notice versions indexed. */
  versions: number;
  /** Bytes on disk (embedded) or reported by the server (Meilisearch), when known. */
  bytes: number | null;
}

/** The index could not be reached or refused the change; the store of record is unaffected. */
export class IndexUnavailableError extends Error {
  override readonly name = 'IndexUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
