import { setTimeout as sleep } from 'node:timers/promises';
import { FlowProducer, Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { INGEST_STAGES } from '../../pipelines/ingest.ts';
import { type JobState, type JobView, UploadRef } from '../../schemas/job.ts';
import { type IngestRunner, isJobId, jobIdFor, shaOfJobId } from '../pipeline/runner.ts';
import type { NoticeStore } from '../store/types.ts';
import {
  closeConnection,
  DEFAULT_QUEUE_PREFIX,
  openConnection,
  type QueueConnectionOptions,
} from './connection.ts';
import {
  buildIngestFlow,
  type IngestFlowOptions,
  ingestSteps,
  isRootJobId,
  queueNames,
  queueOfStage,
  StageJobData,
  stageJobId,
} from './flow.ts';
import { type IngestQueues, loadJobView, viewOfRoot } from './job-view.ts';

export interface BullmqRunnerOptions
  extends QueueConnectionOptions,
    Pick<IngestFlowOptions, 'attempts' | 'backoffMs'> {
  /**
   * Longest pause between two looks at a job `wait` is waiting for, in ms (the queue's event
   * ends a pause when the job finishes). @defaultValue 250
   */
  pollMs?: number;
  /** The first such pause; they double up to `pollMs`. @defaultValue 20 */
  firstPollMs?: number;
  /**
   * The store the workers save to. When given, a completed upload whose notice this store does
   * not have (another data directory on the same queues, a restored store) is run again on
   * submit instead of being taken for a duplicate. @defaultValue undefined (trust the queue)
   */
  store?: NoticeStore;
}

/** The BullMQ runner: the port, plus bulk retry and raw per-queue counts for monitoring. */
export interface BullmqRunner extends IngestRunner {
  /** Retries every failed upload; returns their job ids. */
  retryAllFailed(): Promise<string[]>;
  /** BullMQ's job counts of each queue (stage jobs, four per upload), by queue name. */
  stageCounts(): Promise<Record<string, Record<string, number>>>;
  /** The heavy and light queues, for monitoring only (the web app's Bull Board). */
  readonly queues: readonly Queue[];
}

/**
 * The queue adapter of `IngestRunner`: each upload is a flow of stage jobs (see `flow.ts`) run
 * by `policy-kb worker` processes (see `workers.ts`); this side only adds flows and reads jobs.
 * Job views, listings and counts are per upload (its root job), as with the inline runner.
 */
export async function createBullmqRunner(options: BullmqRunnerOptions): Promise<BullmqRunner> {
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const connection = openConnection(options);
  const names = queueNames(prefix);
  const queues: IngestQueues = {
    prefix,
    heavy: new Queue(names.heavy, { connection: connection.client }),
    light: new Queue(names.light, { connection: connection.client }),
  };
  const flows = new FlowProducer({ connection: connection.client });
  // Connection errors surface here while ioredis reconnects; commands wait for it meanwhile.
  queues.heavy.on('error', () => {});
  queues.light.on('error', () => {});
  flows.on('error', () => {});
  await Promise.all([queues.heavy.waitUntilReady(), queues.light.waitUntilReady(), flows.waitUntilReady()]);
  const flowOptions = { prefix, attempts: options.attempts, backoffMs: options.backoffMs };
  // Submits and retries of one upload run one at a time in this process (a chain per job id).
  const tails = new Map<string, Promise<unknown>>();
  const serialized = <T>(jobId: string, work: () => Promise<T>): Promise<T> => {
    const run = (tails.get(jobId) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => {});
    tails.set(jobId, tail);
    void tail.then(() => tails.get(jobId) === tail && tails.delete(jobId));
    return run;
  };

  /**
   * Uploads being waited for, woken when the light queue reports their root job finished. The
   * queue's events (a Redis stream read on a connection of their own) are followed from the
   * first wait on; until then no connection is spent on them.
   */
  const waiters = new Map<string, Set<() => void>>();
  let events: Promise<{ queueEvents: QueueEvents; client: Redis }> | null = null;
  const followEvents = () => {
    events ??= (async () => {
      const client = connection.client.duplicate();
      client.on('error', () => {});
      const queueEvents = new QueueEvents(names.light, { connection: client });
      queueEvents.on('error', () => {});
      const wake = ({ jobId }: { jobId: string }) => {
        for (const resolve of waiters.get(jobId) ?? []) resolve();
      };
      queueEvents.on('completed', wake);
      queueEvents.on('failed', wake);
      try {
        await queueEvents.waitUntilReady();
      } catch (error) {
        // a later wait tries again with a connection of its own: this one must not linger
        await queueEvents.close().catch(() => {});
        client.disconnect();
        throw error;
      }
      return { queueEvents, client };
    })();
    return events;
  };
  /** Resolves when `jobId` is reported finished (or never); `cancel` forgets it. */
  const finished = (jobId: string) => {
    let wake = () => {};
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const set = waiters.get(jobId) ?? new Set();
    set.add(wake);
    waiters.set(jobId, set);
    return {
      promise,
      cancel() {
        set.delete(wake);
        if (set.size === 0 && waiters.get(jobId) === set) waiters.delete(jobId);
      },
    };
  };

  const getJob = async (jobId: string): Promise<JobView | null> =>
    (await loadJobView(queues, jobId)) ?? (await viewFromStore(jobId));

  /**
   * A job Redis no longer has (lost with its last second of writes in a crash, or evicted) whose
   * upload the store shows fully processed — stored and indexed — is completed: the id an upload
   * was answered with keeps answering. Anything less is no job (404), and `recover` queues it again.
   */
  const viewFromStore = async (jobId: string): Promise<JobView | null> => {
    if (!isJobId(jobId)) return null;
    const record = await options.store?.findBySha(shaOfJobId(jobId));
    if (record?.status !== 'indexed') return null;
    return {
      jobId,
      sha256: record.sha256,
      fileName: record.sourceFile,
      state: 'completed',
      progress: { stage: null, done: [...INGEST_STAGES], total: INGEST_STAGES.length },
      attempts: 0,
      noticeId: record.id,
      version: record.version,
      createdAt: record.createdAt,
      finishedAt: record.updatedAt,
    };
  };

  const listJobs = async (state?: JobState): Promise<JobView[]> => {
    const final = state === 'completed' || state === 'failed';
    const types = final ? [state] : [...UNFINISHED, ...(state ? [] : FINISHED)];
    const roots = (await queues.light.getJobs(types)).filter((job) => isRootJobId(job.id));
    const views = await Promise.all(roots.map((root) => viewOfRoot(queues, root)));
    return views
      .filter((view) => !state || view.state === state)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  };

  /** Removes an upload's root and step jobs (its original stays in the store). */
  const removeFlow = async (sha256: string) => {
    await (await queues.light.getJob(jobIdFor(sha256)))?.remove({ removeChildren: true });
    for (const step of ingestSteps()) {
      const queue = queueOfStage(step.name, prefix) === names.heavy ? queues.heavy : queues.light;
      await (await queue.getJob(stageJobId(step.name, sha256)))?.remove();
    }
  };

  /** A completed root whose notice is missing from the store the caller uses. */
  const isStale = async (root: Job) =>
    options.store !== undefined &&
    (await root.getState()) === 'completed' &&
    (await options.store.findBySha(StageJobData.parse(root.data).sha256)) === null;

  const retry = (jobId: string) =>
    serialized(jobId, async () => {
      const view = await getJob(jobId);
      if (!view) throw new Error(`no job ${jobId}`);
      if (view.state !== 'failed') throw new Error(`job ${jobId} is ${view.state}, not failed`);
      await removeFlow(view.sha256);
      await flows.add(buildIngestFlow(view, { ...flowOptions, priorAttempts: view.attempts }));
    });

  return {
    kind: 'bullmq',
    queues: [queues.heavy, queues.light],
    async submit(upload) {
      const ref = UploadRef.parse(upload);
      const jobId = jobIdFor(ref.sha256);
      let duplicate = false;
      let sent = false;
      const add = async () => {
        // Never re-add over an existing root: BullMQ would skip the root but run again those
        // stage jobs that were already evicted. The root is kept after it finishes, for this.
        const root = await Job.fromId(queues.light, jobId);
        if (root && !(await isStale(root))) {
          duplicate = !sent; // found after our own add was cut off: it is ours
          return;
        }
        if (root) await removeFlow(ref.sha256);
        sent = true;
        await flows.add(buildIngestFlow(ref, flowOptions));
      };
      await serialized(jobId, async () => {
        // A transaction the connection loses midway (Redis restarting) is not resent by ioredis:
        // look again and add again, once the connection is back (found by `npm run load`).
        for (let attempt = 1; ; attempt++) {
          try {
            return await add();
          } catch (error) {
            if (attempt >= 3 || !CONNECTION_ABORT.test((error as Error).message)) throw error;
          }
        }
      });
      return { jobId, duplicate };
    },
    /**
     * Woken by the queue's event when the upload finishes; the job is also looked at again after
     * pauses growing to `pollMs`, in case an event was missed (a reconnect). Polling alone noticed
     * a job done at 65 ms only at the look at 140 ms.
     */
    async wait(jobId, { timeoutMs } = {}) {
      const deadline = Date.now() + (timeoutMs ?? Number.POSITIVE_INFINITY);
      // without the events (Redis refused the connection) looking again still finds the end
      if (isRootJobId(jobId))
        await followEvents().catch(() => {
          events = null;
        });
      for (let pause = options.firstPollMs ?? 20; ; pause = Math.min(pause * 2, options.pollMs ?? 250)) {
        // listening before looking: an event between the look and the pause is not lost
        const done = finished(jobId);
        const pausing = new AbortController();
        try {
          const state = isRootJobId(jobId) ? await queues.light.getJobState(jobId) : 'unknown';
          if (state === 'unknown') {
            const stored = await viewFromStore(jobId);
            if (stored) return stored;
            throw new Error(`no job ${jobId}`);
          }
          const view = state === 'completed' || state === 'failed' ? await getJob(jobId) : null;
          if (view) return view;
          if (Date.now() + pause > deadline)
            throw new Error(`job ${jobId} still ${state} after ${timeoutMs} ms`);
          await Promise.race([done.promise, sleep(pause, undefined, { signal: pausing.signal })]);
        } finally {
          done.cancel();
          pausing.abort();
        }
      }
    },
    getJob,
    listJobs,
    async counts() {
      const counts: Partial<Record<JobState, number>> = {};
      for (const view of await listJobs()) counts[view.state] = (counts[view.state] ?? 0) + 1;
      return counts;
    },
    retry,
    async retryAllFailed() {
      const failed = await listJobs('failed');
      for (const view of failed) await retry(view.jobId);
      return failed.map((view) => view.jobId);
    },
    async stageCounts() {
      return {
        [names.heavy]: await queues.heavy.getJobCounts(),
        [names.light]: await queues.light.getJobCounts(),
      };
    },
    async close() {
      const following = await events?.catch(() => null);
      await following?.queueEvents.close();
      following?.client.disconnect();
      await Promise.all([flows.close(), queues.heavy.close(), queues.light.close()]);
      await closeConnection(connection);
    },
  };
}

/** ioredis's rejection of a command (in a MULTI) that was sent when the connection closed. */
const CONNECTION_ABORT = /^Command aborted due to connection close$|^Connection is closed\.?$/;

const UNFINISHED = ['active', 'waiting', 'waiting-children', 'delayed', 'prioritized'] as const;
const FINISHED = ['completed', 'failed'] as const;
