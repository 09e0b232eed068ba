/**
 * Recovery after a Redis restart, run by the workers. With `appendfsync everysec` a crash of the
 * Redis host loses the writes of its last second, acknowledged or not; a failover to a replica
 * that lagged does the same. Uploads answered 202 in that second are stored (the original goes
 * to the store of record first) but their jobs are gone. The workers see a restart as a new
 * `run_id` when their connection comes back (or when they start); the first to claim that run id
 * waits for submits caught in the outage to land, then sweeps the store with `recoverUploads`.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { recoverUploads } from '../pipeline/recover.ts';
import type { NoticeStore } from '../store/types.ts';
import { createBullmqRunner } from './bullmq-runner.ts';

export interface RestartSweepOptions {
  connection: Redis;
  prefix: string;
  store: NoticeStore;
  /** Pause between seeing the restart and sweeping. @defaultValue 10_000 */
  delayMs?: number;
  log: (line: string) => void;
  /** Reads the server's run id. @defaultValue `INFO server`'s run_id (tests pass their own) */
  runId?: () => Promise<string | undefined>;
}

/** How long a claimed run id is remembered (one sweep per Redis start). */
const CLAIM_SECONDS = 30 * 24 * 3600;

export function sweepAfterRestarts(options: RestartSweepOptions): { close(): Promise<void> } {
  const { connection, prefix, store, log, delayMs = 10_000 } = options;
  const readRunId =
    options.runId ?? (async () => /^run_id:(\w+)/m.exec(await connection.info('server'))?.[1]);
  const stopped = new AbortController();
  let seen: string | undefined;
  let running: Promise<void> = Promise.resolve();

  const check = async () => {
    const runId = await readRunId();
    if (!runId || runId === seen) return;
    seen = runId;
    const claim = `${prefix}:recovered:${runId}`;
    const claimed = await connection.set(claim, `${hostname()}:${process.pid}`, 'EX', CLAIM_SECONDS, 'NX');
    if (claimed !== 'OK') return;
    await sleep(delayMs, undefined, { signal: stopped.signal });
    const runner = await createBullmqRunner({ connection, prefix, store });
    try {
      const { originals, counts } = await recoverUploads({ store, runner });
      log(
        `policy-kb worker: Redis run ${runId}: swept ${originals} stored uploads, queued ${counts.resubmitted} whose job was lost, retried ${counts.retried} that failed after storing`,
      );
    } finally {
      await runner.close();
    }
  };
  const schedule = () => {
    running = running.then(check).catch((error: Error) => {
      if (!stopped.signal.aborted) log(`policy-kb worker: recovery sweep: ${error.message}`);
    });
  };
  connection.on('ready', schedule);
  if (connection.status === 'ready') schedule();
  return {
    async close() {
      stopped.abort();
      connection.off('ready', schedule);
      await running;
    },
  };
}
