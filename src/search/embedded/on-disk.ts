/**
 * The embedded index on disk, in `<POLICY_KB_DATA>/index/`: `manifest.json` names the current
 * generation; `snapshot-<g>.bin` holds that generation's index (absent while it is empty) and
 * `journal-<g>.jsonl` the changes made since, one JSON line each. Writers append under a lock
 * file; readers replay complete lines only. A new generation (compaction, clear) is written
 * beside the old one and published by replacing the manifest.
 */
import { statSync } from 'node:fs';
import { appendFile, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { orNull, readJson, writeAtomic } from '../../fs/atomic.ts';
import { withLockFile } from '../../fs/file-lock.ts';
import type { SearchDocument } from '../documents.ts';
import { MemoryIndex } from './memory.ts';
import { readSnapshot, writeSnapshot } from './snapshot.ts';

/** One change, as the journal records it and every process replays it. */
export type JournalOp =
  | { op: 'index'; noticeId: string; version: number; current: boolean; docs: SearchDocument[] }
  | { op: 'remove'; noticeId: string };

const Manifest = z.object({ generation: z.int().nonnegative() });
const NEWLINE = 0x0a;

export class IndexFiles {
  constructor(readonly dir: string) {}

  /** The published generation; 0 when nothing was ever written. */
  async generation(): Promise<number> {
    return (await readJson(this.path('manifest.json'), Manifest))?.generation ?? 0;
  }

  /**
   * A cheap fingerprint of what a reader at `generation` has seen: the manifest's inode and time
   * (it is replaced, never edited) and that generation's journal size. Unchanged: nothing to read.
   */
  stamp(generation: number): string {
    // synchronous: two stat calls of a few µs each, cheaper than a round trip through the thread pool
    const manifest = statSync(this.path('manifest.json'), { throwIfNoEntry: false });
    const journal = statSync(this.journal(generation), { throwIfNoEntry: false });
    return `${manifest?.ino}:${manifest?.mtimeMs}:${generation}:${journal?.size}`;
  }

  async loadSnapshot(generation: number): Promise<MemoryIndex> {
    const path = this.snapshot(generation);
    const buffer = await readFile(path).catch(orNull);
    return buffer ? readSnapshot(buffer, path) : new MemoryIndex();
  }

  /** The complete journal lines from byte `from` on, and the byte after the last of them. */
  async readJournal(generation: number, from: number): Promise<{ ops: JournalOp[]; next: number }> {
    const handle = await open(this.journal(generation), 'r').catch(orNull);
    if (!handle) return { ops: [], next: from };
    try {
      const { size } = await handle.stat();
      if (size <= from) return { ops: [], next: from };
      const buffer = Buffer.alloc(size - from);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
      const end = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE) + 1;
      if (end === 0) return { ops: [], next: from };
      const lines = buffer.toString('utf8', 0, end).split('\n');
      const ops = lines.filter((line) => line.length > 0).map((line) => JSON.parse(line) as JournalOp);
      return { ops, next: from + end };
    } finally {
      await handle.close();
    }
  }

  /** Appends changes to the journal; returns the bytes written. Call under `lock`. */
  async append(generation: number, ops: JournalOp[]): Promise<number> {
    const text = ops.map((op) => `${JSON.stringify(op)}\n`).join('');
    await appendFile(this.journal(generation), text);
    return Buffer.byteLength(text);
  }

  /** Writes `index` as generation `generation`, publishes it, removes older files. Call under `lock`. */
  async publish(generation: number, index: MemoryIndex): Promise<void> {
    if (index.size > 0) await writeSnapshot(this.snapshot(generation), index);
    await writeAtomic(this.journal(generation), '');
    await writeAtomic(this.path('manifest.json'), `${JSON.stringify({ generation })}\n`);
    for (const name of await readdir(this.dir)) {
      const match = /^(?:snapshot|journal)-(\d+)\./.exec(name);
      if (match && Number(match[1]) !== generation) await unlink(this.path(name)).catch(() => {});
    }
  }

  /** Runs `work` holding the index's lock file (one writer across processes). */
  lock<T>(work: () => Promise<T>): Promise<T> {
    return withLockFile(this.path('index.lock'), work, { staleMs: 120_000, timeoutMs: 300_000 });
  }

  /** Bytes of the current generation's files. */
  async bytes(generation: number): Promise<number> {
    const sizes = await Promise.all(
      [this.snapshot(generation), this.journal(generation)].map(
        async (path) => (await stat(path).catch(orNull))?.size ?? 0,
      ),
    );
    return sizes.reduce((a, b) => a + b, 0);
  }

  private snapshot(generation: number): string {
    return this.path(`snapshot-${generation}.bin`);
  }

  private journal(generation: number): string {
    return this.path(`journal-${generation}.jsonl`);
  }

  private path(name: string): string {
    return join(this.dir, name);
  }
}
