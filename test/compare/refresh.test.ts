import { describe, expect, it } from 'vitest';
import { Matrix } from '../../schemas/compare.ts';
import { citationsKey, MATRIX_KEY, refreshComparisons, storedMatrix } from '../../src/compare/refresh.ts';
import { loadUploads, save } from '../store/fixtures.ts';
import { seededDataDir, storeSeed } from './kb.ts';
import { SEED_FILES } from './seeds.ts';

describe('refreshComparisons (the compare-refresh stage)', () => {
  it('stores the new version’s citation checks and the matrix over the current catalogues', async () => {
    const { store } = await seededDataDir([SEED_FILES.北京市, SEED_FILES.官渡区]);
    try {
      const { record } = await storeSeed(store, SEED_FILES.山南市);
      const summary = await refreshComparisons({ store }, { id: record.id, version: record.version });
      expect(summary).toMatchObject({ matrixRefreshed: true, regions: 3, rows: 16 });
      const matrix = Matrix.parse(await store.getDerived(MATRIX_KEY));
      expect(matrix.regions).toEqual(['北京市', '官渡区', '山南市']);
      expect(matrix.sources.map((s) => s.id)).toContain(record.id);
      const checks = (await store.getDerived(citationsKey(record.id, record.version))) as {
        status: string;
      }[];
      expect(checks.filter((c) => c.status !== 'ok')).toHaveLength(summary.citationFindings);
      expect(summary.citationFindings).toBeGreaterThan(0);
      // Read back as current: the stored copy is used, not recomputed.
      expect(await storedMatrix(store)).toEqual({ matrix, fresh: false });
    } finally {
      await store.close();
    }
  });

  it('leaves the matrix when the version is not current, and a reader recomputes a stale one', async () => {
    const { store } = await seededDataDir([SEED_FILES.北京市]);
    try {
      const first = await storeSeed(store, SEED_FILES.官渡区);
      await refreshComparisons({ store }, first.record);
      const before = Matrix.parse(await store.getDerived(MATRIX_KEY));
      expect(before.regions).toEqual(['北京市', '官渡区']);
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

  it('does not recompute the matrix for a version a later refresh already included', async () => {
    const { store } = await seededDataDir([SEED_FILES.北京市]);
    try {
      // Two catalogues stored before either refresh runs (a backlog): the first refresh sees both.
      const first = await storeSeed(store, SEED_FILES.官渡区);
      const second = await storeSeed(store, SEED_FILES.山南市);
      expect(await refreshComparisons({ store }, first.record)).toMatchObject({
        matrixRefreshed: true,
        regions: 3,
      });
      const matrix = await store.getDerived(MATRIX_KEY);
      const summary = await refreshComparisons({ store }, second.record);
      expect(summary).toMatchObject({ matrixRefreshed: false, regions: 3 });
      expect(await store.getDerived(MATRIX_KEY)).toEqual(matrix);
      // Its own citation checks are still stored.
      expect(await store.getDerived(citationsKey(second.record.id, second.record.version))).not.toBeNull();
      expect(await storedMatrix(store)).toMatchObject({ fresh: false });
    } finally {
      await store.close();
    }
  });

  it('computes the matrix once for concurrent refreshes, and not at all for a notice without items', async () => {
    const { store } = await seededDataDir([]);
    try {
      const saved = [];
      for (const file of Object.values(SEED_FILES)) saved.push((await storeSeed(store, file)).record);
      const summaries = await Promise.all(saved.map((record) => refreshComparisons({ store }, record)));
      expect(summaries.map((s) => s.matrixRefreshed).sort()).toEqual([false, false, true]);
      expect(summaries.map((s) => s.regions)).toEqual([3, 3, 3]);
      const matrix = await store.getDerived(MATRIX_KEY);
      // 河源's 实施办法 has articles and no catalogue items: nothing the matrix shows changes.
      const text = (await storeSeed(store, '004_1af03ef051e33fde.txt')).record;
      expect(text.current).toBe(true);
      expect(await refreshComparisons({ store }, text)).toMatchObject({ matrixRefreshed: false, regions: 3 });
      expect(await store.getDerived(MATRIX_KEY)).toEqual(matrix);
      expect(await storedMatrix(store)).toMatchObject({ fresh: false });
    } finally {
      await store.close();
    }
  });

  it('does not recompute the matrix for an older notice arriving late', async () => {
    const { store } = await seededDataDir([]);
    const uploads = await loadUploads();
    try {
      const first = (await save(store, uploads.first)).record;
      expect((await refreshComparisons({ store }, first)).matrixRefreshed).toBe(true);
      const older = (await save(store, uploads.older)).record;
      expect(older.current).toBe(false);
      expect(await refreshComparisons({ store }, older)).toMatchObject({
        matrixRefreshed: false,
        regions: 1,
      });
    } finally {
      await store.close();
    }
  });
});
