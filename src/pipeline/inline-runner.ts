import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type JobState, JobView, type UploadRef } from '../../schemas/job.ts';
import { isBadInput } from '../errors.ts';
import type { SearchIndex } from '../search/types.ts';
import { processAlive, removeStaleTemps, writeAtomic } from '../store/fs-atomic.ts';
import type { NoticeStore } from '../store/types.ts';
import { createParseThreads, type ParseThreadLimits } from './parse-threads.ts';
import { runStages } from './run-stages.ts';
import { type IngestRunner, isJobId, jobIdFor } from './runner.ts';

/**
 * The embedded runner: stages run in this process, one job at a time, and every job's view is
 * kept as JSON under `jobsDir` (written and synced before `submit` resolves, so before an
 * upload is answered 202) so `policy-kb jobs` and `retry` work across runs without Redis.
 *
 * Nothing accepted is lost when the process dies: a job runs under a lease (`<jobId>.owner`,
 * the owning process's id). A runner opened with `resume` (the server, `ingest`, `recover`,
 * `retry`) takes over every unfinished job whose owner is gone — waiting or cut off mid-stage —
 * and runs it again from its first stage (every stage is idempotent: the store finds the
 * version these bytes made before). Temp files a dead process left are removed on start.
 */
export async function createInlineRunner(options: {
  store: NoticeStore;
  index: SearchIndex;
  jobsDir: string;
  /** Take over the unfinished jobs of processes that are gone. @defaultValue false */
  resume?: boolean;
  /**
   * Parse uploads in a thread with these limits (the server and CLI do); without, parsing runs
   * on this thread (unit tests, which need no isolation). @defaultValue none
   */
  parseThreads?: ParseThreadLimits;
}): Promise<IngestRunner> {
  const { store, index, jobsDir } = options;
  const threads = options.parseThreads ? createParseThreads(options.parseThreads) : undefined;
  await mkdir(jobsDir, { recursive: true });
  await removeStaleTemps(jobsDir);
  const running = new Map<string, Promise<JobView>>();
  /** Submits still checking for an earlier job: a racing submit of the same bytes waits on it. */
  const claims = new Map<string, Promise<boolean>>();
  let chain: Promise<unknown> = Promise.resolve();

  const load = async (jobId: string): Promise<JobView | null> => {
    if (!isJobId(jobId)) return null;
    const text = await readFile(join(jobsDir, `${jobId}.json`), 'utf8').catch(() => null);
    return text ? JobView.parse(JSON.parse(text)) : null;
  };
  // Written and synced through a temp file of its own, renamed over the view.
  const save = (view: JobView) => writeAtomic(join(jobsDir, `${view.jobId}.json`), JSON.stringify(view));
  const ownerPath = (jobId: string) => join(jobsDir, `${jobId}.owner`);
  const claim = (jobId: string) => writeAtomic(ownerPath(jobId), String(process.pid));
  const release = (jobId: string) => unlink(ownerPath(jobId)).catch(() => {});
  /** An unfinished job no live process owns: its owner died (or it was never claimed). */
  const orphaned = async (view: JobView) => {
    if (!UNFINISHED.has(view.state) || running.has(view.jobId)) return false;
    const owner = Number(await readFile(ownerPath(view.jobId), 'utf8').catch(() => ''));
    return owner === process.pid || !processAlive(owner);
  };

  const start = (view: JobView): Promise<JobView> => {
    const run = chain.then(() => execute(view));
    chain = run.catch(() => {});
    running.set(view.jobId, run);
    return run;
  };

  const execute = async (view: JobView): Promise<JobView> => {
    const job: JobView = { ...view, state: 'active', attempts: view.attempts + 1 };
    delete job.error;
    delete job.failure;
    try {
      const state = await runStages(
        { sha256: job.sha256, fileName: job.fileName },
        { store, index },
        async (progress) => {
          job.progress = progress;
          await save(job);
        },
        { ...(threads && { threads }) },
      );
      Object.assign(job, { state: 'completed', noticeId: state.record?.id, version: state.record?.version });
      job.duplicate = state.record?.created === false;
    } catch (error) {
      job.state = 'failed';
      job.failure = isBadInput(error) ? 'input' : 'infrastructure';
      // One line naming the file once (an index failure's message names it already).
      const message = error instanceof Error ? error.message : String(error);
      job.error =
        isBadInput(error) || message.startsWith(`${job.fileName}: `)
          ? message
          : `${job.fileName}: ${message}`;
    }
    job.finishedAt = new Date().toISOString();
    await save(job);
    await release(job.jobId);
    return job;
  };

  /** Takes over an orphaned job: claimed, set waiting again, run from its first stage. */
  const resume = async (view: JobView) => {
    await claim(view.jobId);
    const waiting: JobView = { ...view, state: 'waiting', progress: { stage: null, done: [], total: 0 } };
    await save(waiting);
    void start(waiting);
  };

  const listJobs = async (state?: JobState): Promise<JobView[]> => {
    const names = (await readdir(jobsDir)).filter((name) => name.endsWith('.json'));
    const views = await Promise.all(names.map((name) => load(name.slice(0, -'.json'.length))));
    return views.filter((v): v is JobView => v !== null && (!state || v.state === state));
  };

  if (options.resume) {
    const unfinished = (await listJobs()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const view of unfinished) if (await orphaned(view)) await resume(view);
  }

  return {
    kind: 'inline',
    async submit(upload: UploadRef) {
      const jobId = jobIdFor(upload.sha256);
      // Checked and claimed before any await: N racing submits of the same bytes make one job.
      const earlier = claims.get(jobId);
      if (earlier || running.has(jobId)) {
        await earlier;
        return { jobId, duplicate: true };
      }
      const claimed = (async () => {
        const earlierView = await load(jobId);
        if (earlierView !== null) {
          // An upload of bytes whose job a dead process left unfinished: this one takes it over.
          if (await orphaned(earlierView)) await resume(earlierView);
          return true;
        }
        const view = newJob(jobId, upload);
        await claim(jobId);
        await save(view);
        void start(view);
        return false;
      })();
      claims.set(jobId, claimed);
      try {
        return { jobId, duplicate: await claimed };
      } finally {
        claims.delete(jobId);
      }
    },
    async wait(jobId) {
      const run = running.get(jobId);
      const view = run ? await run : await load(jobId);
      if (!view) throw new Error(`no job ${jobId}`);
      return view;
    },
    getJob: load,
    listJobs,
    async counts() {
      const counts: Partial<Record<JobState, number>> = {};
      for (const view of await listJobs()) counts[view.state] = (counts[view.state] ?? 0) + 1;
      return counts;
    },
    async retry(jobId) {
      const view = await load(jobId);
      if (!view) throw new Error(`no job ${jobId}`);
      if (view.state !== 'failed' && !(await orphaned(view)))
        throw new Error(`job ${jobId} is ${view.state}, not failed`);
      // Saved as waiting before it resolves (a poll right after sees the retry), run in the background.
      const waiting: JobView = { ...view, state: 'waiting', progress: { stage: null, done: [], total: 0 } };
      delete waiting.error;
      delete waiting.failure;
      delete waiting.finishedAt;
      await claim(jobId);
      await save(waiting);
      void start(waiting);
    },
    async close() {
      await chain;
      await threads?.close();
    },
  };
}

const UNFINISHED = new Set<JobState>(['waiting', 'active', 'delayed', 'waiting-children']);

function newJob(jobId: string, upload: UploadRef): JobView {
  return {
    jobId,
    sha256: upload.sha256,
    fileName: upload.fileName,
    state: 'waiting',
    progress: { stage: null, done: [], total: 0 },
    attempts: 0,
    createdAt: new Date().toISOString(),
  };
}
