import { z } from 'zod';

/** Where an ingest job is: BullMQ's states, shared by the in-process runner. */
export const JobState = z
  .enum(['waiting', 'active', 'completed', 'failed', 'delayed', 'waiting-children', 'unknown'])
  .meta({ id: 'JobState' });
export type JobState = z.infer<typeof JobState>;

/** Progress of one ingest job: the stages done and the one running. */
export const JobProgress = z
  .object({
    stage: z.string().nullable(),
    done: z.array(z.string()),
    total: z.int().nonnegative(),
  })
  .meta({ id: 'JobProgress' });
export type JobProgress = z.infer<typeof JobProgress>;

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
    attempts: z.int().nonnegative(),
    noticeId: z.string().optional(),
    version: z.int().optional(),
    /** True when these bytes had been ingested before (no new version). */
    duplicate: z.boolean().optional(),
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
