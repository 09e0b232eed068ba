import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres.ts';
import { testNoticeStore } from './contract.ts';
import { loadUploads, save } from './fixtures.ts';

/** PostgreSQL runs on every dev machine and in CI (trust auth): no server is a failure, not a skip. */
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

testNoticeStore('postgres', async () => {
  const schema = `policy_kb_test_${randomBytes(6).toString('hex')}`;
  const store = await createPostgresStore(url, { schema });
  return {
    store,
    reopen: () => createPostgresStore(url, { schema }),
    copies: async (sha256) => {
      const sql = `SELECT count(*)::int AS n FROM "${schema}".originals WHERE sha256 = $1`;
      return (await query<{ n: number }>(sql, [sha256]))[0]?.n ?? 0;
    },
    cleanup: async () => {
      await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
    // rows without content key, format or issue date column: what the adapter wrote before
    // renditions existed (reopening migrates them: the column is added and filled from the documents)
    async saveAsBefore(records) {
      await query(`ALTER TABLE "${schema}".notices DROP COLUMN IF EXISTS issued_on`);
      for (const r of records)
        await query(
          `INSERT INTO "${schema}".notices (id, version, catalogue_key, sha256, current, status, source_file, created_at, updated_at, doc)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::json)`,
          [
            r.id,
            r.version,
            r.catalogueKey,
            r.sha256,
            r.current,
            r.status,
            r.sourceFile,
            r.createdAt,
            r.updatedAt,
            JSON.stringify(r.notice),
          ],
        );
    },
  };
});

describe('PostgreSQL store: the issue date column', () => {
  const schema = `policy_kb_test_${randomBytes(6).toString('hex')}`;
  afterAll(() => query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

  it('is filled from the documents of rows saved before it existed, so versions still rank by issue date', async () => {
    const up = await loadUploads();
    const store = await createPostgresStore(url, { schema });
    await save(store, up.corrected); // 2024-06-01
    await save(store, up.first); // 2024-03-01: older than the current one
    await store.close();
    // the table as an earlier release left it: no issue date column
    await query(`ALTER TABLE "${schema}".notices DROP COLUMN issued_on`);
    const again = await createPostgresStore(url, { schema });
    try {
      const rows = await query<{ version: number; issued_on: string | null }>(
        `SELECT version, issued_on FROM "${schema}".notices ORDER BY version`,
      );
      expect(rows).toEqual([
        { version: 1, issued_on: '2024-06-01' },
        { version: 2, issued_on: '2024-03-01' },
      ]);
      // a later upload with an older issue date does not become current
      const { record } = await save(again, up.older);
      expect(record).toMatchObject({ version: 3, current: false });
      expect((await again.getNotice(record.id))?.version).toBe(1);
    } finally {
      await again.close();
    }
  });
});

async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
