import type { JobState, JobView, UploadRef } from '../../schemas/job.ts';

/**
 * Runs the ingest pipeline for stored uploads. Two adapters: `inline` (in this process, the
 * embedded default) and `bullmq` (a flow of stage jobs on Redis, run by `policy-kb worker`).
 * The original bytes must already be in the store when `submit` is called.
 */
export interface IngestRunner {
  readonly kind: 'inline' | 'bullmq';
  /**
   * Queues (or starts) the pipeline for an upload. The job id derives from its sha-256, so a
   * submit of bytes already submitted is a no-op that says `duplicate: true`.
   */
  submit(upload: UploadRef): Promise<{ jobId: string; duplicate: boolean }>;
  /** Resolves when the job has completed or failed, with its final view. */
  wait(jobId: string, options?: { timeoutMs?: number }): Promise<JobView>;
  getJob(jobId: string): Promise<JobView | null>;
  listJobs(state?: JobState): Promise<JobView[]>;
  counts(): Promise<Partial<Record<JobState, number>>>;
  /** Runs a failed job again from its first stage (its original is still stored); resolves once it is queued (`wait` for the outcome). */
  retry(jobId: string): Promise<void>;
  close(): Promise<void>;
}

const JOB_PREFIX = 'ingest-';

/** The job id of an upload: derived from its content hash (dedupe). */
export function jobIdFor(sha256: string): string {
  return `${JOB_PREFIX}${sha256}`;
}

/**
 * Whether a text is a job id at all. Checked before an id touches a path or a key: `..%2F…`
 * is no job (the same answer as any unknown id), never a file looked for elsewhere on disk.
 */
export function isJobId(text: string | undefined): text is string {
  return text !== undefined && /^ingest-[0-9a-f]{64}$/.test(text);
}

/** The content hash a job id was derived from (`jobIdFor` backwards). */
export function shaOfJobId(jobId: string): string {
  return jobId.slice(JOB_PREFIX.length);
}
