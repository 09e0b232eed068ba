/**
 * The embedded search index (the default adapter): a MemoryIndex in this process, kept on disk
 * as a snapshot plus a journal (on-disk.ts). Every change is appended to the journal under
 * a lock before it resolves, so it survives a crash; other processes on the same directory (the
 * API server, a CLI ingest, workers) replay the journal before they search.
 */
import { mkdir } from 'node:fs/promises';
import { createMutex } from '../../fs/file-lock.ts';
import { documentsOf } from '../documents.ts';
import { resolveOptions } from '../filters.ts';
import { toHit } from '../hits.ts';
import { parseQuery } from '../query.ts';
import type { IndexStats, SearchIndex, SearchOptions, SearchResult } from '../types.ts';
import { type FilterTerm, MemoryIndex } from './memory.ts';
import { IndexFiles, type JournalOp } from './on-disk.ts';
import { searchMemory } from './search.ts';

export interface EmbeddedIndexOptions {
  /** Journal size that triggers compaction into a new snapshot. @defaultValue 32 MiB */
  compactBytes?: number;
}

export async function createEmbeddedIndex(
  dir: string,
  options: EmbeddedIndexOptions = {},
): Promise<SearchIndex> {
  const { compactBytes = 32 * 2 ** 20 } = options;
  await mkdir(dir, { recursive: true });
  const files = new IndexFiles(dir);
  const mutex = createMutex();
  let memory = new MemoryIndex();
  let generation = -1;
  let offset = 0;

  let seen = '';
  /** Catches up with the files: a new generation is loaded, new journal lines are replayed. */
  const sync = async (): Promise<void> => {
    const stamp = files.stamp(generation);
    if (stamp === seen) return;
    const published = await files.generation();
    const reloaded = published !== generation;
    if (reloaded) {
      memory = await files.loadSnapshot(published);
      generation = published;
      offset = 0;
    }
    const { ops, next } = await files.readJournal(generation, offset);
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
    mutex.run(() =>
      files.lock(async () => {
        await sync();
        offset += await files.append(generation, ops);
        for (const op of ops) apply(memory, op);
        if (offset >= compactBytes) await publish(memory);
        seen = files.stamp(generation);
      }),
    );
  const publish = async (next: MemoryIndex) => {
    await files.publish(generation + 1, next);
    memory = next;
    generation += 1;
    offset = 0;
    seen = files.stamp(generation);
  };

  await mutex.run(syncRetrying);
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
      const result = searchMemory(memory, { ...resolved, query: parsed, terms });
      return {
        query,
        total: result.total,
        hits: result.hits.map(({ doc, score }) => toHit(doc, score, parsed)),
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
    flush: () =>
      mutex.run(() =>
        files.lock(async () => {
          await sync();
          if (offset > 0) await publish(memory);
        }),
      ),
    async stats(): Promise<IndexStats> {
      await catchUp();
      const documents = { item: 0, article: 0, notice: 0 };
      for (const doc of memory.docs) if (doc) documents[doc.kind]++;
      return {
        kind: 'embedded',
        documents,
        versions: memory.versionCount(),
        bytes: await files.bytes(generation),
      };
    },
    close: async () => {
      await mutex.run(async () => {});
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
