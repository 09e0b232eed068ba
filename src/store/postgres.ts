import { createHash } from 'node:crypto';
import pg from 'pg';
import { Notice } from '../../schemas/notice.ts';
import type { StoredNotice } from '../../schemas/store.ts';
import { currentVersion, noticeIdFor } from './catalogue-key.ts';
import {
  contentKey,
  placeUpload,
  renditionDifferences,
  renditionName,
  type VersionFacts,
} from './identity.ts';
import {
  assertSha256,
  derivedJson,
  derivedKey,
  isSha256,
  missingOriginal,
  missingVersion,
  storedFileName,
} from './names.ts';
import {
  migrate,
  NOTICE_COLUMNS,
  type NoticeRow,
  noticeSelect,
  type OriginalRow,
  quoteSchema,
  toOriginalRef,
  toRecord,
} from './postgres-schema.ts';
import type { NoticeStore, SaveNoticeInput } from './types.ts';

export interface PostgresStoreOptions {
  /** Schema holding the tables; created (with them) when missing. @defaultValue 'policy_kb' */
  schema?: string;
  /** Connections per process. @defaultValue 10 */
  max?: number;
  /** Fail instead of waiting longer than this for a connection. @defaultValue 10_000 */
  connectionTimeoutMillis?: number;
}

/**
 * The production store of record: PostgreSQL, shared by workers on several machines. Opening
 * runs the migration. `saveNotice` is one transaction holding a per-catalogue advisory lock, so
 * version numbers and current flags stay consistent across machines; the unique sha-256 makes
 * saving the same bytes twice idempotent even across catalogues.
 */
