import type { SandboxedJob } from 'bullmq';
import { loadConfig } from '../config.ts';
import type { IngestState } from '../pipeline/stages.ts';
import { openStore } from '../store/index.ts';
import type { NoticeStore } from '../store/types.ts';
import { processStage } from './stage-processor.ts';

let store: Promise<NoticeStore> | undefined;

/**
 * The sandboxed processor of the heavy queue (read, extract: parsing untrusted files). BullMQ
 * runs it in a worker thread, so CPU-bound parsing never stalls the worker's lock renewal; it is
 * loaded through `heavy-processor.mjs`, which registers tsx first. The thread's environment is
 * the worker's configuration (see `startWorkers`), so `loadConfig()` here selects the same store.
 */
export default async function heavyProcessor(job: SandboxedJob): Promise<IngestState> {
  const config = loadConfig();
  store ??= openStore(config);
  return processStage(job, { store: await store }, { delayMs: config.POLICY_KB_STAGE_DELAY_MS });
}
