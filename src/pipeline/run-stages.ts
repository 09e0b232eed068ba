import { INGEST_PIPELINE } from '../../pipelines/ingest.ts';
import type { JobProgress } from '../../schemas/job.ts';
import type { ParseThreads } from './parse-threads.ts';
import {
  type IngestState,
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
 */
export async function runStages(
  initial: IngestState,
  context: StageContext,
  onProgress: (progress: JobProgress) => void | Promise<void> = () => {},
  options: { threads?: ParseThreads } = {},
): Promise<IngestState> {
  let state = initial;
  const done: string[] = [];
  const total = INGEST_PIPELINE.length;
  const starting = (name: string) => onProgress({ stage: name, done: [...done], total });
  for (let i = 0; i < INGEST_PIPELINE.length; ) {
    const parsing = options.threads ? parsingRun(i) : [];
    if (options.threads && parsing.length > 0) {
      const original = await originalOf(state, context);
      // The stages of this run before the one starting have finished.
      state = await options.threads.run(parsing, state, original, (name) =>
        onProgress({ stage: name, done: [...done, ...parsing.slice(0, parsing.indexOf(name))], total }),
      );
      done.push(...parsing);
      i += parsing.length;
      continue;
    }
    const stage = INGEST_PIPELINE[i++] as (typeof INGEST_PIPELINE)[number];
    await starting(stage.name);
    state = await STAGE_FUNCTIONS[stage.name](state, context);
    done.push(stage.name);
  }
  await onProgress({ stage: null, done, total });
  return state;
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
