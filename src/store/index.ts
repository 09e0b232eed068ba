import { join } from 'node:path';
import { createFileStore } from './file-store.ts';
import type { NoticeStore } from './types.ts';

export type { NoticeStore, SaveNoticeInput } from './types.ts';

/** The settings (from src/config.ts) that choose and place the store. */
export interface StoreConfig {
  /** Data directory; the file store lives in its `store/` subdirectory. */
  POLICY_KB_DATA: string;
  /** PostgreSQL connection string; selects the postgres adapter when set. */
  DATABASE_URL?: string | undefined;
}

/**
 * Opens the store of record the configuration selects: PostgreSQL when `DATABASE_URL` is set
 * (loaded lazily, so the embedded default never loads `pg`), else the file store under
 * `<POLICY_KB_DATA>/store`.
 */
export async function openStore(config: StoreConfig): Promise<NoticeStore> {
  if (config.DATABASE_URL) {
    const { createPostgresStore } = await import('./postgres.ts');
    return createPostgresStore(config.DATABASE_URL);
  }
  return createFileStore(join(config.POLICY_KB_DATA, 'store'));
}
