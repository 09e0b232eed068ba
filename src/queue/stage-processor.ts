import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError } from 'bullmq';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import type { JobProgress } from '../../schemas/job.ts';
import { failureKindOf } from '../errors.ts';
import { IngestState, STAGE_FUNCTIONS, type StageContext } from '../pipeline/stages.ts';
import { ingestSteps, StageJobData } from './flow.ts';

/** What the processor needs of a job: BullMQ's `Job` in process, `SandboxedJob` in a worker thread. */
export interface StageJob {
  name: string;
  data: unknown;
  getChildrenValues(): Promise<Record<string, unknown>>;
  updateProgress(progress: JobProgress): Promise<void>;
  updateData(data: StageJobData): Promise<void>;
}

export interface StageProcessorOptions {
  /** Fault injection (`POLICY_KB_STAGE_DELAY_MS`): sleep this long before the stage runs. @defaultValue 0 */
  delayMs?: number;
}

/**
 * The processor of every step job, in both queues: runs the stages of the step the job is named
 * after (see `ingestSteps`), in order, reporting each as progress. Its input is the single
 * child's return value (the previous step's state) or, for the first step, the upload itself; it
 * returns the last stage's state, which BullMQ hands to the parent job. A bad file fails at once
 * (no retries: the bytes will not change); other errors are retried with backoff, the whole
 * step again (its stages are idempotent). Either way the reason is one line naming the file.
 */
export async function processStage(
  job: StageJob,
  context: StageContext,
  options: StageProcessorOptions = {},
): Promise<IngestState> {
  const steps = ingestSteps();
  const step = steps.find((s) => s.name === job.name);
  if (!step) throw new UnrecoverableError(`no ingest stage is named '${job.name}'`);
  const { sha256, fileName } = StageJobData.parse(job.data);
  let state =
    step === steps[0] ? { sha256, fileName } : previousState(await job.getChildrenValues(), fileName);
  for (const stage of step.stages) {
    await job.updateProgress({
      stage,
      done: INGEST_STAGES.slice(0, INGEST_STAGES.indexOf(stage)),
      total: INGEST_STAGES.length,
    });
    if (options.delayMs) await sleep(options.delayMs);
    try {
      state = await STAGE_FUNCTIONS[stage](state, context);
    } catch (error) {
      // Marked on the job, so views and `recover` tell the file's (or our code's) fault from the
      // system's. Best effort: a Redis error here must not hide the job's own error.
      const failure = failureKindOf(error);
      if (failure !== 'infrastructure')
        await job.updateData({ ...StageJobData.parse(job.data), failure }).catch(() => {});
      throw stageFailure(error, fileName);
    }
  }
  return state;
}

/** The previous stage's result: the one child's return value. */
function previousState(values: Record<string, unknown>, fileName: string): IngestState {
  const results = Object.values(values);
  if (results.length !== 1)
    throw new Error(`${fileName}: expected one previous stage result, got ${results.length}`);
  return IngestState.parse(results[0]);
}

/** The error BullMQ records: one line, naming the file; bad input is not retried. */
function stageFailure(error: unknown, fileName: string): Error {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  // Neither a bad file nor a bug gets better with retries: only the system's faults back off and retry.
  if (failureKindOf(error) !== 'infrastructure') return new UnrecoverableError(message);
  return new Error(message.startsWith(`${fileName}: `) ? message : `${fileName}: ${message}`, {
    cause: error,
  });
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
