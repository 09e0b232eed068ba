import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from './fs-atomic.ts';

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
 * has it; removes a lock whose holder process is gone (killed), or older than `staleMs` (a
 * holder on another machine that died). Critical sections must stay well below `staleMs`.
 */
export async function withLockFile<T>(path: string, work: () => Promise<T>, options: LockFileOptions = {}) {
  const { staleMs = 30_000, timeoutMs = 60_000, retryMs = 5 } = options;
  const token = `${process.pid} ${randomUUID()}`;
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

async function tryCreate(path: string, token: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(token).finally(() => handle.close());
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
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

/** The lock's holder (the pid its token starts with) is no longer running: it was killed. */
async function holderGone(path: string): Promise<boolean> {
  const token = await readFile(path, 'utf8').catch(() => null);
  const pid = Number(token?.split(' ')[0]);
  return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
}

async function release(path: string, token: string): Promise<void> {
  const holder = await readFile(path, 'utf8').catch(() => null);
  if (holder === token) await unlink(path).catch(() => {});
}
