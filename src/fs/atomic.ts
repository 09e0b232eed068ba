import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { z } from 'zod';

/**
 * Replaces `path` atomically: writes a temp file in the same directory, then renames it over. The
 * temp file is synced first unless `sync` is false — for what can be lost in a power cut without
 * losing anything (progress shown to a person, data recomputed from the store): a reader still
 * sees the old file or the new one, and after a power cut possibly an empty one, which such
 * readers treat as missing.
 */
export async function writeAtomic(
  path: string,
  data: string | Uint8Array,
  options: { sync?: boolean } = {},
): Promise<void> {
  const temp = await writeTemp(path, data, options.sync ?? true);
  await rename(temp, path).catch(async (error: unknown) => {
    await unlink(temp).catch(() => {});
    throw error;
  });
}

/**
 * Creates `path` atomically unless it exists (first writer wins, across processes): writes a
 * temp file, then hard-links it into place, which fails instead of replacing. True when created.
 * Synced first unless `sync` is false (a lock, which means nothing after a power cut anyway).
 */
export async function writeOnce(
  path: string,
  data: string | Uint8Array,
  options: { sync?: boolean } = {},
): Promise<boolean> {
  const temp = await writeTemp(path, data, options.sync ?? true);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Appends complete lines to `path` and syncs them before resolving (a log whose lines must
 * survive a power cut once a caller was told they were written).
 */
export async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await openMakingDir(path, 'a');
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Reads and validates a JSON file; null when it does not exist. */
export async function readJson<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | null> {
  const text = await readFile(path, 'utf8').catch(orNull);
  return text === null ? null : schema.parse(JSON.parse(text));
}

/** Reads a file's bytes; null when it does not exist. */
export async function readBytes(path: string): Promise<Uint8Array | null> {
  const buffer = await readFile(path).catch(orNull);
  return buffer === null ? null : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** For `.catch`: a missing file (or directory) becomes null, anything else is rethrown. */
export function orNull(error: unknown): null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw error;
}

/**
 * A temp file names the machine and process writing it, `<path>.<host>-<pid>.<uuid>.tmp`
 * (`<host>`: 8 hex digits of its name's hash), so that only temps of dead processes of this
 * machine are removed when several machines share the directory.
 */
const TEMP = /\.([0-9a-f]{8})-(\d+)\.[0-9a-f-]{36}\.tmp$/;
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** A fresh temp path beside `path`, named so `removeStaleTemps` knows whose it is (`pid`'s, on this machine). */
export function tempPathFor(path: string, pid = process.pid): string {
  return `${path}.${HOST}-${pid}.${randomUUID()}.tmp`;
}

/**
 * Removes the temp files under `dir` (recursively) that a process no longer running left
 * behind (killed between writing and renaming). Temps of live processes are left alone: a
 * server and a CLI may share the directory.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true }).catch(orNull)) ?? [];
  for (const entry of entries) {
    const [, host, pid] = (entry.isFile() && TEMP.exec(entry.name)) || [];
    if (host !== HOST || processAlive(Number(pid))) continue;
    await unlink(join(entry.parentPath, entry.name)).catch(() => {});
  }
}

/** Whether a process with this id is running (a signal 0 reaches it, or it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function writeTemp(path: string, data: string | Uint8Array, sync = true): Promise<string> {
  const temp = tempPathFor(path);
  const handle = await openMakingDir(temp, 'wx');
  try {
    await handle.writeFile(data);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/**
 * Opens `path`, creating its directory first when it is missing. The directory is made only on
 * ENOENT, not before every open: a write of the ingest path then costs one system call less
 * (a mkdir per write was a twentieth of a queue worker's main thread).
 */
async function openMakingDir(path: string, flags: 'a' | 'wx') {
  try {
    return await open(path, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    return open(path, flags);
  }
}