export async function createPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<NoticeStore> {
  const { schema = 'policy_kb', max = 10, connectionTimeoutMillis = 10_000 } = options;
  const s = quoteSchema(schema);
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis });
  pool.on('error', () => {}); // an idle client's connection dropped: the pool replaces it
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw new Error(`cannot open the PostgreSQL store (schema ${schema}): ${(error as Error).message}`, {
      cause: error,
    });
  }

  const notices = async (where: string, params: unknown[], db: pg.Pool | pg.PoolClient = pool) => {
    const sql = `SELECT ${noticeSelect(s)} FROM ${s}.notices n WHERE ${where} ORDER BY n.id COLLATE "C", n.version`;
    return (await db.query<NoticeRow>(sql, params)).rows.map(toRecord);
  };
  const getOriginalRef = async (sha256: string) => {
    if (!isSha256(sha256)) return null;
    const sql = `SELECT sha256, file_name, bytes, stored_at FROM ${s}.originals WHERE sha256 = $1`;
    const row = (await pool.query<OriginalRow>(sql, [sha256])).rows[0];
    return row ? toOriginalRef(row) : null;
  };

  async function saveInTransaction(
    db: pg.PoolClient,
    input: SaveNoticeInput,
    sourceFile: string,
    notice: Notice,
  ) {
    const { sha256, catalogueKey } = input;
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}|${catalogueKey}`]);
    const [saved] = await notices(BY_SHA, [sha256], db);
    if (saved) return { record: saved, created: false, rendition: false };
    const known = await db.query<{ id: string }>(
      `(SELECT id FROM ${s}.notices WHERE catalogue_key = $1 LIMIT 1)
       UNION ALL (SELECT id FROM ${s}.identities WHERE key = $1) LIMIT 1`,
      [catalogueKey],
    );
    const id = known.rows[0]?.id ?? noticeIdFor(catalogueKey, notice);
    const content = contentKey(notice);
    const format = notice.source?.format ?? 'unknown';
    const issuedOn = notice.meta.issuedOn ?? null;
    // Only the versions an upload can be placed into (placeUpload): the same content, or the same
    // issue date (another format of the same notice); rows without a content key get theirs below.
    const facts = await db.query<{
      version: number;
      content_key: string | null;
      issued_on: string | null;
      formats: string[];
    }>(
      `SELECT n.version, n.content_key, n.issued_on,
         array_remove(array_prepend(n.format, coalesce((SELECT array_agg(r.format) FROM ${s}.renditions r
           WHERE r.id = n.id AND r.version = n.version), '{}')), NULL) AS formats
       FROM ${s}.notices n WHERE n.id = $1 AND n.reviewed IS NULL
         AND (n.content_key = $2 OR n.content_key IS NULL OR n.issued_on IS NOT DISTINCT FROM $3)`,
      [id, content, issuedOn],
    );
    // rows saved before content keys were recorded get theirs now (once: it is stored)
    for (const row of facts.rows.filter((r) => r.content_key === null)) {
      const [older] = await notices('n.id = $1 AND n.version = $2', [id, row.version], db);
      if (!older) continue;
      row.content_key = contentKey(older.notice);
      const olderFormat = older.notice.source?.format ?? 'unknown';
      if (!row.formats.includes(olderFormat)) row.formats.unshift(olderFormat);
      await db.query(
        `UPDATE ${s}.notices SET content_key = $3, format = coalesce(format, $4) WHERE id = $1 AND version = $2`,
        [id, row.version, row.content_key, olderFormat],
      );
    }
    const placement = input.reviewed
      ? ({ kind: 'new-version' } as const)
      : placeUpload(
          facts.rows.map(
            (row): VersionFacts => ({
              version: row.version,
              contentKey: row.content_key,
              issuedOn: row.issued_on,
              formats: row.formats,
            }),
          ),
          { contentKey: content, issuedOn, format },
        );
    if (placement.kind === 'rendition') {
      const [target] = await notices('n.id = $1 AND n.version = $2', [id, placement.version], db);
      if (target) {
        const differences = placement.sameContent
          ? []
          : renditionDifferences(target.notice, notice, renditionName(format));
        const added = await db.query(
          `INSERT INTO ${s}.renditions (sha256, id, version, source_file, format, stored_at, differences)
           VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6::json) ON CONFLICT (sha256) DO NOTHING`,
          [sha256, id, target.version, sourceFile, format, JSON.stringify(differences)],
        );
        const [record] = await notices(BY_SHA, [sha256], db);
        if (!record) throw new Error(`notice for original ${sha256} vanished during save`);
        return { record, created: false, rendition: (added.rowCount ?? 0) > 0 };
      }
    }
    const next = await db.query<{ version: number }>(
      `SELECT coalesce(max(version), 0) + 1 AS version FROM ${s}.notices WHERE id = $1`,
      [id],
    );
    const version = next.rows[0]?.version ?? 1;
    // A concurrent save of the same bytes under another catalogue key wins the sha-256: use its record.
    const inserted = await db.query(
      `INSERT INTO ${s}.notices (${NOTICE_COLUMNS}, content_key, format, reviewed, issued_on)
       VALUES ($1, $2, $3, $4, false, 'stored', $5, clock_timestamp(), clock_timestamp(), $6::json, $7, $8, $9::json, $10)
       ON CONFLICT (sha256) DO NOTHING`,
      [
        id,
        version,
        catalogueKey,
        sha256,
        sourceFile,
        JSON.stringify(notice),
        content,
        input.reviewed ? 'review' : format,
        input.reviewed ? JSON.stringify(input.reviewed) : null,
        issuedOn,
      ],
    );
    if (inserted.rowCount === 0)
      return { record: await existing(db, sha256), created: false, rendition: false };

    await electCurrent(db, id);
    return { record: await existing(db, sha256), created: true, rendition: false };
  }

  /** Sets the current flag on the version the project's rule picks (issue date, then save time). */
  async function electCurrent(db: pg.PoolClient, id: string): Promise<void> {
    // Only what ranks the versions: reading every version's document made each save slower than the last.
    const ranked = await db.query<{ version: number; created_at: Date; issued_on: string | null }>(
      `SELECT version, created_at, issued_on FROM ${s}.notices WHERE id = $1`,
      [id],
    );
    const current = currentVersion(
      ranked.rows.map((row) => ({
        version: row.version,
        createdAt: row.created_at.toISOString(),
        notice: { meta: { issuedOn: row.issued_on } },
      })),
    );
    await db.query(
      `UPDATE ${s}.notices SET current = false, updated_at = clock_timestamp() WHERE id = $1 AND current AND version <> $2`,
      [id, current],
    );
    await db.query(
      `UPDATE ${s}.notices SET current = true, updated_at = clock_timestamp() WHERE id = $1 AND version = $2 AND NOT current`,
      [id, current],
    );
  }

  /**
   * The version a file made, or the version it is a rendition of. One subquery of both, not
   * `n.sha256 = $1 OR …`: PostgreSQL answers an OR across two tables by scanning every notice
   * (120 ms at 36,000 versions, twice in every save).
   */
  const BY_SHA = `(n.id, n.version) IN (SELECT o.id, o.version FROM ${s}.notices o WHERE o.sha256 = $1
    UNION ALL SELECT r.id, r.version FROM ${s}.renditions r WHERE r.sha256 = $1)`;

  async function existing(db: pg.PoolClient, sha256: string): Promise<StoredNotice> {
    const [record] = await notices(BY_SHA, [sha256], db);
    if (!record) throw new Error(`notice for original ${sha256} vanished during save`);
    return record;
  }

  return {
    async putOriginal(bytes, fileName) {
      const name = storedFileName(fileName);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await pool.query(
        `INSERT INTO ${s}.originals (sha256, file_name, bytes, content, stored_at)
         VALUES ($1, $2, $3, $4, now()) ON CONFLICT (sha256) DO NOTHING`,
        [sha256, name, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
      );
      const ref = await getOriginalRef(sha256);
      if (!ref) throw new Error(`original ${sha256} vanished after insert`);
      return ref;
    },
    async getOriginal(sha256) {
      if (!isSha256(sha256)) return null;
      const sql = `SELECT content FROM ${s}.originals WHERE sha256 = $1`;
      const row = (await pool.query<{ content: Buffer }>(sql, [sha256])).rows[0];
      return row ? new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength) : null;
    },
    getOriginalRef,
    async listOriginals() {
      const sql = `SELECT sha256, file_name, bytes, stored_at FROM ${s}.originals ORDER BY stored_at, sha256 COLLATE "C"`;
      return (await pool.query<OriginalRow>(sql)).rows.map(toOriginalRef);
    },

    async saveNotice(input) {
      assertSha256(input.sha256);
      const sourceFile = storedFileName(input.sourceFile);
      const notice = Notice.parse(input.notice);
      if (!(await getOriginalRef(input.sha256))) throw missingOriginal(input.sha256);
      const db = await pool.connect();
      try {
        await db.query('BEGIN');
        const result = await saveInTransaction(db, input, sourceFile, notice);
        await db.query('COMMIT');
        return result;
      } catch (error) {
        await db.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        db.release();
      }
    },
    async getNotice(id, version) {
      if (version === undefined) return (await notices('n.id = $1 AND n.current', [id]))[0] ?? null;
      if (!Number.isInteger(version)) return null;
      return (await notices('n.id = $1 AND n.version = $2', [id, version]))[0] ?? null;
    },
    async findBySha(sha256) {
      return isSha256(sha256) ? ((await notices(BY_SHA, [sha256]))[0] ?? null) : null;
    },
    listVersions: (id) => notices('n.id = $1', [id]),
    listNotices: (options = {}) => notices(options.currentOnly ? 'n.current' : 'true', []),
    async foldVersion(id, version, into, differences) {
      if (version === into) return;
      const db = await pool.connect();
      try {
        await db.query('BEGIN');
        await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}|fold|${id}`]);
        const moved = await db.query(
          `INSERT INTO ${s}.renditions (sha256, id, version, source_file, format, stored_at, differences)
           SELECT n.sha256, n.id, $3, n.source_file, coalesce(n.format, n.doc->'source'->>'format', 'unknown'),
             n.created_at, $4::json
           FROM ${s}.notices n WHERE n.id = $1 AND n.version = $2
             AND EXISTS (SELECT 1 FROM ${s}.notices t WHERE t.id = $1 AND t.version = $3)`,
          [id, version, into, JSON.stringify(differences)],
        );
        if ((moved.rowCount ?? 0) > 0) {
          // the folded version's own renditions follow it
          await db.query(`UPDATE ${s}.renditions SET version = $3 WHERE id = $1 AND version = $2`, [
            id,
            version,
            into,
          ]);
          await db.query(`DELETE FROM ${s}.notices WHERE id = $1 AND version = $2`, [id, version]);
          await electCurrent(db, id);
        }
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        db.release();
      }
    },
    async addIdentity(key, id) {
      const added = await pool.query(
        `INSERT INTO ${s}.identities (key, id)
         SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM ${s}.notices WHERE id = $2)
           AND NOT EXISTS (SELECT 1 FROM ${s}.notices WHERE catalogue_key = $1)
         ON CONFLICT (key) DO NOTHING`,
        [key, id],
      );
      return (added.rowCount ?? 0) > 0;
    },
    async appendEntry(journal, entry) {
      await pool.query(`INSERT INTO ${s}.journal_entries (journal, entry) VALUES ($1, $2::json)`, [
        journal,
        JSON.stringify(entry),
      ]);
    },
    async listEntries(journal) {
      const sql = `SELECT entry FROM ${s}.journal_entries WHERE journal = $1 ORDER BY seq`;
      return (await pool.query<{ entry: unknown }>(sql, [journal])).rows.map((row) => row.entry);
    },
    async setStatus(id, version, status) {
      const sql = `UPDATE ${s}.notices SET status = $3, updated_at = clock_timestamp() WHERE id = $1 AND version = $2`;
      const result = await pool.query(sql, [id, version, status]);
      if (result.rowCount === 0) throw missingVersion(id, version);
    },
    async putDerived(key, value) {
      const sql = `INSERT INTO ${s}.derived (key, value, updated_at) VALUES ($1, $2::json, clock_timestamp())
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
      await pool.query(sql, [derivedKey(key), derivedJson(key, value)]);
    },
    async getDerived(key) {
      const sql = `SELECT value FROM ${s}.derived WHERE key = $1`;
      return (await pool.query<{ value: unknown }>(sql, [derivedKey(key)])).rows[0]?.value ?? null;
    },
    close: () => pool.end(),
  };
}
