import { z } from 'zod';

/** Where an ingest job is: BullMQ's states, shared by the in-process runner. */
export const JobState = z
  .enum(['waiting', 'active', 'completed', 'failed', 'delayed', 'waiting-children', 'unknown'])
  .meta({ id: 'JobState' });
export type JobState = z.infer<typeof JobState>;

/** The states of a job not yet finished (neither completed nor failed). */
export const UNFINISHED_STATES: ReadonlySet<JobState> = new Set<JobState>([
  'waiting',
  'active',
  'delayed',
  'waiting-children',
]);

/** Progress of one ingest job: the stages done and the one running. */
export const JobProgress = z
  .object({
    stage: z.string().nullable(),
    done: z.array(z.string()),
    total: z.int().nonnegative(),
  })
  .meta({ id: 'JobProgress' });
export type JobProgress = z.infer<typeof JobProgress>;

/**
 * What an ingest found, for the person who uploaded the file: counts, whether a person should
 * check it, and the same in a line of Chinese (`7 项 · 0 条 · 需复核`).
 */
export const ExtractionSummary = z
  .object({
    items: z.int().nonnegative(),
    articles: z.int().nonnegative(),
    needsReview: z.boolean(),
    /** The codes of the warnings that call for review (rows-missing, row-cut-off …). */
    reasons: z.array(z.string()),
    /** 「N 项 · M 条」, then 「· 需复核」 when a person should check it. */
    text: z.string(),
  })
  .meta({ id: 'ExtractionSummary' });
export type ExtractionSummary = z.infer<typeof ExtractionSummary>;

/**
 * Whose fault a failed job was: the file's (`input`), our own code's (`internal`: a bug in
 * extraction or normalization) or the system's (`infrastructure`).
 */
export const FailureKind = z.enum(['input', 'internal', 'infrastructure']).meta({ id: 'FailureKind' });
export type FailureKind = z.infer<typeof FailureKind>;

/** An ingest job as the CLI, the API and the web app see it. */
export const JobView = z
  .object({
    jobId: z.string(),
    sha256: z.string(),
    fileName: z.string(),
    state: JobState,
    progress: JobProgress,
    /** Why it failed: one line naming the file and the problem. */
    error: z.string().optional(),
    /**
     * Whose fault a failure was: `input`, the file itself (unreadable, over a limit: it waits for
     * a person, a retry gives the same answer); `internal`, a bug in our extraction or
     * normalization (a retry gives the same answer until the code is fixed: it waits for a
     * person too); `infrastructure`, anything else (a store, index, queue or worker failing:
     * retried by `recover`). Absent on jobs from before it was recorded.
     */
    failure: FailureKind.optional(),
    attempts: z.int().nonnegative(),
    noticeId: z.string().optional(),
    version: z.int().optional(),
    /** True when these bytes had been ingested before (no new version). */
    duplicate: z.boolean().optional(),
    /**
     * True when the file became another rendition of an existing version (the same notice from
     * another file or format: no new version); its differences are on the version's renditions.
     */
    rendition: z.boolean().optional(),
    /** Once completed: what the notice holds and whether it needs review. */
    summary: ExtractionSummary.optional(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'JobView' });
export type JobView = z.infer<typeof JobView>;

/** The payload every stage job carries: which stored original to ingest. */
export const UploadRef = z
  .object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string() })
  .meta({ id: 'UploadRef' });
export type UploadRef = z.infer<typeof UploadRef>;
