import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Config, loadConfig } from '../../src/config.ts';
import type { IngestRunner } from '../../src/pipeline/runner.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { connectOnce } from '../../src/queue/connection.ts';
import { queueNames } from '../../src/queue/flow.ts';
import { openStore } from '../../src/store/index.ts';
import type { NoticeStore } from '../../src/store/types.ts';

/** The shared test Redis. The queue tests need it: they fail (never skip) without it. */
export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A unique queue prefix per test file, so files running at once never share queues. */
export function uniquePrefix(): string {
  return `pkbtest-${randomBytes(5).toString('hex')}`;
}

/** A client for test bookkeeping; rejects at once (no endless reconnecting) when Redis is not there. */
export function connectRedis(): Promise<Redis> {
  return connectOnce(REDIS_URL, 'the queue tests');
}

/** Removes every job of a prefix's queues. */
export async function obliterate(client: Redis, prefix: string): Promise<void> {
  for (const name of Object.values(queueNames(prefix))) {
    const queue = new Queue(name, { connection: client });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/**
 * Drops this prefix's Redis connections only (`CLIENT KILL ID`), as a Redis restart would: our
 * own clients are named after the prefix, BullMQ renames its worker connections `bull:<base64
 * queue name>…`. Other test files' connections to the shared server are left alone.
 */
export async function dropConnections(client: Redis, prefix: string): Promise<number> {
  const ours = [
    prefix,
    ...Object.values(queueNames(prefix)).map((name) => `bull:${Buffer.from(name).toString('base64')}`),
  ];
  const list = String(await client.client('LIST'));
  const ids = list
    .split('\n')
    .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1], name: / name=(\S*)/.exec(line)?.[1] ?? '' }))
    .filter(
      ({ id, name }) =>
        id && ours.some((prefixOfName) => name === prefixOfName || name.startsWith(`${prefixOfName}:`)),
    );
  for (const { id } of ids) await client.client('KILL', 'ID', String(id));
  return ids.length;
}

const tempDirs: string[] = [];

/** A configuration over a fresh temporary data directory (the file store under it). */
export function tempConfig(env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-queue-'));
  tempDirs.push(dir);
  return loadConfig({ POLICY_KB_DATA: dir, ...env });
}

/** Removes the data directories this test file made. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempStore(env: Record<string, string> = {}): Promise<{ config: Config; store: NoticeStore }> {
  const config = tempConfig(env);
  return openStore(config).then((store) => ({ config, store }));
}

/** Files of a directory with the given ending, sorted, with their bytes. */
export function filesIn(dir: string, ending: string): { name: string; bytes: Uint8Array }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(ending))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

/** Stores and submits every file, then waits for all of them. */
export async function ingestAll(
  deps: { store: NoticeStore; runner: IngestRunner },
  files: { name: string; bytes: Uint8Array }[],
  timeoutMs = 180_000,
) {
  const submitted = await Promise.all(files.map((file) => submitUpload(deps, file.bytes, file.name)));
  return Promise.all(submitted.map(({ jobId }) => deps.runner.wait(jobId, { timeoutMs })));
}

/** What must match between runners: per original, its notice id, version and item count. */
export async function noticeDigest(store: NoticeStore) {
  const records = await store.listNotices();
  return records
    .map((r) => ({
      sha256: r.sha256,
      id: r.id,
      version: r.version,
      items: r.notice.tables.reduce((count, table) => count + table.items.length, 0),
    }))
    .sort((a, b) => a.sha256.localeCompare(b.sha256));
}

/** Moved to test/support/ (the web tests use it too); re-exported for the queue tests. */
export { eventually } from '../support/eventually.ts';
