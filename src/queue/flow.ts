import type { FlowJob, FlowJobNode, JobsOptions } from 'bullmq';
import { z } from 'zod';
import { INGEST_PIPELINE } from '../../pipelines/ingest.ts';
import { UploadRef } from '../../schemas/job.ts';
import { isJobId, jobIdFor } from '../pipeline/runner.ts';
import type { IngestStage } from '../pipeline/stages.ts';
import { DEFAULT_QUEUE_PREFIX } from './connection.ts';

/**
 * One upload as a BullMQ flow built from `INGEST_PIPELINE`: the last stage is the root job and
 * every earlier stage is the single child of the next, so the first stage runs first. Heavy
 * stages (parsing untrusted files) go to `<prefix>-heavy`, run by sandboxed processors; light
 * ones to `<prefix>-light`. Ids derive from the content hash: the root is `ingest-<sha>`
 * (`jobIdFor`), each child `<stage>-<sha>`.
 */
export interface IngestFlowOptions {
  /** Queue-name prefix. @defaultValue 'policy-kb' */
  prefix?: string;
  /** Tries per stage job before it (and with it the upload) fails. @defaultValue 3 (index: 8) */
  attempts?: number;
  /** First retry delay of the exponential backoff, in ms. @defaultValue 1000 */
  backoffMs?: number;
  /** Attempts made by earlier runs of this upload (carried across `retry`). @defaultValue 0 */
  priorAttempts?: number;
}

/** What every stage job carries in `data`: the upload, and the attempts of its earlier runs. */
export const StageJobData = UploadRef.extend({
  priorAttempts: z.int().nonnegative().default(0),
  /** Set on the stage job that failed because of the file itself (see JobView.failure). */
  failure: z.enum(['input', 'internal']).optional(),
});
export type StageJobData = z.infer<typeof StageJobData>;

export function queueNames(prefix: string = DEFAULT_QUEUE_PREFIX) {
  return { heavy: `${prefix}-heavy`, light: `${prefix}-light` };
}

/** The queue a stage's jobs go to. */
export function queueOfStage(stage: IngestStage, prefix?: string): string {
  const names = queueNames(prefix);
  return INGEST_PIPELINE.find((s) => s.name === stage)?.heavy ? names.heavy : names.light;
}

/** The job id of one stage of an upload: the root (last stage) is `jobIdFor(sha256)`. */
export function stageJobId(stage: IngestStage, sha256: string): string {
  return stage === INGEST_PIPELINE.at(-1)?.name ? jobIdFor(sha256) : `${stage}-${sha256}`;
}

/** Whether a job id is an upload's root job id (`ingest-<sha>`), not one of its stage jobs. */
export const isRootJobId = isJobId;

/** The flow of stage jobs for one stored upload (children first, the root last). */
export function buildIngestFlow(upload: UploadRef, options: IngestFlowOptions = {}): FlowJob {
  const data: StageJobData = {
    sha256: upload.sha256,
    fileName: upload.fileName,
    priorAttempts: options.priorAttempts ?? 0,
  };
  const node = (stage: IngestStage, isRoot: boolean) => ({
    name: stage,
    queueName: queueOfStage(stage, options.prefix),
    data,
    opts: jobOptions(stage, stageJobId(stage, upload.sha256), isRoot, options),
  });
  // From the first stage up: each stage's job becomes the single child of the next one's.
  let chain: FlowJobNode | undefined;
  for (const [index, { name }] of INGEST_PIPELINE.entries()) {
    const isRoot = index === INGEST_PIPELINE.length - 1;
    const job = { ...node(name, isRoot), ...(chain ? { children: [chain] } : {}) };
    if (isRoot) return job;
    chain = { ...job, opts: { ...job.opts, failParentOnFailure: true } };
  }
  throw new Error('INGEST_PIPELINE declares no stages');
}

/** Completed roots are kept a week (duplicate uploads are recognised by them), failed ones a month. */
const KEEP_ROOT_COMPLETED = { age: 7 * 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 30 * 24 * 3600, count: 10_000 };
/** Completed stage jobs are only progress bookkeeping, and the read stage's result is the whole document. */
const KEEP_STAGE_COMPLETED = { age: 3600, count: 200 };

/**
 * How long a completed job stays. BullMQ trims a queue's whole completed set by the options of
 * the job that completes, so a stage job sharing the light queue with the roots must keep no
 * age or count of its own: with them, every upload's normalize/store/index completions evicted
 * the roots of all but the last ~50 uploads and any root older than an hour (`GET /api/jobs`
 * answered 404 for finished uploads, found by `npm run load`). Those stage jobs are removed as
 * they complete (their result is already in the next job's processed values); heavy stage jobs
 * share a queue with no root and keep theirs for an hour.
 */
function keepCompleted(
  stage: IngestStage,
  isRoot: boolean,
  prefix?: string,
): JobsOptions['removeOnComplete'] {
  if (isRoot) return KEEP_ROOT_COMPLETED;
  return queueOfStage(stage, prefix) === queueNames(prefix).heavy ? KEEP_STAGE_COMPLETED : true;
}

/**
 * Default tries of the stage that depends on an outside service: the index stage rides out an
 * index outage of about two minutes (backoff 1 + 2 + … + 64 s) before the upload fails. Its
 * notice is stored either way, and `policy-kb recover` runs such a job again.
 */
const OUTAGE_ATTEMPTS: Partial<Record<IngestStage, number>> = { index: 8 };

function jobOptions(
  stage: IngestStage,
  jobId: string,
  isRoot: boolean,
  options: IngestFlowOptions,
): JobsOptions {
  return {
    jobId,
    attempts: options.attempts ?? OUTAGE_ATTEMPTS[stage] ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
    removeOnComplete: keepCompleted(stage, isRoot, options.prefix),
    removeOnFail: KEEP_FAILED,
  };
}
