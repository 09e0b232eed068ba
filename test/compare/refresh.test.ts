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
