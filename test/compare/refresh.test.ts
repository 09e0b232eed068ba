import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CitationCheck } from '../../schemas/compare.ts';
import { Matrix } from '../../schemas/compare.ts';
import {
  citationsKey,
  MATRIX_KEY,
  matrixRefreshSettled,
  refreshComparisons,
  storedMatrix,
} from '../../src/compare/refresh.ts';
import { isProblem } from '../../src/laws/check.ts';
import { createFileStore } from '../../src/store/file-store.ts';
import type { NoticeStore } from '../../src/store/types.ts';
import { loadUploads, save } from '../store/fixtures.ts';
import { seededDataDir, storeSeed } from './kb.ts';
import { SEED_FILES } from './seeds.ts';

/** A store that counts how often the matrix is written, to see refreshes coalesce. */
function countingMatrixWrites(store: NoticeStore) {
  const counted = { writes: 0 };
  const putDerived = store.putDerived.bind(store);
  store.putDerived = async (key, value) => {
    if (key === MATRIX_KEY) counted.writes++;
    await putDerived(key, value);
  };
  return counted;
}

describe('refreshComparisons (the compare-refresh stage)', () => {
  it('stores the new version’s citation checks, and the matrix over the current catalogues in the background', async () => {
    const { store } = await seededDataDir([SEED_FILES.北京市, SEED_FILES.官渡区]);
    try {
      const { record } = await storeSeed(store, SEED_FILES.山南市);
      const summary = await refreshComparisons({ store }, { id: record.id, version: record.version });
      expect(summary.matrixRequested).toBe(true);
      const checks = (await store.getDerived(citationsKey(record.id, record.version))) as CitationCheck[];
      // problems only: unverifiable laws and unstated articles are never counted as wrong
      expect(checks.filter((c) => isProblem(c.status))).toHaveLength(summary.citationFindings);
      expect(summary.citationFindings).toBeGreaterThan(0);

      await matrixRefreshSettled(store);
      const matrix = Matrix.parse(await store.getDerived(MATRIX_KEY));
      expect(matrix.regions).toEqual(['北京市', '官渡区', '山南市']);
      expect(matrix.rows).toHaveLength(16);
      expect(matrix.sources.map((s) => s.id)).toContain(record.id);
      // Read back as current: the stored copy is used, not recomputed.
      expect(await storedMatrix(store)).toEqual({ matrix, fresh: false });
    } finally {
      await store.close();
    }
  });

  it('a reader recomputes a stale matrix (a refresh that never ran)', async () => {
    const { store } = await seededDataDir([SEED_FILES.北京市]);
    try {
      const first = await storeSeed(store, SEED_FILES.官渡区);
      await refreshComparisons({ store }, first.record);
      await matrixRefreshSettled(store);
      expect(Matrix.parse(await store.getDerived(MATRIX_KEY)).regions).toEqual(['北京市', '官渡区']);
      // A catalogue saved without its refresh having run: readers see the stored copy is stale.
      await storeSeed(store, SEED_FILES.山南市);
      const { matrix, fresh } = await storedMatrix(store);
      expect(fresh).toBe(true);
      expect(matrix.regions).toEqual(['北京市', '官渡区', '山南市']);
      await expect(refreshComparisons({ store }, { id: 'nope', version: 1 })).rejects.toThrow(
        /no stored notice/,
      );
    } finally {
      await store.close();
    }
  });

  it('a background refresh leaves a stale matrix that another process computed just now', async () => {
    const { dir, store } = await seededDataDir([SEED_FILES.北京市]);
    // a second process's view of the same store
    const other = createFileStore(join(dir, 'store'));
    try {
      await storedMatrix(other);
      await storeSeed(store, SEED_FILES.官渡区);
      // stale (官渡区 is new) but computed a moment ago: the background refresh waits for its next turn
      expect(await storedMatrix(store, { notWithinMs: 60_000 })).toBeNull();
      expect(Matrix.parse(await store.getDerived(MATRIX_KEY)).regions).toEqual(['北京市']);
      // a reader, or a refresh with no such wait, computes it
      expect(await storedMatrix(store, { notWithinMs: 0 })).toMatchObject({ fresh: true });
      await storeSeed(other, SEED_FILES.山南市);
      expect(await storedMatrix(store)).toMatchObject({ fresh: true });
      // a copy dated in the future (a machine whose clock is ahead) does not hold refreshes off
      const stored = Matrix.parse(await store.getDerived(MATRIX_KEY));
      await store.putDerived(MATRIX_KEY, { ...stored, sources: [], computedAt: '2999-01-01T00:00:00.000Z' });
      expect(await storedMatrix(store, { notWithinMs: 60_000 })).toMatchObject({ fresh: true });
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('folds a burst of refreshes into one computation of the matrix', async () => {
    const { store } = await seededDataDir([]);
    const counted = countingMatrixWrites(store);
    try {
      const saved = [];
      for (const file of Object.values(SEED_FILES)) saved.push((await storeSeed(store, file)).record);
      const summaries = await Promise.all(saved.map((record) => refreshComparisons({ store }, record)));
      expect(summaries.map((s) => s.matrixRequested)).toEqual([true, true, true]);
      await matrixRefreshSettled(store);
      expect(counted.writes).toBe(1);
      expect(Matrix.parse(await store.getDerived(MATRIX_KEY)).regions).toHaveLength(3);
      expect(await storedMatrix(store)).toMatchObject({ fresh: false });
    } finally {
      await store.close();
    }
  });

  it('requests nothing for a notice without items or an older notice arriving late', async () => {
    const { store } = await seededDataDir([]);
    const counted = countingMatrixWrites(store);
    const uploads = await loadUploads();
    try {
      // 河源's 实施办法 has articles and no catalogue items: nothing the matrix shows changes.
      const text = (await storeSeed(store, '004_1af03ef051e33fde.txt')).record;
      expect(text.current).toBe(true);
      expect(await refreshComparisons({ store }, text)).toMatchObject({ matrixRequested: false });
      const first = (await save(store, uploads.first)).record;
      expect((await refreshComparisons({ store }, first)).matrixRequested).toBe(true);
      await matrixRefreshSettled(store);
      const older = (await save(store, uploads.older)).record;
      expect(older.current).toBe(false);
      expect(await refreshComparisons({ store }, older)).toMatchObject({ matrixRequested: false });
      await matrixRefreshSettled(store);
      expect(counted.writes).toBe(1);
      // its own citation checks are stored all the same
      expect(await store.getDerived(citationsKey(older.id, older.version))).not.toBeNull();
    } finally {
      await store.close();
    }
  });
});
