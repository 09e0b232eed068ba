import type { Config } from '../config.ts';
import type { SearchIndex } from '../search/types.ts';
import type { NoticeStore } from '../store/types.ts';
import type { IngestRunner } from './runner.ts';

/**
 * The wired application: the store of record, the ingest runner and the search index chosen by
 * configuration. Opened once per process by the composition root (`src/app/open.ts`) and handed
 * down to the CLI commands, the HTTP server and the workers.
 */
export interface App {
  config: Config;
  store: NoticeStore;
  runner: IngestRunner;
  index: SearchIndex;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * This process runs ingestion (serve, start, ingest, recover, retry): temp files dead
   * processes left under POLICY_KB_DATA are removed, and the embedded runner takes over the
   * unfinished jobs of processes that are gone. Commands that only read leave both to the next
   * such process. @defaultValue false
   */
  resumeJobs?: boolean;
}
