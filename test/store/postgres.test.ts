import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore } from '../../src/store/postgres.ts';
import { testNoticeStore } from './contract.ts';

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
    // rows without content key or format: what the adapter wrote before renditions existed
    async saveAsBefore(records) {
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

async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
