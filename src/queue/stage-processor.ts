import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import type { JobProgress } from '../../schemas/job.ts';
import { failureKindOf } from '../errors.ts';
import { type IngestStage, IngestState, STAGE_FUNCTIONS, type StageContext } from '../pipeline/stages.ts';
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
  /**
   * A later stage of a step is reported once it has run this long, or at its start when the
   * last report is at least this old; the first stage at once. 0 reports every stage at its start.
   * @defaultValue PROGRESS_EVERY_MS
   */
  progressEveryMs?: number;
}

/**
 * Stages of a few milliseconds (normalize, store, index on a small notice) are not reported one
 * by one: each report is a Redis script and a queue event, and sending one per stage cost a
 * worker more than its normalize stage. A stage still running after this long is reported then,
 * so what a watcher sees is never more than this much behind.
 */
export const PROGRESS_EVERY_MS = 100;

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
    step === steps[0]
      ? { sha256, fileName }
      : previousState(await job.getChildrenValues(), fileName, step.stages[0] === 'normalize');
  const progress = progressReporter(job, options.progressEveryMs ?? PROGRESS_EVERY_MS);
  for (const [position, stage] of step.stages.entries()) {
    const reported = progress.stageStarts(stage, position === 0);
    if (reported) await reported;
    if (options.delayMs) await sleep(options.delayMs);
    try {
      state = await STAGE_FUNCTIONS[stage](state, context);
    } catch (error) {
      progress.stageEnds();
      // a report already on its way lands before the failure does (its own failure is moot now)
      await progress.sent().catch(() => {});
      // Marked on the job, so views and `recover` tell the file's (or our code's) fault from the
      // system's. Best effort: a Redis error here must not hide the job's own error.
      const failure = failureKindOf(error);
      if (failure !== 'infrastructure')
        await job.updateData({ ...StageJobData.parse(job.data), failure }).catch(() => {});
      throw stageFailure(error, fileName);
    }
    progress.stageEnds();
  }
  // a report sent late (by the timer) lands before the job is done; its failure fails the job, as an awaited one would
  await progress.sent();
  return state;
}

/**
 * Sends a step's progress: the first stage at once (returned, to be awaited), a later one at its
 * start when the last report is `everyMs` old, else only if it is still running `everyMs` after
 * the last report (a timer). Reports go out one after the other, in stage order.
 */
function progressReporter(job: StageJob, everyMs: number) {
  let lastSent = Number.NEGATIVE_INFINITY;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const send = (stage: IngestStage) => {
    lastSent = performance.now();
    const value: JobProgress = {
      stage,
      done: INGEST_STAGES.slice(0, INGEST_STAGES.indexOf(stage)),
      total: INGEST_STAGES.length,
    };
    chain = chain.then(() => job.updateProgress(value));
    return chain;
  };
  return {
    /** The report to await now, or null when it is left to the timer. */
    stageStarts(stage: IngestStage, first: boolean): Promise<void> | null {
      const since = performance.now() - lastSent;
      if (first || since >= everyMs) return send(stage);
      timer = setTimeout(() => {
        timer = null;
        // its failure is seen by `sent`
        send(stage).catch(() => {});
      }, everyMs - since);
      return null;
    },
    stageEnds(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    sent: () => chain,
  };
}

/**
 * The previous stage's result: the one child's return value. Its notice is left to a step that
 * starts with normalize, whose first act is to schema-check it: parsing the whole notice here as
 * well cost a millisecond a notice (half the zod time of a queue worker's main thread).
 */
function previousState(
  values: Record<string, unknown>,
  fileName: string,
  noticeChecked: boolean,
): IngestState {
  const results = Object.values(values);
  if (results.length !== 1)
    throw new Error(`${fileName}: expected one previous stage result, got ${results.length}`);
  if (!noticeChecked) return IngestState.parse(results[0]);
  const { notice, ...envelope } = IngestEnvelope.parse(results[0]);
  return { ...envelope, ...(notice !== undefined && { notice: notice as IngestState['notice'] }) };
}

/** IngestState with its notice unchecked (see previousState). */
const IngestEnvelope = IngestState.extend({ notice: z.unknown().optional() });

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
