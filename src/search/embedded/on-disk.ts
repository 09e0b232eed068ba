/**
 * The embedded index on disk, in `<POLICY_KB_DATA>/index/`: `manifest.json` names the current
 * generation and its segments (`segment-<g>.bin`, written by generation g, oldest first; none
 * while the index is empty), and `journal-<g>.jsonl` holds the changes made since, one JSON line
 * each. Writers append under a lock file; readers replay complete lines only. A new generation
 * (the journal written out as a segment; the newest segments merged into one; clear) is written
 * beside the old one and published by replacing the manifest; files it no longer names are
 * removed after. A manifest without segments is of the first format: its index is
 * `snapshot-<g>.bin` (snapshot.ts), rewritten as a segment by the next publish.
 */
import { statSync } from 'node:fs';
import { appendFile, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { orNull, readJson, removeStaleTemps, tempPathFor, writeAtomic } from '../../fs/atomic.ts';
import { withLockFile } from '../../fs/file-lock.ts';
import type { SearchDocument } from '../documents.ts';
import { MemoryIndex } from './memory.ts';
import type { PublishPlan } from './merge-plan.ts';
import { loadSegments } from './segment-read.ts';
import { type SegmentRange, writeSegment } from './segment-write.ts';
import { readSnapshot } from './snapshot.ts';

/** One change, as the journal records it and every process replays it. */
export type JournalOp =
  | { op: 'index'; noticeId: string; version: number; current: boolean; docs: SearchDocument[] }
  | { op: 'remove'; noticeId: string };

const Segment = z.object({
  name: z.string().regex(/^segment-\d+\.bin$/),
  from: z.int().nonnegative(),
  end: z.int().nonnegative(),
});
export const Manifest = z.object({
  generation: z.int().nonnegative(),
  /** Absent in a first-format manifest (its index is `snapshot-<generation>.bin`). */
  segments: z.array(Segment).optional(),
});
export type Manifest = z.infer<typeof Manifest>;
const NEWLINE = 0x0a;

/** Segments merged into a temp file, not yet published. */
export interface Merge {
  temp: string;
  range: SegmentRange;
  /** The names of the segments it replaces, oldest first. */
  replaces: string[];
}
const FILE = /^(?:snapshot|journal|segment)-(\d+)\.(?:bin|jsonl)$/;

export class IndexFiles {
  constructor(readonly dir: string) {}

  /** The published manifest; generation 0 without segments when nothing was ever written. */
  async manifest(): Promise<Manifest> {
    return (await readJson(this.path('manifest.json'), Manifest)) ?? { generation: 0 };
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

  /** The index of a manifest, without its journal. */
  async load(manifest: Manifest): Promise<MemoryIndex> {
    if (manifest.segments) return loadSegments(manifest.segments.map((segment) => this.path(segment.name)));
    const path = this.snapshot(manifest.generation);
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

  /** The journal's size in bytes (0 when there is none yet). */
  journalBytes(generation: number): number {
    return statSync(this.journal(generation), { throwIfNoEntry: false })?.size ?? 0;
  }

  /**
   * Publishes generation `generation`: `index` written out as a new segment after the
   * `plan.kept` oldest segments of `current` (no segment when the index has no live document and
   * everything is rewritten), an empty journal, then the manifest; removes the files it no longer
   * names. A crash before the manifest is replaced leaves the old generation whole. Call under `lock`.
   */
  async publish(
    generation: number,
    current: Manifest,
    index: MemoryIndex,
    plan: PublishPlan,
  ): Promise<Manifest> {
    const segments = (current.segments ?? []).slice(0, plan.kept);
    if (!(plan.dense && index.size === 0)) {
      const name = `segment-${generation}.bin`;
      const range = await writeSegment(this.path(name), index, plan.from, plan.dense);
      segments.push({ name, ...range });
    }
    return this.commit({ generation, segments }, '');
  }

  /**
   * Writes the segments of `current` from `first` on as one, into a temp file, reading only
   * those files (published files never change): no lock is held meanwhile. Segments adding up
   * to `offThreadBytes` or more are merged in a thread of their own (merge-thread.ts).
   */
  async writeMerge(current: Manifest, first: number, offThreadBytes: number): Promise<Merge> {
    const sizes = await Promise.all(
      (current.segments ?? [])
        .slice(first)
        .map(async (segment) => (await stat(this.path(segment.name))).size),
    );
    if (sizes.reduce((a, b) => a + b, 0) < offThreadBytes) return this.writeMergeHere(current, first);
    const { writeMergeOffThread } = await import('./merge-thread.ts');
    return writeMergeOffThread(this.dir, current, first);
  }

  /** `writeMerge` on this thread. */
  async writeMergeHere(current: Manifest, first: number): Promise<Merge> {
    const segments = current.segments ?? [];
    const source = await this.load(current);
    const temp = tempPathFor(this.path(`segment-${current.generation}-merge.bin`));
    try {
      const range = await writeSegment(temp, source, segments[first]?.from ?? 0, false);
      return { temp, range, replaces: segments.slice(first).map((segment) => segment.name) };
    } finally {
      source.close();
    }
  }

  /**
   * Publishes a merge as generation `generation` when `current` still holds the segments it
   * replaces, in a row (later segments may follow: the merge kept every id); the journal is
   * carried over, since the merge knows nothing of it. Null (the merge is dropped) when another
   * publish replaced them first. Call under `lock`.
   */
  async publishMerge(generation: number, current: Manifest, merge: Merge): Promise<Manifest | null> {
    const segments = current.segments ?? [];
    const at = segments.findIndex((segment) => segment.name === merge.replaces[0]);
    if (at < 0 || merge.replaces.some((name, i) => segments[at + i]?.name !== name)) {
      await this.drop(merge);
      return null;
    }
    const name = `segment-${generation}.bin`;
    await rename(merge.temp, this.path(name));
    const journal = (await readFile(this.journal(current.generation)).catch(orNull)) ?? '';
    return this.commit(
      {
        generation,
        segments: [
          ...segments.slice(0, at),
          { name, ...merge.range },
          ...segments.slice(at + merge.replaces.length),
        ],
      },
      journal,
    );
  }

  /** Removes a merge that will not be published. */
  async drop(merge: Merge): Promise<void> {
    await unlink(merge.temp).catch(() => {});
  }

  /** Runs `work` holding the index's lock file (one writer across processes). */
  lock<T>(work: () => Promise<T>): Promise<T> {
    return withLockFile(this.path('index.lock'), work, { staleMs: 120_000, timeoutMs: 300_000 });
  }

  /** Bytes of a generation's files. */
  async bytes(manifest: Manifest): Promise<number> {
    const paths = manifest.segments
      ? manifest.segments.map((segment) => this.path(segment.name))
      : [this.snapshot(manifest.generation)];
    const sizes = await Promise.all(
      [...paths, this.journal(manifest.generation)].map(
        async (path) => (await stat(path).catch(orNull))?.size ?? 0,
      ),
    );
    return sizes.reduce((a, b) => a + b, 0);
  }

  /** Writes the journal and then the manifest of a generation whose segments are written; removes what it no longer names. */
  private async commit(manifest: Manifest, journal: string | Uint8Array): Promise<Manifest> {
    const { generation, segments = [] } = manifest;
    await writeAtomic(this.journal(generation), journal);
    await writeAtomic(this.path('manifest.json'), `${JSON.stringify(manifest)}\n`);
    const named = new Set([...segments.map((segment) => segment.name), `journal-${generation}.jsonl`]);
    for (const name of await readdir(this.dir)) {
      if (FILE.test(name) && !named.has(name)) await unlink(this.path(name)).catch(() => {});
    }
    // a segment a crashed writer left half-written can be as large as the index
    await removeStaleTemps(this.dir);
    return manifest;
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
