import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { indexRecord, reindex } from '../../src/search/index-record.ts';
import { createMeilisearchIndex } from '../../src/search/meilisearch.ts';
import { IndexUnavailableError, type SearchIndex } from '../../src/search/types.ts';
import { type SeededStore, seedStore } from './fixtures.ts';

/** An index that is down for the first `failures` calls of indexNotice. */
function flaky(index: SearchIndex, failures: number): SearchIndex & { calls: number } {
  const wrapper = {
    ...index,
    calls: 0,
    async indexNotice(record: Parameters<SearchIndex['indexNotice']>[0]) {
      wrapper.calls++;
      if (wrapper.calls <= failures) throw new IndexUnavailableError('connection refused');
      return index.indexNotice(record);
    },
  };
  return wrapper;
}

describe('indexing through an index outage', () => {
  let seeded: SeededStore;
  let dir: string;
  let index: SearchIndex;
  beforeEach(async () => {
    seeded = await seedStore();
    dir = await mkdtemp(join(tmpdir(), 'policy-kb-outage-'));
    index = await createEmbeddedIndex(dir);
  });
  afterEach(async () => {
    await index.close();
    await seeded.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('retries with backoff and marks the version indexed once it succeeds', async () => {
    const record = seeded.records[0];
    if (!record) throw new Error('no seeds');
    const down = flaky(index, 2);
    const started = Date.now();
    await indexRecord(down, record, { store: seeded.store, attempts: 3, backoffMs: 20 });
    expect(down.calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect((await seeded.store.getNotice(record.id))?.status).toBe('indexed');
  });

  it('keeps the notice in the store when Meilisearch is unreachable; reindex --pending catches up', async () => {
    const unreachable = createMeilisearchIndex({ host: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    for (const record of seeded.records) {
      await expect(
        indexRecord(unreachable, record, { store: seeded.store, attempts: 2, backoffMs: 1 }),
      ).rejects.toThrow(IndexUnavailableError);
    }
    const stored = await seeded.store.listNotices();
    expect(stored).toHaveLength(5);
    expect(stored.every((r) => r.status === 'stored')).toBe(true);

    const result = await reindex(seeded.store, index, { pending: true });
    expect(result).toEqual({ indexed: 5, documents: 93 });
    expect((await seeded.store.listNotices()).every((r) => r.status === 'indexed')).toBe(true);
    expect((await index.search('封存')).total).toBeGreaterThan(0);
    expect(await reindex(seeded.store, index, { pending: true })).toEqual({ indexed: 0, documents: 93 });
  });

  it('rebuilds from the store, replacing whatever the index held', async () => {
    const [first] = seeded.records;
    if (!first) throw new Error('no seeds');
    await index.indexNotice({ ...first, id: 'stale-notice' });
    const result = await reindex(seeded.store, index);
    expect(result).toEqual({ indexed: 5, documents: 93 });
    expect((await index.search('医疗', { limit: 100 })).hits.some((h) => h.noticeId === 'stale-notice')).toBe(
      false,
    );
  });
});
