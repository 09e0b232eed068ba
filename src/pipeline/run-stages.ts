import { INGEST_PIPELINE } from '../../pipelines/stages.ts';
import type { JobProgress } from '../../schemas/job.ts';
import type { IngestState, StageContext } from './stages.ts';

/**
 * Runs the declared stages one after another in this process, reporting progress before each
 * stage. The BullMQ runner runs the same stage functions, one job per stage.
 */
export async function runStages(
  initial: IngestState,
  context: StageContext,
  onProgress: (progress: JobProgress) => void | Promise<void> = () => {},
): Promise<IngestState> {
  let state = initial;
  const done: string[] = [];
  for (const stage of INGEST_PIPELINE) {
    await onProgress({ stage: stage.name, done: [...done], total: INGEST_PIPELINE.length });
    state = await stage.run(state, context);
    done.push(stage.name);
  }
  await onProgress({ stage: null, done, total: INGEST_PIPELINE.length });
  return state;
}
