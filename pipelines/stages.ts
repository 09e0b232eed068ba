import type { IngestStage } from '../src/pipeline/stages.ts';
import { STAGE_FUNCTIONS } from '../src/pipeline/stages.ts';

/**
 * The ingest pipeline, declared once. Every runner — the in-process runner (no Redis) and the
 * BullMQ flow (one job per stage, children first) — runs exactly these stages in this order.
 * `heavy` stages parse untrusted files: the queue runs them in sandboxed worker processes.
 */
export const INGEST_PIPELINE = [
  { name: 'read', heavy: true, run: STAGE_FUNCTIONS.read },
  { name: 'extract', heavy: true, run: STAGE_FUNCTIONS.extract },
  { name: 'normalize', heavy: false, run: STAGE_FUNCTIONS.normalize },
  { name: 'store', heavy: false, run: STAGE_FUNCTIONS.store },
  { name: 'index', heavy: false, run: STAGE_FUNCTIONS.index },
  { name: 'compare-refresh', heavy: false, run: STAGE_FUNCTIONS['compare-refresh'] },
] as const satisfies readonly { name: IngestStage; heavy: boolean; run: unknown }[];

export const INGEST_STAGES: readonly IngestStage[] = INGEST_PIPELINE.map((stage) => stage.name);
