/**
 * The compare-refresh stage: when a region's catalogue gets a new version, what depends on the
 * set of current catalogues is computed again and kept in the store as derived data — the
 * coverage matrix (`compare.matrix`) — together with the new version's citation checks
 * (`compare.citations.<id>.v<version>`). Pairwise diffs are not stored: they are computed on
 * request (milliseconds). A stored matrix records the notice versions it was computed from;
 * readers compare them with the current set (see `storedMatrix`), so a refresh that lost a race
 * to a newer one is detected, never served as fresh.
 */
import { Matrix } from '../../schemas/compare.ts';
import { checkCitations } from '../laws/check.ts';
import type { NoticeStore } from '../store/types.ts';
import { currentSources, matrixOfRecords } from './matrix.ts';

/** The derived-data key of the coverage matrix. */
export const MATRIX_KEY = 'compare.matrix';

/** The derived-data key of one notice version's citation checks. */
export function citationsKey(id: string, version: number): string {
  return `compare.citations.${id}.v${version}`;
}

export interface RefreshSummary {
  /** False when the version is not current (an older notice arriving late): the matrix stands. */
  matrixRefreshed: boolean;
  regions: number;
  rows: number;
  /** Citation problems (status other than ok) of the new version. */
  citationFindings: number;
}

/**
 * Recomputes and stores what a new notice version changes: its citation checks, and the coverage
 * matrix over the current catalogues when the version is current (or no matrix is stored yet).
 */
export async function refreshComparisons(
  context: { store: NoticeStore },
  record: { id: string; version: number },
): Promise<RefreshSummary> {
  const { store } = context;
  const saved = await store.getNotice(record.id, record.version);
  if (!saved) throw new Error(`compare-refresh: no stored notice ${record.id} v${record.version}`);
  const checks = checkCitations(saved.notice, { noticeId: saved.id });
  await store.putDerived(citationsKey(saved.id, saved.version), checks);
  const citationFindings = checks.filter((c) => c.status !== 'ok').length;

  const stored = Matrix.safeParse(await store.getDerived(MATRIX_KEY));
  if (!saved.current && stored.success) {
    return {
      matrixRefreshed: false,
      regions: stored.data.regions.length,
      rows: stored.data.rows.length,
      citationFindings,
    };
  }
  const matrix = matrixOfRecords(await store.listNotices({ currentOnly: true }));
  await store.putDerived(MATRIX_KEY, matrix);
  return {
    matrixRefreshed: true,
    regions: matrix.regions.length,
    rows: matrix.rows.length,
    citationFindings,
  };
}

/**
 * The coverage matrix of the current catalogues: the stored one when it was computed from exactly
 * the current notice versions, else computed now (and stored for the next reader).
 */
export async function storedMatrix(store: NoticeStore): Promise<{ matrix: Matrix; fresh: boolean }> {
  const records = await store.listNotices({ currentOnly: true });
  const stored = Matrix.safeParse(await store.getDerived(MATRIX_KEY));
  const wanted = JSON.stringify(currentSources(records));
  if (stored.success && JSON.stringify(stored.data.sources) === wanted)
    return { matrix: stored.data, fresh: false };
  const matrix = matrixOfRecords(records);
  await store.putDerived(MATRIX_KEY, matrix);
  return { matrix, fresh: true };
}
