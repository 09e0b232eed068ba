/**
 * The embedded search index (the default adapter): a MemoryIndex in this process, kept on disk
 * as segments plus a journal (on-disk.ts). Every change is appended to the journal under a lock
 * before it resolves, so it survives a crash; other processes on the same directory (the API
 * server, a CLI ingest, workers) replay the journal before they search. A journal past
 * `compactBytes` is written out as a new segment under the lock; the newest segments are then
 * merged into one (merge-plan.ts) in the background, holding the lock only to publish the result.
 */
import { mkdir } from 'node:fs/promises';
import { orNull } from '../../fs/atomic.ts';
import { createMutex } from '../../fs/file-lock.ts';
import { documentsOf } from '../documents.ts';
import { resolveOptions } from '../filters.ts';
import { toHit } from '../hits.ts';
import { parseQuery } from '../query.ts';
import type { IndexStats, SearchIndex, SearchOptions, SearchResult } from '../types.ts';
import { type FilterTerm, MemoryIndex, REVIEW_TERM } from './memory.ts';
import { mergeStart, planPublish } from './merge-plan.ts';
import { IndexFiles, type JournalOp, type Manifest } from './on-disk.ts';
import { searchMemory } from './search.ts';

export interface EmbeddedIndexOptions {
  /**
   * Journal size that triggers writing it out as a segment. A new process replays the journal
   * (tokenizing every document in it: about 0.1 s per MiB), so this bounds its start-up; writing
   * a segment costs only the journal's own documents. @defaultValue 8 MiB
   */
  compactBytes?: number;
  /**
   * For a process that writes and seldom reads (a queue worker): a write appends to the journal
   * without replaying what other processes appended or tokenizing its own documents; the index
   * in memory catches up on the next read, or when the journal is written out as a segment. With
   * several workers on one directory, each document is then tokenized once, not once per worker.
   * @defaultValue false
   */
  replayOnRead?: boolean;
  /**
   * Merges of segments adding up to this many bytes or more are written in a thread of their
   * own, so a large one does not slow the uploads and searches of this process; smaller ones
   * cost less than starting a thread. @defaultValue 64 MiB
   */
  mergeOffThreadBytes?: number;
}

