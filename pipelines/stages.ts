/**
 * The ingest pipeline, declared once: every runner (the in-process runner used by `extract`
 * and `ingest` without Redis, and the BullMQ workers) runs these stages in this order.
 */
export const INGEST_STAGES = ['read', 'extract'] as const;
export type IngestStage = (typeof INGEST_STAGES)[number];
