import { randomUUID } from 'node:crypto';
import { link, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive, writeOnce } from './atomic.ts';

export interface LockFileOptions {
  /** A lock file older than this is taken to be left by a crashed process and removed. @defaultValue 30_000 */
  staleMs?: number;
  /** Give up (throw) after waiting this long for the lock. @defaultValue 60_000 */
  timeoutMs?: number;
  /** First retry delay; doubles (with jitter) up to 250 ms. @defaultValue 5 */
  retryMs?: number;
}

/**
 * Runs `work` while holding the exclusive lock file `path` (created with `wx`, so only one
 * process at a time holds it, on a local file system). Waits with backoff while another holder
 * has it; removes a lock whose holder process on this machine is gone (killed), or older than
 * `staleMs` (a holder on another machine that died). Critical sections must stay well below
 * `staleMs`.
 */
export function withLockFile<T>(
  path: string,
  work: () => Promise<T>,
  options: LockFileOptions = {},
): Promise<T> {
  // Callers in this process take turns before touching the file: the file decides only between
  // processes. (Waiters of one process racing for the file could judge a lock just released
  // and retaken as left over, move it aside and, putting it back too late, let two in.)
  let turn = turns.get(path);
  if (!turn) {
    turn = createMutex();
    turns.set(path, turn);
  }
  return turn.run(() => holdLockFile(path, work, options));
}

/** Per lock path, the turn of this process's callers. */
const turns = new Map<string, ReturnType<typeof createMutex>>();

async function holdLockFile<T>(path: string, work: () => Promise<T>, options: LockFileOptions): Promise<T> {
  const { staleMs = 30_000, timeoutMs = 60_000, retryMs = 5 } = options;
  const token = newToken();
  const deadline = Date.now() + timeoutMs;
  for (let delay = retryMs; !(await tryCreate(path, token)); delay = Math.min(delay * 2, 250)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for lock ${path}`);
    if (!(await removeIfStale(path, staleMs))) await sleep(delay / 2 + Math.random() * delay);
  }
  try {
    return await work();
  } finally {
    await release(path, token);
  }
}

/**
 * Takes the lease file `path` — a lock held for a long task (a job) rather than a critical
 * section — unless a live process holds it; a lease whose holder is gone is taken over. Never
 * waits. The token to release it with, or null when someone else holds it.
 */
export async function tryLease(path: string): Promise<string | null> {
  const token = newToken();
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path, token)) return token;
    if (!(await holderGone(path))) return null;
    await removeIfStale(path, Number.POSITIVE_INFINITY);
  }
  return null;
}

/** Releases a lease or lock taken with `token` (someone else's is left alone). */
export async function release(path: string, token: string): Promise<void> {
  const holder = await readFile(path, 'utf8').catch(() => null);
  if (holder === token) await unlink(path).catch(() => {});
  // Forgotten only once the file is gone: until then it must still count as held.
  held.delete(token);
}

/** Whether `path` is free to take: no lease there, or its holder is gone. */
export async function leaseFree(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) === null || (await holderGone(path));
}

/** A promise-chain mutex: `run` calls execute one at a time, in call order. */
export function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const result = tail.then(work);
      tail = result.catch(() => {});
      return result;
    },
  };
}

/** Tokens of the locks and leases this process holds now. */
const held = new Set<string>();

/** `<host> <pid> <uuid>`: who holds a lock, so others can tell when the holder is gone. */
function newToken(): string {
  return `${hostname()} ${process.pid} ${randomUUID()}`;
}

/**
 * Creates the lock file with its token in one step (`writeOnce`: a temp file linked into
 * place), so no one ever reads a lock without its holder, even if this process is killed.
 */
async function tryCreate(path: string, token: string): Promise<boolean> {
  // Counted as held before the file can be read: a waiter here must never see it as left over.
  held.add(token);
  // not synced: after a power cut no process holds anything, and a lock naming a dead one is stale
  const created = await writeOnce(path, token, { sync: false }).catch((error: unknown) => {
    held.delete(token);
    throw error;
  });
  if (!created) held.delete(token);
  return created;
}

/**
 * Removes a stale lock without ever removing a fresh one: moves it aside under a unique name
 * (only one waiter wins the rename), then checks it moved the very file it judged stale and
 * puts it back otherwise (`link` fails if someone has taken the lock meanwhile).
 */
async function removeIfStale(path: string, staleMs: number): Promise<boolean> {
  const seen = await stat(path).catch(() => null);
  if (!seen) return true;
  if (Date.now() - seen.mtimeMs < staleMs && !(await holderGone(path))) return false;
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return true;
  }
  const moved = await stat(aside);
  if (moved.ino !== seen.ino) await link(aside, path).catch(() => {});
  await unlink(aside);
  return true;
}

/**
 * The lock's holder is known to be gone: a process of this machine that is no longer running
 * (killed), or this process's own id on a token it does not hold (an earlier process that had
 * the same id). A holder on another machine cannot be checked: only `staleMs` judges it.
 */
async function holderGone(path: string): Promise<boolean> {
  const token = await readFile(path, 'utf8').catch(() => null);
  if (token === null) return true;
  const [host, pidText] = token.split(' ');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  return pid === process.pid ? !held.has(token) : !processAlive(pid);
}
