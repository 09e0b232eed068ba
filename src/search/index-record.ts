/**
 * Indexing as the pipeline and `reindex` do it. The store of record is written first and never
 * depends on the index: when the index is down, the notice stays in the store with status
 * `stored`, the caller's retry (the pipeline's backoff, or `policy-kb reindex`) catches up, and
 * `indexed` is set only once the index has the version.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredNotice } from '../../schemas/store.ts';
import type { NoticeStore } from '../store/types.ts';
import { IndexUnavailableError, type SearchIndex } from './types.ts';

export interface IndexRecordOptions {
  /** When given, the version's status becomes `indexed` after success. */
  store?: NoticeStore;
  /** Attempts before giving up (1 = no retry). @defaultValue 3 */
  attempts?: number;
  /** First retry delay; doubles per attempt. @defaultValue 200 */
  backoffMs?: number;
}

/** Indexes one stored version, retrying with exponential backoff; throws IndexUnavailableError at last. */
export async function indexRecord(
  index: SearchIndex,
  record: StoredNotice,
  options: IndexRecordOptions = {},
): Promise<void> {
  const { store, attempts = 3, backoffMs = 200 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      await index.indexNotice(record);
      break;
    } catch (error) {
      if (attempt >= attempts) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new IndexUnavailableError(
          `${record.sourceFile}: not indexed after ${attempts} attempts (${reason}); it is stored as ${record.id} v${record.version}, and \`policy-kb reindex --pending\` indexes it later`,
          { cause: error },
        );
      }
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
  }
  if (store) await store.setStatus(record.id, record.version, 'indexed');
}

export interface ReindexResult {
  /** Versions indexed. */
  indexed: number;
  /** Searchable documents after the rebuild. */
  documents: number;
}

/**
 * Rebuilds the index from the store: every version (superseded ones too, marked so), in batches,
 * each version's status set to `indexed`. `pending` indexes only versions still `stored` and
 * clears nothing: the catch-up after an outage.
 */
export async function reindex(
  store: NoticeStore,
  index: SearchIndex,
  options: { pending?: boolean; batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReindexResult> {
  const { pending = false, batch = 50, onProgress } = options;
  const all = await store.listNotices();
  const records = pending ? all.filter((r) => r.status !== 'indexed') : all;
  if (!pending) await index.clear();
  for (let i = 0; i < records.length; i += batch) {
    const slice = records.slice(i, i + batch);
    await index.indexNotices(slice);
    for (const r of slice) await store.setStatus(r.id, r.version, 'indexed');
    onProgress?.(Math.min(i + batch, records.length), records.length);
  }
  await index.flush();
  const { documents } = await index.stats();
  return { indexed: records.length, documents: documents.item + documents.article + documents.notice };
}
