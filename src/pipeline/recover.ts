/**
 * Recovery of uploads the queue lost. An upload's original is stored before its job is queued,
 * so after a Redis crash (AOF `everysec` keeps up to a second of writes only in memory), a
 * failover, or a wiped queue, the store of record still holds every accepted upload, and this
 * sweep finds the ones whose job is gone and queues them again. It also runs again every job
 * that failed for a reason outside the file (`failure: infrastructure`: an index outage longer
 * than the stage's retries, a worker or Redis lost mid-stage, a store error), while failures of
 * the file itself (`failure: input`) or of our own code (`failure: internal`: a retry would
 * repeat them until the code is fixed) keep their reason for a person. Safe to run at any time:
 * jobs queued or running are left alone, and every stage is idempotent.
 */
import { UNFINISHED_STATES } from '../../schemas/job.ts';
import type { OriginalRef } from '../../schemas/store.ts';
import type { NoticeStore } from '../store/types.ts';
import { type IngestRunner, jobIdFor } from './runner.ts';

export type RecoveryAction =
  /** No job and no searchable notice: the job was lost; queued again. */
  | 'resubmitted'
  /** Failed for a reason outside the file (store, index, queue, worker): run again from its first stage. */
  | 'retried'
  /** Still queued or running. */
  | 'running'
  /** Completed, or its notice is stored and indexed (its finished job was evicted since). */
  | 'done'
  /** Failed because of the file itself (unreadable, over a limit) or a bug: kept with its reason for a person. */
  | 'failed';

export interface RecoveryEntry {
  sha256: string;
  fileName: string;
  jobId: string;
  action: RecoveryAction;
  /** The failure kept (`failed`) or being retried (`retried`). */
  error?: string;
}

export interface RecoveryResult {
  /** Stored originals looked at. */
  originals: number;
  counts: Record<RecoveryAction, number>;
  /** Every upload acted on or left failed (`done` and `running` ones are only counted). */
  entries: RecoveryEntry[];
}

export interface RecoverOptions {
  /** Only report what would be done. @defaultValue false */
  dryRun?: boolean;
  /** Uploads looked at at once. @defaultValue 8 */
  parallel?: number;
}

/** Finds stored uploads whose job was lost or failed for a reason outside the file, and queues them again. */
export async function recoverUploads(
  deps: { store: NoticeStore; runner: IngestRunner },
  options: RecoverOptions = {},
): Promise<RecoveryResult> {
  const { dryRun = false, parallel = 8 } = options;
  const originals = await deps.store.listOriginals();
  const entries: RecoveryEntry[] = [];
  const counts: Record<RecoveryAction, number> = {
    resubmitted: 0,
    retried: 0,
    running: 0,
    done: 0,
    failed: 0,
  };
  let next = 0;
  const sweep = async () => {
    for (let i = next++; i < originals.length; i = next++) {
      const entry = await recoverOne(deps, originals[i] as OriginalRef, dryRun);
      counts[entry.action]++;
      if (entry.action !== 'done' && entry.action !== 'running') entries.push(entry);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, sweep));
  entries.sort((a, b) => a.fileName.localeCompare(b.fileName) || a.sha256.localeCompare(b.sha256));
  return { originals: originals.length, counts, entries };
}

async function recoverOne(
  { store, runner }: { store: NoticeStore; runner: IngestRunner },
  original: OriginalRef,
  dryRun: boolean,
): Promise<RecoveryEntry> {
  const { sha256, fileName } = original;
  const jobId = jobIdFor(sha256);
  const entry = (action: RecoveryAction, error?: string): RecoveryEntry => ({
    sha256,
    fileName,
    jobId,
    action,
    ...(error ? { error } : {}),
  });
  const view = await runner.getJob(jobId);
  if (view && UNFINISHED_STATES.has(view.state)) return entry('running');
  const record = await store.findBySha(sha256);
  if (view?.state === 'failed') {
    // The system's fault is retried; the file's waits for a person. A job from before failures
    // were classified counts as the system's when its notice got stored (the file was readable).
    const systemFault = view.failure ? view.failure === 'infrastructure' : record !== null;
    if (!systemFault) return entry('failed', view.error);
    if (!dryRun) await runner.retry(jobId);
    return entry('retried', view.error);
  }
  if (view?.state === 'completed' && record) return entry('done');
  if (!view && record?.status === 'indexed') return entry('done');
  // No job (lost, or its record evicted before the notice was indexed), or completed elsewhere.
  if (!dryRun) await runner.submit({ sha256, fileName });
  return entry('resubmitted');
}
