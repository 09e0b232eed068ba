/**
 * The ingest pipeline, declared once, as data: the stages in order and which of them parse the
 * untrusted file (`heavy`: run in a parse thread or a sandboxed processor). Every runner — the
 * in-process runner (no Redis) and the BullMQ flow (one job per stage, children first) — runs
 * exactly these stages in this order; `src/pipeline/stages.ts` binds each name to its function.
 * Imports nothing, so any layer may read it.
 */
export const INGEST_PIPELINE = [
  { name: 'read', heavy: true },
  { name: 'extract', heavy: true },
  { name: 'normalize', heavy: false },
  { name: 'store', heavy: false },
  { name: 'index', heavy: false },
  { name: 'compare-refresh', heavy: false },
] as const satisfies readonly { name: string; heavy: boolean }[];

/** One stage's name. */
export type IngestStage = (typeof INGEST_PIPELINE)[number]['name'];

export const INGEST_STAGES: readonly IngestStage[] = INGEST_PIPELINE.map((stage) => stage.name);
