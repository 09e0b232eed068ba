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
import type { StoredNotice } from '../../schemas/store.ts';
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
  /**
   * False when the stored matrix already reflects the version (see `refreshMatrix`): an older
   * notice arriving late, a notice without items, or a version a later refresh included.
   */
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

  return { ...(await refreshMatrix(store, saved)), citationFindings };
}

/** Matrix computations running in this process, by store: later refreshes wait for them. */
const computing = new WeakMap<NoticeStore, Promise<unknown>>();

/**
 * The matrix step of a refresh. The matrix costs time in proportion to all current catalogues
 * (about 1 s at 1,000), and every upload recomputing it made a backlog quadratic (`npm run
 * load`). It is left as it stands when it already reflects this version: a version that is not
 * current or has no items changes nothing it shows, and a matrix whose sources hold the version
 * was computed after it was saved. Computations in one process run one at a time; a refresh
 * arriving meanwhile waits, then looks again, so under a backlog one computation serves every
 * version saved before it started.
 */
async function refreshMatrix(
  store: NoticeStore,
  saved: StoredNotice,
): Promise<Omit<RefreshSummary, 'citationFindings'>> {
  const hasItems = saved.notice.tables.some((t) => t.items.length > 0);
  for (;;) {
    const stored = Matrix.safeParse(await store.getDerived(MATRIX_KEY));
    const seen = stored.data?.sources.some((s) => s.id === saved.id && s.version === saved.version);
    if (stored.success && (!saved.current || !hasItems || seen)) {
      const { regions, rows } = stored.data;
      return { matrixRefreshed: false, regions: regions.length, rows: rows.length };
    }
    const running = computing.get(store);
    if (!running) break;
    await running.catch(() => {});
  }
  const run = (async () => {
    const matrix = matrixOfRecords(await store.listNotices({ currentOnly: true }));
    await store.putDerived(MATRIX_KEY, matrix);
    return matrix;
  })();
  computing.set(store, run);
  try {
    const matrix = await run;
    return { matrixRefreshed: true, regions: matrix.regions.length, rows: matrix.rows.length };
  } finally {
    if (computing.get(store) === run) computing.delete(store);
  }
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
