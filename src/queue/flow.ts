import type { FlowJob, FlowJobNode, JobsOptions } from 'bullmq';
import { z } from 'zod';
import { INGEST_PIPELINE } from '../../pipelines/ingest.ts';
import { UploadRef } from '../../schemas/job.ts';
import { isJobId, jobIdFor } from '../pipeline/runner.ts';
import type { IngestStage } from '../pipeline/stages.ts';
import { DEFAULT_QUEUE_PREFIX } from './connection.ts';

/**
 * One upload as a BullMQ flow built from `INGEST_PIPELINE`, one job per **step**: a run of
 * consecutive stages of one kind (`ingestSteps`) — the heavy ones (read, extract: parsing
 * untrusted files) in `<prefix>-heavy`, run by sandboxed processors; the light ones (normalize,
 * store, index, compare-refresh) in `<prefix>-light`. A job per stage gained nothing — each
 * stage's job waited for the previous one's, and the read stage's whole document went through
 * Redis to the extract job — and cost a round trip and a JSON copy per stage (a worker spent a
 * sixth of its time decoding them). The last step is the root job, each earlier one the single
 * child of the next. Ids derive from the content hash: the root is `ingest-<sha>` (`jobIdFor`),
 * each child `<first stage of its step>-<sha>`.
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

/** A run of consecutive stages of one kind, run by one job; named after its first stage. */
export interface IngestStep {
  name: IngestStage;
  heavy: boolean;
  stages: IngestStage[];
}

/** The pipeline's steps, in order: consecutive stages with the same `heavy` flag form one. */
const INGEST_STEPS: readonly IngestStep[] = (() => {
  const steps: IngestStep[] = [];
  for (const { name, heavy } of INGEST_PIPELINE) {
    const last = steps.at(-1);
    if (last && last.heavy === heavy) last.stages.push(name);
    else steps.push({ name, heavy, stages: [name] });
  }
  return steps;
})();

/** The pipeline's steps, in order (computed once from `INGEST_PIPELINE`). */
export function ingestSteps(): readonly IngestStep[] {
  return INGEST_STEPS;
}

/** The step that runs `stage`. */
export function stepOfStage(stage: IngestStage): IngestStep {
  const step = ingestSteps().find((s) => s.stages.includes(stage));
  if (!step) throw new Error(`no ingest stage is named '${stage}'`);
  return step;
}

/** The queue a stage's (its step's) job goes to. */
export function queueOfStage(stage: IngestStage, prefix?: string): string {
  const names = queueNames(prefix);
  return stepOfStage(stage).heavy ? names.heavy : names.light;
}

/** The id of the job that runs `stage`: its step's; the root (last step) is `jobIdFor(sha256)`. */
export function stageJobId(stage: IngestStage, sha256: string): string {
  const step = stepOfStage(stage);
  return step.name === ingestSteps().at(-1)?.name ? jobIdFor(sha256) : `${step.name}-${sha256}`;
}

/** Whether a job id is an upload's root job id (`ingest-<sha>`), not one of its stage jobs. */
export const isRootJobId = isJobId;

/** The flow of step jobs for one stored upload (children first, the root last). */
export function buildIngestFlow(upload: UploadRef, options: IngestFlowOptions = {}): FlowJob {
  const data: StageJobData = {
    sha256: upload.sha256,
    fileName: upload.fileName,
    priorAttempts: options.priorAttempts ?? 0,
  };
  const steps = ingestSteps();
  const node = (step: IngestStep, isRoot: boolean) => ({
    name: step.name,
    queueName: queueOfStage(step.name, options.prefix),
    data,
    opts: jobOptions(step, stageJobId(step.name, upload.sha256), isRoot, options),
  });
  // From the first step up: each step's job becomes the single child of the next one's.
  let chain: FlowJobNode | undefined;
  for (const [index, step] of steps.entries()) {
    const isRoot = index === steps.length - 1;
    const job = { ...node(step, isRoot), ...(chain ? { children: [chain] } : {}) };
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
 * the job that completes, so a job sharing the light queue with the roots must keep no age or
 * count of its own (with them, every completion evicted the roots of all but the last ~50
 * uploads; found by `npm run load`). The light step is the root; heavy step jobs share a queue
 * with no root and keep theirs for an hour.
 */
function keepCompleted(step: IngestStep, isRoot: boolean): JobsOptions['removeOnComplete'] {
  if (isRoot) return KEEP_ROOT_COMPLETED;
  return step.heavy ? KEEP_STAGE_COMPLETED : true;
}

/**
 * Default tries of the stage that depends on an outside service: the index stage rides out an
 * index outage of about two minutes (backoff 1 + 2 + … + 64 s) before the upload fails. Its
 * notice is stored either way, and `policy-kb recover` runs such a job again. A step tries as
 * often as its most patient stage (its stages before are idempotent: run again, they find
 * what they did).
 */
const OUTAGE_ATTEMPTS: Partial<Record<IngestStage, number>> = { index: 8 };

function jobOptions(
  step: IngestStep,
  jobId: string,
  isRoot: boolean,
  options: IngestFlowOptions,
): JobsOptions {
  const patience = Math.max(...step.stages.map((stage) => OUTAGE_ATTEMPTS[stage] ?? 3));
  return {
    jobId,
    attempts: options.attempts ?? patience,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
    removeOnComplete: keepCompleted(step, isRoot),
    removeOnFail: KEEP_FAILED,
  };
}