export async function createEmbeddedIndex(
  dir: string,
  options: EmbeddedIndexOptions = {},
): Promise<SearchIndex> {
  const { compactBytes = 8 * 2 ** 20, replayOnRead = false, mergeOffThreadBytes = 64 * 2 ** 20 } = options;
  await mkdir(dir, { recursive: true });
  const files = new IndexFiles(dir);
  const mutex = createMutex();
  let memory = new MemoryIndex();
  let manifest: Manifest = { generation: -1, segments: [] };
  let offset = 0;
  /** Replaces the index in memory (closing the files the old one read from). */
  const replace = (next: MemoryIndex, published: Manifest) => {
    memory.close();
    memory = next;
    manifest = published;
    offset = 0;
  };

  let seen = '';
  /** Catches up with the files: a new generation is loaded, new journal lines are replayed. */
  const sync = async (): Promise<void> => {
    const stamp = files.stamp(manifest.generation);
    if (stamp === seen) return;
    const published = await files.manifest();
    const reloaded = published.generation !== manifest.generation;
    if (reloaded) replace(await files.load(published), published);
    const { ops, next } = await files.readJournal(manifest.generation, offset);
    for (const op of ops) apply(memory, op);
    offset = next;
    // a stamp taken before reading: anything appended meanwhile changes the next stamp
    seen = reloaded ? '' : stamp;
  };
  const syncRetrying = () => sync().catch(() => sync());
  let reading: Promise<void> | null = null;
  /** Catches up before a read; concurrent reads share one check instead of queueing their own. */
  const catchUp = (): Promise<void> => {
    reading ??= mutex.run(syncRetrying).finally(() => {
      reading = null;
    });
    return reading;
  };

  const write = (ops: JournalOp[]) =>
    mutex
      .run(() =>
        files.lock(async () => {
          if (replayOnRead) {
            // the journal of the published generation, whatever this process last loaded
            const { generation } = await files.manifest();
            await files.append(generation, ops);
            if (files.journalBytes(generation) < compactBytes) return;
            await sync();
            await publish(memory);
            return;
          }
          await sync();
          offset += await files.append(manifest.generation, ops);
          for (const op of ops) apply(memory, op);
          if (offset >= compactBytes) await publish(memory);
          else seen = files.stamp(manifest.generation);
        }),
      )
      .then(startMerge);
  /**
   * Writes `index`'s new documents out as the next generation's segment (or all of it, dense),
   * then loads it back: a dense rewrite renumbers the documents, and the ones written need not
   * stay in memory. Under the lock.
   */
  const publish = async (index: MemoryIndex) => {
    const plan = planPublish(manifest.segments ?? null, index.idLimit, index.size);
    const published = await files.publish(manifest.generation + 1, manifest, index, plan);
    replace(await files.load(published), published);
    seen = files.stamp(manifest.generation);
  };

  /** The background merge running, if any (one per process; a merge in another process may race it). */
  let merging: Promise<void> | null = null;
  let mergeError: unknown = null;
  /** Starts merging the newest segments when the plan says so and no merge is running. */
  const startMerge = () => {
    if (merging || mergeStart(manifest.segments ?? []) === null) return;
    merging = mergeAll()
      .catch((error: unknown) => {
        mergeError = error;
      })
      .finally(() => {
        merging = null;
      });
  };
  /** Each merge is written outside the lock and published under it, until the plan asks for none. */
  const mergeAll = async () => {
    for (;;) {
      // a process replaying on read may not have loaded the newest generation: read its manifest
      const source = replayOnRead ? await files.manifest() : manifest;
      const first = mergeStart(source.segments ?? []);
      if (first === null) return;
      // null: a publish removed the source's files first (that merge is moot)
      const merged = await files.writeMerge(source, first, mergeOffThreadBytes).catch(orNull);
      if (!merged) return;
      const published = await mutex
        .run(() =>
          files.lock(async () => {
            await sync();
            const next = await files.publishMerge(manifest.generation + 1, manifest, merged);
            // loaded with the journal carried over, as any process does on a new generation
            if (next) await sync();
            return next;
          }),
        )
        .catch(async (error: unknown) => {
          await files.drop(merged);
          throw error;
        });
      if (!published) return;
    }
  };
  /** Waits for the background merge; its failure, if any, is reported once. */
  const settle = async () => {
    while (merging) await merging;
    const error = mergeError;
    mergeError = null;
    if (error) throw error;
  };

  if (!replayOnRead) await mutex.run(syncRetrying);
  return {
    kind: 'embedded',
    indexNotice: (record) => write([indexOp(record)]),
    indexNotices: async (records) => {
      if (records.length > 0) await write(records.map(indexOp));
    },
    removeNotice: (id) => write([{ op: 'remove', noticeId: id }]),
    async search(query: string, options?: SearchOptions): Promise<SearchResult> {
      const resolved = resolveOptions(options);
      const parsed = parseQuery(query);
      await catchUp();
      const terms: FilterTerm[] = [];
      if (resolved.region) terms.push(`r:${resolved.region}`);
      if (resolved.powerType) terms.push(`p:${resolved.powerType}`);
      if (resolved.lawCited) terms.push(`l:${resolved.lawCited}`);
      if (resolved.status) terms.push(`s:${resolved.status}`);
      if (resolved.kind) terms.push(`k:${resolved.kind}`);
      if (resolved.needsReview) terms.push(REVIEW_TERM);
      const result = searchMemory(memory, { ...resolved, query: parsed, terms });
      return {
        query,
        total: result.total,
        hits: result.hits.map(({ doc, score, fields }) => toHit(doc, score, parsed, fields)),
        ...(result.facets && { facets: result.facets }),
      };
    },
    clear: () =>
      mutex.run(() =>
        files.lock(async () => {
          await sync();
          await publish(new MemoryIndex());
        }),
      ),
    async flush() {
      await settle();
      await mutex.run(() =>
        files.lock(async () => {
          await sync();
          if (offset > 0) await publish(memory);
        }),
      );
      startMerge();
      await settle();
    },
    async stats(): Promise<IndexStats> {
      await catchUp();
      return {
        kind: 'embedded',
        documents: memory.kindCounts(),
        versions: memory.versionCount(),
        bytes: await files.bytes(manifest),
      };
    },
    close: async () => {
      while (merging) await merging;
      await mutex.run(async () => memory.close());
    },
  };
}

function indexOp(record: Parameters<SearchIndex['indexNotice']>[0]): JournalOp {
  return {
    op: 'index',
    noticeId: record.id,
    version: record.version,
    current: record.current,
    docs: documentsOf(record),
  };
}

function apply(memory: MemoryIndex, op: JournalOp): void {
  if (op.op === 'remove') memory.removeNotice(op.noticeId);
  else memory.replaceVersion(op.noticeId, op.version, op.current, op.docs);
}
