import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { matrixRefreshSettled } from '../compare/refresh.ts';
import type { Config } from '../config.ts';
import { removeStaleTemps } from '../fs/atomic.ts';
import { threadEntry } from '../fs/package-files.ts';
import { openSearchIndex } from '../search/index.ts';
import type { SearchIndex } from '../search/types.ts';
import { openStore } from '../store/index.ts';
import type { NoticeStore } from '../store/types.ts';
import {
  closeConnection,
  DEFAULT_QUEUE_PREFIX,
  openConnection,
  type QueueConnectionOptions,
} from './connection.ts';
import { queueNames } from './flow.ts';
import { sweepAfterRestarts } from './restart-sweep.ts';
import { processStage } from './stage-processor.ts';

export interface StartWorkersOptions extends QueueConnectionOptions {
  /** Jobs each queue's worker runs at once (heavy ones each in their own worker thread). @defaultValue 2 */
  concurrency?: number;
  /** The configuration: selects the store, and is the environment of the sandboxed threads. */
  storeConfig: Config;
  /** How long a job's lock lasts; renewed at half of it while the job runs. @defaultValue 30_000 */
  lockDuration?: number;
  /** How often jobs whose lock expired (their worker died) are moved back to waiting. @defaultValue 15_000 */
  stalledInterval?: number;
  /** Times a job may stall (kill its worker) before it fails instead of running again. @defaultValue 2 */
  maxStalledCount?: number;
  /** Where worker errors (lost connections, …) are reported, one line each. @defaultValue a line on stderr */
  log?: (line: string) => void;
  /**
   * After Redis (re)starts, queue again the stored uploads whose jobs it lost (see
   * restart-sweep.ts), this long after it is back; `policy-kb worker` turns it on.
   * @defaultValue undefined (off)
   */
  recoverAfterRestartMs?: number;
  /**
   * The store and index this process opened already (`policy-kb start` runs the server and the
   * workers in one process): used, and left open on close, instead of opening a second pair.
   * @defaultValue opened from storeConfig, closed with the workers
   */
  adapters?: { store: NoticeStore; index: SearchIndex };
}

export interface RunningWorkers {
  /** Stops taking jobs, lets the running ones finish, then closes the store and connections. */
  close(): Promise<void>;
}

/** Where BullMQ loads the heavy queue's sandboxed processor from (compiled, or a shim registering tsx). */
const HEAVY_PROCESSOR = threadEntry(import.meta.url, 'heavy-processor');

/**
 * Starts one worker per queue: the heavy queue's stages (parsing untrusted files) in sandboxed
 * worker threads, so CPU-bound parsing never stalls lock renewal; the light ones in this process.
 * ioredis reconnects by itself after Redis restarts or drops the connection, and the workers
 * resume; a job whose worker died is picked up again once its lock has expired.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  const { storeConfig: config } = options;
  const log = options.log ?? logToStderr;
  const connection = openConnection(options);
  // Files a worker killed between writing and renaming left in the file store or index.
  if (!options.adapters && !config.DATABASE_URL) await removeStaleTemps(config.POLICY_KB_DATA);
  const store = options.adapters?.store ?? (await openStore(config));
  const index = options.adapters?.index ?? (await openSearchIndex(config, { replayOnRead: true }));
  const names = queueNames(options.prefix);
  const common = {
    connection: connection.client,
    name: `${hostname()}:${process.pid}`,
    concurrency: options.concurrency ?? 2,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 15_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  };
  const heavy = new Worker(names.heavy, HEAVY_PROCESSOR, {
    ...common,
    useWorkerThreads: true,
    workerThreadsOptions: {
      env: configEnv(config),
      // A hostile file exhausting it fails its job, not the worker (as the embedded parse thread).
      resourceLimits: { maxOldGenerationSizeMb: config.POLICY_KB_PARSE_HEAP_MB },
    },
  });
  const light = new Worker(
    names.light,
    (job) => processStage(job, { store, index }, { delayMs: config.POLICY_KB_STAGE_DELAY_MS }),
    common,
  );
  for (const [queue, worker] of [
    [names.heavy, heavy],
    [names.light, light],
  ] as const) {
    worker.on('error', (error) => log(`policy-kb worker ${queue}: ${error.message}`));
  }
  await Promise.all([heavy.waitUntilReady(), light.waitUntilReady()]);
  const sweep =
    options.recoverAfterRestartMs === undefined
      ? null
      : sweepAfterRestarts({
          connection: connection.client,
          prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
          store,
          delayMs: options.recoverAfterRestartMs,
          log,
        });
  return {
    async close() {
      await sweep?.close();
      await Promise.all([heavy.close(), light.close()]);
      // the matrix a last job asked for, before its store closes (readers would recompute it anyway)
      await matrixRefreshSettled(store);
      if (!options.adapters) {
        await index.close();
        await store.close();
      }
      await closeConnection(connection);
    },
  };
}

/** What `runWorkersUntilSignal` listens on: `process`, or a stand-in in tests. */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * Runs the workers until SIGTERM or SIGINT, then shuts down gracefully: the running jobs finish
 * (or, if the process is killed meanwhile, are picked up again by another worker) before the
 * connections close. A second signal during shutdown gets Node's default (immediate exit).
 */
export async function runWorkersUntilSignal(
  options: StartWorkersOptions,
  signals: SignalSource = process,
): Promise<NodeJS.Signals> {
  const log = options.log ?? logToStderr;
  const workers = await startWorkers(options);
  log(`policy-kb worker：已就绪（pid ${process.pid}）；SIGTERM 或 SIGINT 停止`);
  const received = await new Promise<NodeJS.Signals>((resolve) => {
    const listeners = SHUTDOWN_SIGNALS.map((signal) => [signal, () => stop(signal)] as const);
    const stop = (signal: NodeJS.Signals) => {
      for (const [other, listener] of listeners) signals.off(other, listener);
      resolve(signal);
    };
    for (const [signal, listener] of listeners) signals.once(signal, listener);
  });
  log(`policy-kb worker：收到 ${received}，处理完正在运行的任务后退出`);
  await workers.close();
  return received;
}

const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

function logToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The configuration as environment variables, for `loadConfig()` in the sandboxed threads. */
function configEnv(config: Config): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  );
}
