/**
 * A merge of the embedded index's segments, written in a thread of its own: the newest segments
 * of a large index add up to hundreds of megabytes, and reading and rewriting them on the
 * process's own thread slowed every upload and search while it ran (at 100,000 notices a merge
 * of the 1.3 GB segment takes minutes). The thread reads only published files and writes a temp
 * file; publishing it stays with the index, under its lock (on-disk.ts).
 */
import { parentPort, Worker } from 'node:worker_threads';
import { threadEntry } from '../../fs/package-files.ts';
import { IndexFiles, type Manifest, type Merge } from './on-disk.ts';

interface MergeTask {
  dir: string;
  current: Manifest;
  first: number;
}

/** An error crosses as its message and its code (ENOENT: a publish removed the sources first). */
type MergeReply = { merge: Merge } | { error: string; code?: string };

const THREAD_ENTRY = threadEntry(import.meta.url, 'merge-thread');

/** Writes the merge of `current`'s segments from `first` on in a new thread, which ends with it. */
export function writeMergeOffThread(dir: string, current: Manifest, first: number): Promise<Merge> {
  return new Promise<Merge>((resolve, reject) => {
    const worker = new Worker(THREAD_ENTRY, { stdout: false, stderr: false });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      done();
      void worker.terminate();
    };
    worker.once('message', (reply: MergeReply) =>
      settle(() => ('merge' in reply ? resolve(reply.merge) : reject(errorOf(reply)))),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the index merge thread exited (${code}) before it was done`))),
    );
    worker.postMessage({ dir, current, first } satisfies MergeTask);
  });
}

function errorOf(reply: { error: string; code?: string }): Error {
  return Object.assign(new Error(reply.error), reply.code ? { code: reply.code } : {});
}

// the thread's side: one task, one reply
parentPort?.once('message', (task: MergeTask) => {
  new IndexFiles(task.dir)
    .writeMergeHere(task.current, task.first)
    .then(
      (merge): MergeReply => ({ merge }),
      (error: unknown): MergeReply => ({
        error: error instanceof Error ? error.message : String(error),
        ...((error as NodeJS.ErrnoException).code && { code: (error as NodeJS.ErrnoException).code }),
      }),
    )
    .then((reply) => parentPort?.postMessage(reply));
});
