/**
 * A PostgreSQL database of a benchmark run's own, created beside the server's others and dropped
 * afterwards (FORCE: connections a stopped worker left are closed), so the run's store, and any
 * worker thread or process opening the store from the configuration, see only the run's data.
 */
import { randomBytes } from 'node:crypto';

export interface BenchDatabase {
  /** The connection string of the new database. */
  url: string;
  /** The random tag in its name (`pkbbench_<tag>`), for naming the run's other resources. */
  tag: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const pg = (await import('pg')).default;
  const tag = randomBytes(4).toString('hex');
  const name = `pkbbench_${tag}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, tag, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
