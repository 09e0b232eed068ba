import { join } from 'node:path';
import { matrixRefreshSettled } from '../compare/refresh.ts';
import { type Config, loadConfig } from '../config.ts';
import { removeStaleTemps } from '../fs/atomic.ts';
import type { App, OpenOptions } from '../pipeline/app.ts';
import { createInlineRunner } from '../pipeline/inline-runner.ts';
import { openSearchIndex } from '../search/index.ts';
import { openStore } from '../store/index.ts';

/**
 * Opens the adapters the environment selects: files (or PostgreSQL with DATABASE_URL) for the
 * store; BullMQ when REDIS_URL is set, else stages run in this process; Meilisearch when
 * MEILI_HOST is set, else the embedded index under `<POLICY_KB_DATA>/index`.
 */
export async function openApp(config: Config = loadConfig(), options: OpenOptions = {}): Promise<App> {
  // Files a process killed between writing and renaming left: never part of the data, so they are
  // looked for in the background (the walk visits every file: seconds at 100k notices).
  const sweeping = options.resumeJobs
    ? removeStaleTemps(config.POLICY_KB_DATA).catch(() => {})
    : Promise.resolve();
  const store = await openStore(config);
  const index = await openSearchIndex(config);
  const runner = config.REDIS_URL
    ? await (await import('../queue/bullmq-runner.ts')).createBullmqRunner({
        redisUrl: config.REDIS_URL,
        store,
      })
    : await createInlineRunner({
        store,
        index,
        jobsDir: join(config.POLICY_KB_DATA, 'jobs'),
        resume: options.resumeJobs ?? false,
        parseThreads: {
          timeoutMs: config.POLICY_KB_PARSE_TIMEOUT_S * 1000,
          heapMb: config.POLICY_KB_PARSE_HEAP_MB,
        },
      });
  return {
    config,
    store,
    runner,
    index,
    async close() {
      await sweeping;
      await runner.close();
      // the matrix the last jobs asked for, before the store closes (readers would recompute it anyway)
      await matrixRefreshSettled(store);
      await index.close();
      await store.close();
    },
  };
}
export type { App, OpenOptions };
