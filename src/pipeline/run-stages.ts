import { z } from 'zod';
import { INGEST_PIPELINE, type IngestStage } from '../../pipelines/ingest.ts';
import type { JobProgress } from '../../schemas/job.ts';
import type { ParseThreads } from './parse-threads.ts';
import {
  IngestState,
  isParsingStage,
  type ParsingStage,
  STAGE_FUNCTIONS,
  type StageContext,
} from './stages.ts';

/**
 * Runs the declared stages one after another, reporting progress before each stage. With
 * `threads`, each run of consecutive heavy stages (parsing the untrusted file) goes to a parse
 * thread in one go — the document model never crosses back — and the rest runs here. The
 * BullMQ runner runs the same stage functions, one job per stage.
 *
 * `from` resumes a job: the stages it lists as done are skipped and its state is the input of
 * the next. `onCheckpoint` is told the state and the stages done after each finished stage (or
 * parse-thread run), so a runner can keep it and resume there after a crash.
 */
export async function runStages(
  initial: IngestState,
  context: StageContext,
  onProgress: (progress: JobProgress) => void | Promise<void> = () => {},
  options: {
    threads?: ParseThreads;
    from?: StageCheckpoint;
    onCheckpoint?: (checkpoint: StageCheckpoint) => void | Promise<void>;
  } = {},
): Promise<IngestState> {
  const resumeAt = options.from ? resumeIndex(options.from.done) : 0;
  let state = options.from && resumeAt > 0 ? options.from.state : initial;
  const done: IngestStage[] = INGEST_PIPELINE.slice(0, resumeAt).map((stage) => stage.name);
  const total = INGEST_PIPELINE.length;
  const checkpoint = async () => options.onCheckpoint?.({ done: [...done], state });
  const starting = (name: string) => onProgress({ stage: name, done: [...done], total });
  for (let i = resumeAt; i < INGEST_PIPELINE.length; ) {
    const parsing = options.threads ? parsingRun(i) : [];
    if (options.threads && parsing.length > 0) {
      const original = await originalOf(state, context);
      // The stages of this run before the one starting have finished.
      state = await options.threads.run(parsing, state, original, (name) =>
        onProgress({ stage: name, done: [...done, ...parsing.slice(0, parsing.indexOf(name))], total }),
      );
      done.push(...parsing);
      i += parsing.length;
      await checkpoint();
      continue;
    }
    const stage = INGEST_PIPELINE[i++] as (typeof INGEST_PIPELINE)[number];
    await starting(stage.name);
    state = await STAGE_FUNCTIONS[stage.name](state, context);
    done.push(stage.name);
    if (i < INGEST_PIPELINE.length) await checkpoint();
  }
  await onProgress({ stage: null, done, total });
  return state;
}

/** The state after the stages in `done` (a prefix of the pipeline), kept to resume from. */
export const StageCheckpoint = z.object({ done: z.array(z.string()), state: IngestState });
export type StageCheckpoint = z.infer<typeof StageCheckpoint>;

/** Where a checkpoint resumes: after its stages, when they are a prefix of the pipeline (else 0). */
function resumeIndex(done: readonly string[]): number {
  const prefix = done.every((name, i) => INGEST_PIPELINE[i]?.name === name);
  return prefix ? done.length : 0;
}

/** The heavy stages from `start` on, in pipeline order: a parse thread runs them in one go. */
function parsingRun(start: number): ParsingStage[] {
  const run: ParsingStage[] = [];
  for (const stage of INGEST_PIPELINE.slice(start)) {
    if (!stage.heavy) break;
    if (!isParsingStage(stage.name))
      throw new Error(`heavy stage ${stage.name} cannot run in a parse thread`);
    run.push(stage.name);
  }
  return run;
}

async function originalOf(state: IngestState, { store }: StageContext) {
  const [ref, bytes] = await Promise.all([
    store.getOriginalRef(state.sha256),
    store.getOriginal(state.sha256),
  ]);
  if (!ref || !bytes) throw new Error(`original ${state.sha256} of ${state.fileName} is not in the store`);
  return { ref, bytes };
}
