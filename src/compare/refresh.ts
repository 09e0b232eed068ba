/**
 * The compare-refresh stage: when a region's catalogue gets a new version, its citation checks
 * are stored as derived data (`compare.citations.<id>.v<version>`), and the coverage matrix over
 * the current catalogues (`compare.matrix`) is brought up to date — in the background, not in
 * the job: it costs time in proportion to all current catalogues (about 1 s at 1,000 regions),
 * and recomputing it in every job made each upload slower than the last. A refresh requested
 * while one is waiting or running is folded into the next, so under any upload rate the matrix
 * is recomputed at most once per `MATRIX_REFRESH_DELAY_MS` (or five times its last duration,
 * when longer) plus its own duration. A stored matrix
 * records the notice versions it was computed from; readers compare them with the current set
 * (`storedMatrix`) and recompute a stale one, so a refresh that never ran (the process exited,
 * the store was closed) costs the next reader, never correctness. Pairwise diffs are not
 * stored: they are computed on request (milliseconds).
 */
import { Matrix } from '../../schemas/compare.ts';
import { checkCitations, isProblem } from '../laws/check.ts';
import type { NoticeStore } from '../store/types.ts';
import { currentSources, matrixOfRecords } from './matrix.ts';

/** The derived-data key of the coverage matrix. */
export const MATRIX_KEY = 'compare.matrix';

/**
 * How long a matrix refresh waits after it is requested, at least, gathering the requests that
 * follow. The stored matrix only spares readers a recomputation (a stale one is recomputed on
 * read), so it need not follow every upload: refreshed every 250 ms, it took a tenth of each queue
 * worker's main thread under a stream of uploads (`npm run bench -- throughput`).
 */
export const MATRIX_REFRESH_DELAY_MS = 1000;

/**
 * A refresh waits this many times the last one's duration (when that is longer than the delay),
 * so that under a steady stream of uploads refreshing the matrix takes at most a sixth of the
 * process's time, however large the matrix has grown.
 */
const MATRIX_REFRESH_DUTY = 5;

/** The derived-data key of one notice version's citation checks. */
export function citationsKey(id: string, version: number): string {
  return `compare.citations.${id}.v${version}`;
}

export interface RefreshSummary {
  /**
   * Whether the version changes what the matrix shows (it is current and lists items), so a
   * background refresh of the matrix was requested. False for an older notice arriving late or a
   * notice without items.
   */
  matrixRequested: boolean;
  /** Citation problems (status other than ok) of the new version. */
  citationFindings: number;
}

/**
 * Stores the new version's citation checks and, when the version is current and lists items,
 * requests a background refresh of the coverage matrix. Reads nothing but this one version.
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
  const citationFindings = checks.filter((c) => isProblem(c.status)).length;
  const matrixRequested = saved.current && saved.notice.tables.some((t) => t.items.length > 0);
  if (matrixRequested) requestMatrixRefresh(store);
  return { matrixRequested, citationFindings };
}

interface MatrixRefresher {
  /** The refresh waiting for its delay or running; null when idle. */
  pending: Promise<void> | null;
  /** A request arrived while the refresh was already running: run once more afterwards. */
  again: boolean;
  /** How long the last refresh took, in ms: the next waits several times that. */
  lastMs: number;
  /** Ends the wait before the refresh now (set while waiting). */
  hurry: (() => void) | null;
  /** A closing process asked for the refresh: no more waiting until it is done. */
  hurried: boolean;
}

/** One background refresher per store in this process. */
const refreshers = new WeakMap<NoticeStore, MatrixRefresher>();

/**
 * Requests a background refresh of the stored matrix: after `MATRIX_REFRESH_DELAY_MS`, the matrix
 * is recomputed unless it already reflects the current catalogues. Requests meanwhile join it;
 * requests while it runs cause one more run. Never throws: a refresh that fails (the store was
 * closed meanwhile) leaves a stale matrix, which the next reader recomputes.
 */
export function requestMatrixRefresh(store: NoticeStore): void {
  let refresher = refreshers.get(store);
  if (!refresher) {
    refresher = { pending: null, again: false, lastMs: 0, hurry: null, hurried: false };
    refreshers.set(store, refresher);
  }
  if (refresher.pending) {
    refresher.again = true;
    return;
  }
  const state = refresher;
  state.hurried = false;
  state.pending = (async () => {
    do {
      state.again = false;
      if (!state.hurried)
        await new Promise<void>((resolve) => {
          // unref'd: a process is never kept alive for a refresh; one that closes hurries it instead
          const timer = setTimeout(
            resolve,
            Math.max(MATRIX_REFRESH_DELAY_MS, MATRIX_REFRESH_DUTY * state.lastMs),
          );
          timer.unref();
          state.hurry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      state.hurry = null;
      const started = performance.now();
      // another process sharing the store refreshed it just now: look again after the delay
      // (the workers of a queue together refresh about once a delay, not once each)
      const skipped = await storedMatrix(store, { notWithinMs: state.hurried ? 0 : MATRIX_REFRESH_DELAY_MS })
        .then((outcome) => outcome === null)
        .catch(() => false);
      if (skipped) state.again = true;
      else state.lastMs = performance.now() - started;
    } while (state.again);
  })().finally(() => {
    state.pending = null;
  });
}

/**
 * Runs a waiting matrix refresh of this store now and resolves when none is waiting or running:
 * for a process about to close its store (and for tests).
 */
export async function matrixRefreshSettled(store: NoticeStore): Promise<void> {
  for (let state = refreshers.get(store); state?.pending; state = refreshers.get(store)) {
    state.hurried = true;
    state.hurry?.();
    await state.pending;
  }
}

/**
 * The coverage matrix of the current catalogues: the stored one when it was computed from exactly
 * the current notice versions, else computed now (and stored for the next reader).
 */
export async function storedMatrix(store: NoticeStore): Promise<{ matrix: Matrix; fresh: boolean }>;
/**
 * With `notWithinMs` (the background refresh): null, computing nothing, when the stored copy is
 * stale but was computed less than that long ago — by another process sharing the store, as a
 * rule. A copy dated in the future (another machine's clock) counts as old.
 */
export async function storedMatrix(
  store: NoticeStore,
  options: { notWithinMs: number },
): Promise<{ matrix: Matrix; fresh: boolean } | null>;
export async function storedMatrix(
  store: NoticeStore,
  options: { notWithinMs?: number } = {},
): Promise<{ matrix: Matrix; fresh: boolean } | null> {
  const records = await store.listNotices({ currentOnly: true });
  const stored = Matrix.safeParse(await store.getDerived(MATRIX_KEY));
  const wanted = JSON.stringify(currentSources(records));
  if (stored.success && JSON.stringify(stored.data.sources) === wanted)
    return { matrix: stored.data, fresh: false };
  if (stored.success && options.notWithinMs) {
    const age = Date.now() - Date.parse(stored.data.computedAt);
    if (age >= 0 && age < options.notWithinMs) return null;
  }
  const matrix = matrixOfRecords(records);
  await store.putDerived(MATRIX_KEY, matrix);
  return { matrix, fresh: true };
}
