import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMutex, withLockFile } from '../../src/fs/file-lock.ts';
import { createFileStore } from '../../src/store/file-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-kb-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Runs `work` calls at once and reports the most that were ever inside together. */
async function maxInside(calls: number, enter: (work: () => Promise<void>) => Promise<void>) {
  let inside = 0;
  let most = 0;
  const work = async () => {
    most = Math.max(most, ++inside);
    await sleep(2);
    inside--;
  };
  await Promise.all(Array.from({ length: calls }, () => enter(work)));
  return most;
}

describe('withLockFile', () => {
  it('lets one holder in at a time and removes the lock afterwards, also when work throws', async () => {
    const lock = join(dir, '.lock');
    expect(await maxInside(10, (work) => withLockFile(lock, work))).toBe(1);
    expect(existsSync(lock)).toBe(false);
    await expect(withLockFile(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('waits while the holder runs, and takes over at once a lock whose holder was killed', async () => {
    const lock = join(dir, '.lock');
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    await writeFile(lock, `${hostname()} ${holder.pid} held`);
    await expect(withLockFile(lock, async () => 1, { timeoutMs: 100 })).rejects.toThrow(/timed out/);
    holder.kill('SIGKILL');
    await exited;
    expect(await withLockFile(lock, async () => 'taken', { timeoutMs: 5_000 })).toBe('taken');
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock with no process id it can check only once it is stale', async () => {
    const lock = join(dir, '.lock');
    await writeFile(lock, 'other-host 12345 held');
    await expect(withLockFile(lock, async () => 1, { timeoutMs: 100 })).rejects.toThrow(/timed out/);
    const past = new Date(Date.now() - 31_000);
    await utimes(lock, past, past);
    expect(await withLockFile(lock, async () => 'taken', { timeoutMs: 1_000 })).toBe('taken');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('createMutex', () => {
  it('runs calls one at a time, in order, and keeps going after a failure', async () => {
    const mutex = createMutex();
    expect(await maxInside(10, (work) => mutex.run(work))).toBe(1);
    const order: number[] = [];
    const failed = mutex.run(() => Promise.reject(new Error('boom')));
    const runs = [1, 2, 3].map((n) => mutex.run(async () => order.push(n)));
    await expect(failed).rejects.toThrow('boom');
    await Promise.all(runs);
    expect(order).toEqual([1, 2, 3]);
  });
});

describe('file store across processes', () => {
  it('three processes saving the same 5 uploads at once create each exactly once', async () => {
    const workers = [1, 2, 3].map(() => startWorker(dir));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.write('go\n');
    const created = await Promise.all(workers.map((w) => w.done));
    expect(created.reduce((sum, n) => sum + n, 0)).toBe(5);
    const store = createFileStore(dir);
    const records = await store.listNotices();
    expect(records).toHaveLength(5);
    for (const id of new Set(records.map((r) => r.id))) {
      const versions = await store.listVersions(id);
      expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
      expect(versions.filter((v) => v.current)).toHaveLength(1);
    }
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});

/** Starts test/store/save-worker.ts (a file store in a process of its own): `ready` once it has loaded, `done` with the count it created. */
function startWorker(storeDir: string) {
  const worker = new URL('../store/save-worker.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', worker, storeDir], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.startsWith('ready\n')) resolve();
    });
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('close', (code) =>
      code === 0 ? resolve(Number(out.slice('ready\n'.length))) : reject(new Error(`worker failed: ${err}`)),
    );
  });
  return { child, ready, done };
}
