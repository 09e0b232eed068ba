import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type JobProgress,
  type JobState,
  JobView,
  UNFINISHED_STATES,
  type UploadRef,
} from '../../schemas/job.ts';
import { failureKindOf, isBadInput } from '../errors.ts';
import { writeAtomic } from '../fs/atomic.ts';
import { leaseFree, release, tryLease } from '../fs/file-lock.ts';
import type { SearchIndex } from '../search/types.ts';
import type { NoticeStore } from '../store/types.ts';
import { createParseThreads, type ParseThreadLimits } from './parse-threads.ts';
import { runStages, StageCheckpoint } from './run-stages.ts';
import { type IngestRunner, isJobId, jobIdFor } from './runner.ts';

/**
 * The embedded runner: stages run in this process, one job at a time, and every job's view is
 * kept as JSON under `jobsDir` (written and synced before `submit` resolves, so before an
 * upload is answered 202) so `policy-kb jobs` and `retry` work across runs without Redis. The
 * views of unfinished jobs and the leases are kept apart, in `jobsDir/open/`, so a restart reads
 * what may need taking over, not the history of every upload.
 *
 * Nothing accepted is lost when the process dies: a job runs under a lease (`<jobId>.owner`,
 * an exclusive lock file naming its process, in `open/`, see `tryLease`), so one process at a time runs it.
 * A runner opened with `resume` (the server, `ingest`, `recover`, `retry`) takes over every
 * unfinished job whose owner is gone — waiting or cut off mid-stage — and resumes it after its
 * last finished stage: the state after each stage is kept in `<jobId>.checkpoint` (written
 * atomically), so a job killed while indexing is not parsed again. Every stage is idempotent
 * (the store finds the version these bytes made before), so a stage cut off halfway simply runs
 * again. It also removes the leases dead processes left on finished jobs. A failed job retried
 * resumes the same way when the system failed it; a file's or a bug's failure starts over.
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
  await mkdir(join(jobsDir, 'open'), { recursive: true });
  const running = new Map<string, Promise<JobView>>();
  /** Submits still checking for an earlier job: a racing submit of the same bytes waits on it. */
  const claims = new Map<string, Promise<boolean>>();
  let chain: Promise<unknown> = Promise.resolve();

  /** Unfinished jobs' views and every lease: all a restart has to look at, however many jobs finished. */
  const openDir = join(jobsDir, 'open');
  const viewPath = (jobId: string, unfinished: boolean) =>
    join(unfinished ? openDir : jobsDir, `${jobId}.json`);
  const readView = async (path: string): Promise<JobView | null> => {
    const text = await readFile(path, 'utf8').catch(() => null);
    return text ? JobView.parse(JSON.parse(text)) : null;
  };
  /** The open copy wins: a job run again is open while its earlier finished view is still there. */
  const load = async (jobId: string): Promise<JobView | null> => {
    if (!isJobId(jobId)) return null;
    return (await readView(viewPath(jobId, true))) ?? (await readView(viewPath(jobId, false)));
  };
  /**
   * Written through a temp file of its own, renamed over the view; synced unless it only moves
   * the progress bar (a job's acceptance and its end must survive a power cut, its stage need
   * not). A finished view is written beside the others, then its open copy removed: a crash
   * between the two leaves an open copy of a job that finished, which a restart runs once more
   * (every stage is idempotent).
   */
  const save = async (view: JobView, options: { sync?: boolean } = {}) => {
    const unfinished = UNFINISHED_STATES.has(view.state);
    await writeAtomic(viewPath(view.jobId, unfinished), JSON.stringify(view), options);
    if (!unfinished) await rm(viewPath(view.jobId, true), { force: true });
  };
  const ownerPath = (jobId: string) => join(openDir, `${jobId}.owner`);
  const checkpointPath = (jobId: string) => join(jobsDir, `${jobId}.checkpoint`);
  /** The state after a job's last finished stage, when one was kept and still reads. */
  const loadCheckpoint = async (jobId: string): Promise<StageCheckpoint | undefined> => {
    const text = await readFile(checkpointPath(jobId), 'utf8').catch(() => null);
    if (!text) return undefined;
    try {
      return StageCheckpoint.parse(JSON.parse(text));
    } catch {
      return undefined; // from an older version, or unreadable: the job starts over
    }
  };
  const dropCheckpoint = (jobId: string) => rm(checkpointPath(jobId), { force: true });
  /** Leases this runner holds, by job id. */
  const leases = new Map<string, string>();
  const claim = async (jobId: string): Promise<boolean> => {
    const token = await tryLease(ownerPath(jobId));
    if (token) leases.set(jobId, token);
    return token !== null;
  };
  const releaseLease = async (jobId: string) => {
    const token = leases.get(jobId);
    leases.delete(jobId);
    if (token) await release(ownerPath(jobId), token);
  };
  /** An unfinished job no live process owns: its owner died (or it was never claimed). */
  const orphaned = async (view: JobView) =>
    UNFINISHED_STATES.has(view.state) && !running.has(view.jobId) && (await leaseFree(ownerPath(view.jobId)));

  const start = (view: JobView, from?: StageCheckpoint): Promise<JobView> => {
    const run = chain.then(() => execute(view, from));
    chain = run.catch(() => {});
    running.set(view.jobId, run);
    return run;
  };

  const execute = async (view: JobView, from?: StageCheckpoint): Promise<JobView> => {
    const job: JobView = { ...view, state: 'active', attempts: view.attempts + 1 };
    try {
      const state = await runStages(
        { sha256: job.sha256, fileName: job.fileName },
        { store, index },
        async (progress) => {
          job.progress = progress;
          await save(job, { sync: false });
        },
        {
          threads,
          ...(from ? { from } : {}),
          // not synced: a checkpoint lost in a power cut costs the stages again, nothing else
          onCheckpoint: (checkpoint) =>
            writeAtomic(checkpointPath(job.jobId), JSON.stringify(checkpoint), { sync: false }),
        },
      );
      Object.assign(job, { state: 'completed', noticeId: state.record?.id, version: state.record?.version });
      job.duplicate = state.record?.created === false && !state.record.rendition;
      if (state.record?.rendition) job.rendition = true;
      await dropCheckpoint(job.jobId);
    } catch (error) {
      job.state = 'failed';
      job.failure = failureKindOf(error);
      // Only the system's failures resume where they stopped; a retry of the others starts over.
      if (job.failure !== 'infrastructure') await dropCheckpoint(job.jobId);
      // One line naming the file once (an index failure's message names it already).
      const message = error instanceof Error ? error.message : String(error);
      job.error =
        isBadInput(error) || message.startsWith(`${job.fileName}: `)
          ? message
          : `${job.fileName}: ${message}`;
    }
    job.finishedAt = new Date().toISOString();
    try {
      await save(job);
    } finally {
      await releaseLease(job.jobId);
    }
    return job;
  };

  /**
   * Runs a job again (a retry, or an orphaned job taken over): after its last finished stage
   * when it was cut off or the system failed it, else from its first stage. Leased, saved as
   * waiting before this resolves (a poll right after sees it), run in the background. False
   * when another live process holds its lease.
   */
  const runAgain = async (view: JobView): Promise<boolean> => {
    if (!(await claim(view.jobId))) return false;
    const resumable = UNFINISHED_STATES.has(view.state) || view.failure === 'infrastructure';
    const from = resumable ? await loadCheckpoint(view.jobId) : undefined;
    const { error: _error, failure: _failure, finishedAt: _finishedAt, ...rest } = view;
    const waiting: JobView = { ...rest, state: 'waiting', progress: notStarted() };
    await save(waiting);
    void start(waiting, from);
    return true;
  };

  /** Job ids with a view in `dir`. */
  const viewIds = async (dir: string) =>
    (await readdir(dir)).flatMap((name) => (name.endsWith('.json') ? [name.slice(0, -'.json'.length)] : []));
  const listJobs = async (state?: JobState): Promise<JobView[]> => {
    const ids = new Set([...(await viewIds(openDir)), ...(await viewIds(jobsDir))]);
    const views = await Promise.all([...ids].map(load));
    return views.filter((v): v is JobView => v !== null && (!state || v.state === state));
  };

  if (options.resume) {
    await moveToOpenDir();
    const views = (await Promise.all((await viewIds(openDir)).map(load)))
      .filter((v): v is JobView => v !== null)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const view of views) {
      // a finished job whose open copy a crash left behind is run once more (see `save`)
      if (await orphaned(view)) await runAgain(view);
    }
    // Leases a killed process left on a finished (or never saved) job: taken and let go.
    const unfinished = new Set(views.filter((v) => UNFINISHED_STATES.has(v.state)).map((v) => v.jobId));
    for (const name of await readdir(openDir)) {
      const jobId = name.endsWith('.owner') ? name.slice(0, -'.owner'.length) : null;
      if (!jobId || unfinished.has(jobId)) continue;
      const token = await tryLease(ownerPath(jobId));
      if (token) await release(ownerPath(jobId), token);
    }
  }

  /**
   * Jobs directories written before `open/` existed keep every view and lease at the top: the
   * unfinished views and the leases move into `open/` once (a marker says it is done; an
   * interrupted move is simply done again).
   */
  async function moveToOpenDir(): Promise<void> {
    const marker = join(openDir, '.moved');
    if (await stat(marker).catch(() => null)) return;
    for (const name of await readdir(jobsDir)) {
      if (name.endsWith('.owner')) {
        await rename(join(jobsDir, name), join(openDir, name)).catch(() => {});
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const view = await readView(join(jobsDir, name)).catch(() => null);
      if (!view || !UNFINISHED_STATES.has(view.state)) continue;
      await writeAtomic(viewPath(view.jobId, true), JSON.stringify(view));
      await rm(join(jobsDir, name), { force: true });
    }
    await writeAtomic(marker, '');
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
          if (await orphaned(earlierView)) await runAgain(earlierView);
          return true;
        }
        // Another process is saving this very job right now: it is that process's.
        if (!(await claim(jobId))) return true;
        const view = newJob(jobId, upload);
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
      if (!(await runAgain(view))) throw new Error(`job ${jobId} is being run by another process`);
    },
    async close() {
      await chain;
      await threads?.close();
    },
  };
}

const notStarted = (): JobProgress => ({ stage: null, done: [], total: 0 });

function newJob(jobId: string, upload: UploadRef): JobView {
  return {
    jobId,
    sha256: upload.sha256,
    fileName: upload.fileName,
    state: 'waiting',
    progress: notStarted(),
    attempts: 0,
    createdAt: new Date().toISOString(),
  };
}
