import type { Job, Queue } from 'bullmq';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import { JobProgress as JobProgressSchema, JobState, type JobView } from '../../schemas/job.ts';
import { type IngestStage, IngestState } from '../pipeline/stages.ts';
import { ingestSteps, isRootJobId, queueOfStage, StageJobData, stageJobId } from './flow.ts';

/** The two queues of one prefix, as the runner holds them. */
export interface IngestQueues {
  prefix: string;
  heavy: Queue;
  light: Queue;
}

/** The view of an upload's job by its root id (`ingest-<sha>`), or null when there is none. */
export async function loadJobView(queues: IngestQueues, jobId: string): Promise<JobView | null> {
  if (!isRootJobId(jobId)) return null;
  const root = await queues.light.getJob(jobId);
  return root ? viewOfRoot(queues, root) : null;
}

/**
 * An upload's job as the CLI and API see it, from its root job and, until it completes, its
 * step jobs: progress counts the stages done along the chain; a root still waiting for its
 * children reports the state of the stage in progress ('active', 'waiting', 'delayed');
 * `error` is the failing stage's reason. A stage job that is gone while its root still exists
 * completed and was evicted (stage jobs are removed only on completion, or with their root).
 */
export async function viewOfRoot(queues: IngestQueues, root: Job): Promise<JobView> {
  const { sha256, fileName, priorAttempts } = StageJobData.parse(root.data);
  const rootState = await root.getState();
  const view = {
    jobId: String(root.id),
    sha256,
    fileName,
    createdAt: new Date(root.timestamp).toISOString(),
    ...(root.finishedOn ? { finishedAt: new Date(root.finishedOn).toISOString() } : {}),
  };
  const total = INGEST_STAGES.length;
  if (rootState === 'completed') {
    const record = IngestState.safeParse(root.returnvalue).data?.record;
    return {
      ...view,
      state: 'completed',
      progress: { stage: null, done: [...INGEST_STAGES], total },
      attempts: priorAttempts + root.attemptsMade,
      ...(record
        ? {
            noticeId: record.id,
            version: record.version,
            duplicate: !record.created && !record.rendition,
            ...(record.rendition && { rendition: true }),
          }
        : {}),
    };
  }
  // One job per step; a stage's state is its step job's, and inside the running step the
  // processor's progress says which of its stages have finished.
  const steps = await Promise.all(
    ingestSteps().map(async (step) => {
      const id = stageJobId(step.name, sha256);
      const job = id === root.id ? root : await stageJob(queues, step.name, sha256);
      return { step, job, state: job === root ? rootState : await job?.getState() };
    }),
  );
  const current = steps.find(({ state }) => state !== undefined && state !== 'completed');
  const doneSteps = current ? steps.slice(0, steps.indexOf(current)) : steps;
  const inStep = JobProgressSchema.safeParse(current?.job?.progress).data;
  const doneInStep = (inStep?.done ?? []).filter((stage) =>
    current?.step.stages.includes(stage as IngestStage),
  );
  const failed = steps.find(({ state }) => state === 'failed');
  return {
    ...view,
    state: rootState === 'failed' ? 'failed' : toJobState(current?.state ?? rootState),
    progress: {
      stage: current ? (inStep?.stage ?? current.step.name) : null,
      done: [...doneSteps.flatMap(({ step }) => step.stages), ...doneInStep],
      total,
    },
    attempts: priorAttempts + Math.max(0, ...steps.map(({ job }) => job?.attemptsMade ?? 0)),
    ...(rootState === 'failed'
      ? {
          error: failed?.job?.failedReason ?? root.failedReason,
          failure: StageJobData.safeParse(failed?.job?.data ?? root.data).data?.failure ?? 'infrastructure',
        }
      : {}),
  };
}

function stageJob(queues: IngestQueues, stage: IngestStage, sha256: string): Promise<Job | undefined> {
  const queue = queueOfStage(stage, queues.prefix) === queues.heavy.name ? queues.heavy : queues.light;
  return queue.getJob(stageJobId(stage, sha256));
}

/** BullMQ's job states as the job view names them (a prioritized job is waiting). */
function toJobState(state: string): JobState {
  if (state === 'prioritized' || state === 'wait' || state === 'paused') return 'waiting';
  return JobState.safeParse(state).data ?? 'unknown';
}
