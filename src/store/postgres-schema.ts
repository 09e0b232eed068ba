import type { Pool, PoolClient } from 'pg';
import { OriginalRef, Rendition, type StoredNotice, StoredNoticeRead } from '../../schemas/store.ts';
import { primaryRendition } from './identity.ts';

/** Identifiers the adapter accepts as its schema name (unquoted-style, so no quoting surprises). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name double-quoted for SQL, after checking it is a plain identifier. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`not a valid PostgreSQL schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/**
 * Creates the schema and its tables when missing. Idempotent, and safe when several workers
 * open the store at once: the DDL runs in one transaction under an advisory lock per schema
 * (concurrent `CREATE … IF NOT EXISTS` can otherwise fail on the catalog's unique indexes).
 */
export async function migrate(pool: Pool, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`policy-kb migrate ${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.originals (
        sha256 text PRIMARY KEY,
        file_name text NOT NULL,
        bytes int NOT NULL,
        content bytea NOT NULL,
        stored_at timestamptz NOT NULL
      )`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.notices (
        id text NOT NULL,
        version int NOT NULL,
        catalogue_key text NOT NULL,
        sha256 text NOT NULL UNIQUE REFERENCES ${s}.originals (sha256),
        current boolean NOT NULL,
        status text NOT NULL,
        source_file text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        -- json, not jsonb: keeps the key order of verbatim cells and fields as extracted
        doc json NOT NULL,
        PRIMARY KEY (id, version)
      )`);
    // Derived data (comparisons, the coverage matrix), replaced whole by key.
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.derived (
        key text PRIMARY KEY,
        value json NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // What places an upload among a notice's versions (src/store/identity.ts); null in rows saved before.
    await client.query(`ALTER TABLE ${s}.notices ADD COLUMN IF NOT EXISTS content_key text`);
    await client.query(`ALTER TABLE ${s}.notices ADD COLUMN IF NOT EXISTS format text`);
    // who reviewed a version a person corrected (null: extracted)
    await client.query(`ALTER TABLE ${s}.notices ADD COLUMN IF NOT EXISTS reviewed json`);
    await addIssuedOn(client, schema);
    // durable journals of decisions: the audit log, reviewed column mappings
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.journal_entries (
        seq bigserial PRIMARY KEY,
        journal text NOT NULL,
        entry json NOT NULL
      )`);
    await client.query(
      `CREATE INDEX IF NOT EXISTS journal_entries_journal ON ${s}.journal_entries (journal, seq)`,
    );
    // Further files giving an existing version (the version's own file is its first rendition).
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${s}.renditions (
        sha256 text PRIMARY KEY REFERENCES ${s}.originals (sha256),
        id text NOT NULL,
        version int NOT NULL,
        source_file text NOT NULL,
        format text NOT NULL,
        stored_at timestamptz NOT NULL,
        differences json NOT NULL,
        FOREIGN KEY (id, version) REFERENCES ${s}.notices (id, version)
      )`);
    await client.query(`CREATE INDEX IF NOT EXISTS renditions_version ON ${s}.renditions (id, version)`);
    // Further identity keys of a notice (migration: its key by 文号 when it was saved under its catalogue kind).
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.identities (key text PRIMARY KEY, id text NOT NULL)`);
    await client.query(`CREATE INDEX IF NOT EXISTS notices_catalogue_key ON ${s}.notices (catalogue_key)`);
    // At most one current version per notice, enforced; doubles as the partial index on current.
    await client.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS notices_current ON ${s}.notices (id) WHERE current`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The issue date (`meta.issuedOn`) as a column of its own, which ranks a notice's versions and
 * places an upload among them. Read from `doc` instead, every save parsed every version's whole
 * document twice (`doc` is json): 28 ms a notice at 5,000 notices, 45 ms at 10,000. Rows saved
 * before the column existed get it once, when it is added.
 */
async function addIssuedOn(client: PoolClient, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  const exists = await client.query(
    `SELECT 1 FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = 'notices' AND column_name = 'issued_on'`,
    [schema],
  );
  if (exists.rowCount) return;
  await client.query(`ALTER TABLE ${s}.notices ADD COLUMN issued_on text`);
  await client.query(`UPDATE ${s}.notices SET issued_on = doc->'meta'->>'issuedOn'`);
  // what a save looks up among a notice's versions: the same content, the same issue date
  await client.query(`CREATE INDEX IF NOT EXISTS notices_content ON ${s}.notices (id, content_key)`);
  await client.query(`CREATE INDEX IF NOT EXISTS notices_issued ON ${s}.notices (id, issued_on)`);
}

/** The columns of `notices` every read selects (everything). */
export const NOTICE_COLUMNS =
  'id, version, catalogue_key, sha256, current, status, source_file, created_at, updated_at, doc';

/**
 * What a read selects from `notices n`: every column, and the version's further renditions as
 * one JSON array (`renditions`).
 */
export function noticeSelect(s: string): string {
  return `n.id, n.version, n.catalogue_key, n.sha256, n.current, n.status, n.source_file, n.created_at,
    n.updated_at, n.doc, n.reviewed, (SELECT coalesce(json_agg(json_build_object('sha256', r.sha256,
    'sourceFile', r.source_file, 'format', r.format, 'storedAt', r.stored_at,
    'differences', r.differences) ORDER BY r.stored_at, r.sha256), '[]'::json)
    FROM ${s}.renditions r WHERE r.id = n.id AND r.version = n.version) AS renditions`;
}

export interface NoticeRow {
  id: string;
  version: number;
  catalogue_key: string;
  sha256: string;
  current: boolean;
  status: string;
  source_file: string;
  created_at: Date;
  updated_at: Date;
  doc: unknown;
  reviewed?: unknown;
  /** Further renditions (absent when a query did not select them). */
  renditions?: {
    sha256: string;
    sourceFile: string;
    format: string;
    storedAt: string;
    differences: unknown;
  }[];
}

/** A `notices` row as the validated record. */
export function toRecord(row: NoticeRow): StoredNotice {
  const record = StoredNoticeRead.parse({
    id: row.id,
    version: row.version,
    current: row.current,
    catalogueKey: row.catalogue_key,
    sourceFile: row.source_file,
    sha256: row.sha256,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    notice: row.doc,
    reviewed: row.reviewed ?? null,
  });
  const further = (row.renditions ?? []).map((r) =>
    Rendition.parse({ ...r, storedAt: new Date(r.storedAt).toISOString() }),
  );
  return { ...record, renditions: [primaryRendition(record), ...further] };
}

export interface OriginalRow {
  sha256: string;
  file_name: string;
  bytes: number;
  stored_at: Date;
}

/** An `originals` row (without its content) as the validated reference. */
export function toOriginalRef(row: OriginalRow): OriginalRef {
  return OriginalRef.parse({
    sha256: row.sha256,
    fileName: row.file_name,
    bytes: row.bytes,
    storedAt: row.stored_at.toISOString(),
  });
}
