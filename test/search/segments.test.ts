import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempPathFor } from '../../src/fs/atomic.ts';
import { documentsOf } from '../../src/search/documents.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { MemoryIndex } from '../../src/search/embedded/memory.ts';
import { mergeStart, planPublish, segmentsKept } from '../../src/search/embedded/merge-plan.ts';
import { IndexFiles, type Manifest } from '../../src/search/embedded/on-disk.ts';
import { loadSegments } from '../../src/search/embedded/segment-read.ts';
import { writeSegment } from '../../src/search/embedded/segment-write.ts';
import { LEGACY_MAGIC, type LegacyMeta } from '../../src/search/embedded/snapshot.ts';
import { answers, catalogueRecord, tempDir } from './segments-fixtures.ts';

const NEVER = 2 ** 40;
/** Above Linux's largest process id. */
const DEAD_PID = 2 ** 23;

describe('embedded index segments', () => {
  it('round-trips documents, columns and lists; documents are decoded only when asked for', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const memory = new MemoryIndex();
      const records = Array.from({ length: 12 }, (_, n) => catalogueRecord(n));
      for (const r of records) memory.replaceVersion(r.id, r.version, true, documentsOf(r));
      memory.replaceVersion('n3', 2, true, documentsOf(catalogueRecord(3, 2)));
      memory.removeNotice('n5');
      const path = join(dir, 'segment-1.bin');
      const range = await writeSegment(path, memory, 0, false);
      expect(range).toEqual({ from: 0, end: memory.idLimit });

      const loaded = loadSegments([path]);
      try {
        expect(loaded.size).toBe(memory.size);
        expect(loaded.versionCount()).toBe(memory.versionCount());
        expect(loaded.kindCounts()).toEqual(memory.kindCounts());
        for (let id = 0; id < memory.idLimit; id++) expect(loaded.doc(id)).toEqual(memory.doc(id));
        // version 1 of n3 was superseded by version 2: kept, not current
        const superseded = memory.byVersion.get('n3@1')?.[0] as number;
        expect(loaded.doc(superseded)?.current).toBe(false);
        expect(loaded.doc(memory.byVersion.get('n3@2')?.[0] as number)?.current).toBe(true);
        for (const term of memory.grams.terms()) {
          const [want, got] = [memory.grams.get(term), loaded.grams.get(term)];
          const live = (list: typeof want) =>
            [...(list?.ids.subarray(0, list.length) ?? [])].filter((id) => memory.columns.state[id]);
          expect(live(got)).toEqual(live(want));
        }
      } finally {
        loaded.close();
      }

      // a damaged document record: loading still works (no record is read), that document fails alone
      const bytes = await readFile(path);
      const target = memory.byVersion.get('n7@1')?.[1] as number;
      const at = bytes.indexOf(Buffer.from(`"key":"${memory.doc(target)?.key}"`));
      bytes.write('\u0000\u0000', at, 'latin1');
      await writeFile(path, bytes);
      const damaged = loadSegments([path]);
      try {
        expect(damaged.size).toBe(memory.size);
        expect(() => damaged.doc(target)).toThrow(SyntaxError);
        expect(damaged.doc(target - 1)).toEqual(memory.doc(target - 1));
      } finally {
        damaged.close();
      }
    } finally {
      await cleanup();
    }
  });

  it('answers the same before and after segments are written and merged, across removals and new versions', async () => {
    const [merged, plain] = [await tempDir(), await tempDir()];
    // compactBytes 1: every write is written out as a segment (and merged by the plan)
    const segmented = await createEmbeddedIndex(merged.dir, { compactBytes: 1 });
    const journal = await createEmbeddedIndex(plain.dir, { compactBytes: NEVER });
    try {
      for (const index of [segmented, journal]) {
        for (let n = 0; n < 40; n += 4)
          await index.indexNotices([0, 1, 2, 3].map((i) => catalogueRecord(n + i)));
        await index.removeNotice('n6');
        await index.indexNotice(catalogueRecord(10, 2));
        await index.indexNotice({ ...catalogueRecord(11, 2), current: false });
        await index.removeNotice('n33');
        await index.indexNotice(catalogueRecord(1, 1)); // the same version again: replaced in place
      }
      // the background merges done: the binary counter's shape is on disk
      await segmented.flush();
      const files = new IndexFiles(merged.dir);
      const manifest = await files.manifest();
      expect(manifest.segments?.length).toBeGreaterThan(0);
      // a binary counter: never more segments than bits of the id count
      expect(manifest.segments?.length).toBeLessThanOrEqual(
        1 + Math.log2(manifest.segments?.at(-1)?.end ?? 1),
      );
      expect(await answers(segmented)).toEqual(await answers(journal));
      expect(await segmented.stats()).toMatchObject({
        documents: (await journal.stats()).documents,
        versions: (await journal.stats()).versions,
      });
      // a new process (a new instance) loads the segments alone
      const reopened = await createEmbeddedIndex(merged.dir);
      expect(await answers(reopened)).toEqual(await answers(journal));
      await reopened.close();
      await segmented.clear();
      expect((await segmented.stats()).documents).toEqual({ item: 0, article: 0, notice: 0 });
      expect((await files.manifest()).segments).toEqual([]);
    } finally {
      await segmented.close();
      await journal.close();
      await merged.cleanup();
      await plain.cleanup();
    }
  });

  it('writes a large merge in a thread of its own, byte for byte the merge this thread writes', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      // three segments, no merge of their own (a merge of each size is for the next publish)
      const index = await createEmbeddedIndex(dir, { compactBytes: NEVER });
      for (const batch of [[0, 1, 2, 3], [4, 5], [6]]) {
        await index.indexNotices(batch.map((n) => catalogueRecord(n)));
        await index.flush();
      }
      await index.close();
      const files = new IndexFiles(dir);
      const manifest = await files.manifest();
      expect(manifest.segments?.length).toBe(3);
      const here = await files.writeMerge(manifest, 1, NEVER);
      const there = await files.writeMerge(manifest, 1, 0);
      expect(there.temp).not.toBe(here.temp);
      expect({ ...there, temp: '' }).toEqual({ ...here, temp: '' });
      expect(Buffer.compare(await readFile(there.temp), await readFile(here.temp))).toBe(0);
      await files.drop(here);
      await files.drop(there);
      // a segment removed by a publish meanwhile (the thread loads them all): its error keeps
      // its code, which makes the merge moot instead of failed
      await unlink(join(dir, manifest.segments?.[0]?.name as string));
      await expect(files.writeMerge(manifest, 1, 0)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await cleanup();
    }
  });

  it('keeps the published generation whole when a segment was written but the manifest not replaced', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const index = await createEmbeddedIndex(dir, { compactBytes: NEVER });
      await index.indexNotices([0, 1, 2].map((n) => catalogueRecord(n)));
      await index.flush();
      await index.indexNotices([3, 4].map((n) => catalogueRecord(n)));
      const before = await answers(index);
      await index.close();
      const files = new IndexFiles(dir);
      const published = await files.manifest();
      // the crash: the next generation's segment is on disk, its journal and manifest are not
      const memory = await files.load(published);
      const { ops } = await files.readJournal(published.generation, 0);
      for (const op of ops)
        if (op.op === 'index') memory.replaceVersion(op.noticeId, op.version, op.current, op.docs);
      const segment = join(dir, `segment-${published.generation + 1}.bin`);
      await writeSegment(segment, memory, 0, true);
      memory.close();
      // and a later one, half-written by a writer that died (no such process)
      await writeFile(tempPathFor(segment, DEAD_PID), 'PKBIDX02');

      const after = await createEmbeddedIndex(dir, { compactBytes: 1 });
      expect(await answers(after)).toEqual(before);
      await after.indexNotice(catalogueRecord(5));
      await after.flush(); // and the merge it started
      const next = await files.manifest();
      expect(next.generation).toBeGreaterThan(published.generation);
      // the published segments alone: the orphan replaced, the dead writer's temp file removed
      expect((await readdir(dir)).filter((name) => name.startsWith('segment-'))).toEqual(
        next.segments?.map((segment) => segment.name),
      );
      expect((await after.search('清单', { limit: 100 })).hits.map((hit) => hit.noticeId).sort()).toEqual([
        'n0',
        'n1',
        'n2',
        'n3',
        'n4',
        'n5',
      ]);
      await after.close();
    } finally {
      await cleanup();
    }
  });

  it('loads a first-format snapshot and rewrites it as a segment on the next publish', async () => {
    const [{ dir, cleanup }, other] = [await tempDir(), await tempDir()];
    try {
      const records = [0, 1, 2].map((n) => catalogueRecord(n));
      const reference = await createEmbeddedIndex(other.dir, { compactBytes: NEVER });
      await reference.indexNotices(records);
      await writeFile(join(dir, 'snapshot-3.bin'), legacySnapshot(records));
      await writeFile(join(dir, 'journal-3.jsonl'), '');
      await writeFile(join(dir, 'manifest.json'), `${JSON.stringify({ generation: 3 })}\n`);

      const index = await createEmbeddedIndex(dir);
      expect(await answers(index)).toEqual(await answers(reference));
      await index.indexNotice(catalogueRecord(3));
      await reference.indexNotice(catalogueRecord(3));
      await index.flush();
      const manifest: Manifest = await new IndexFiles(dir).manifest();
      expect(manifest.segments).toHaveLength(1);
      expect(await readdir(dir)).not.toContain('snapshot-3.bin');
      const reopened = await createEmbeddedIndex(dir);
      expect(await answers(reopened)).toEqual(await answers(reference));
      await Promise.all([index.close(), reopened.close(), reference.close()]);
    } finally {
      await cleanup();
      await other.cleanup();
    }
  });

  it('two instances on one directory see each other’s writes, removals and merges', async () => {
    const { dir, cleanup } = await tempDir();
    const a = await createEmbeddedIndex(dir, { compactBytes: 20_000 });
    const b = await createEmbeddedIndex(dir, { compactBytes: 20_000 });
    try {
      await a.indexNotices([0, 1, 2].map((n) => catalogueRecord(n)));
      expect((await b.stats()).versions).toBe(3);
      for (let n = 3; n < 20; n++) await (n % 2 ? b : a).indexNotice(catalogueRecord(n));
      await b.removeNotice('n4');
      await a.indexNotice(catalogueRecord(7, 2));
      expect((await new IndexFiles(dir).manifest()).segments?.length).toBeGreaterThan(0);
      expect(await answers(a)).toEqual(await answers(b));
      const stats = await a.stats();
      expect(stats.versions).toBe(20);
      expect(await b.stats()).toEqual(stats);
      expect((await b.search('清单', { limit: 100 })).hits.map((hit) => hit.noticeId)).not.toContain('n4');
    } finally {
      await a.close();
      await b.close();
      await cleanup();
    }
  });

  it('writers that replay on read (queue workers) leave the same index as one that replays on every write', async () => {
    const [shared, single] = [await tempDir(), await tempDir()];
    // small enough that the writers write segments (and merge them) several times over
    const w1 = await createEmbeddedIndex(shared.dir, { compactBytes: 20_000, replayOnRead: true });
    const w2 = await createEmbeddedIndex(shared.dir, { compactBytes: 20_000, replayOnRead: true });
    const reader = await createEmbeddedIndex(shared.dir);
    const eager = await createEmbeddedIndex(single.dir, { compactBytes: 20_000 });
    try {
      const writes: [number, (index: typeof w1) => Promise<void>][] = [];
      for (let n = 0; n < 30; n++) writes.push([n % 2, (index) => index.indexNotice(catalogueRecord(n))]);
      writes.push([1, (index) => index.removeNotice('n4')]);
      writes.push([0, (index) => index.indexNotice(catalogueRecord(7, 2))]);
      writes.push([1, (index) => index.indexNotice({ ...catalogueRecord(9, 2), current: false })]);
      for (const [who, write] of writes) {
        await write(who === 0 ? w1 : w2);
        await write(eager);
      }
      // a writer's own read catches up with both writers' changes
      await w1.flush();
      await w2.flush();
      expect((await new IndexFiles(shared.dir).manifest()).segments?.length).toBeGreaterThan(1);
      const expected = await answers(eager);
      expect(await answers(reader)).toEqual(expected);
      expect(await answers(w1)).toEqual(expected);
      expect(await answers(w2)).toEqual(expected);
      expect(await reader.stats()).toMatchObject({ versions: (await eager.stats()).versions });
      const reopened = await createEmbeddedIndex(shared.dir);
      expect(await answers(reopened)).toEqual(expected);
      await reopened.close();
    } finally {
      for (const index of [w1, w2, reader, eager]) await index.close();
      await shared.cleanup();
      await single.cleanup();
    }
  });
});

describe('merge plan', () => {
  it('merges the newest segments while the one before is no larger (a binary counter)', () => {
    expect(segmentsKept([], 5)).toBe(0);
    expect(segmentsKept([8], 5)).toBe(1);
    expect(segmentsKept([8, 4, 2], 2)).toBe(0);
    expect(segmentsKept([8, 4, 1], 2)).toBe(2);
    expect(planPublish([{ from: 0, end: 8 }], 10, 10)).toEqual({ kept: 1, from: 8, dense: false });
    expect(planPublish(null, 10, 10)).toEqual({ kept: 0, from: 0, dense: true });
    expect(planPublish([{ from: 0, end: 100 }], 101, 40)).toEqual({ kept: 0, from: 0, dense: true });
    expect(planPublish([{ from: 0, end: 8 }], 8, 0)).toEqual({ kept: 0, from: 0, dense: true });
    const segments = (sizes: number[]) => sizes.map((size, i) => ({ from: 100 * i, end: 100 * i + size }));
    expect(mergeStart(segments([8, 3]))).toBeNull();
    expect(mergeStart(segments([8, 4, 4]))).toBe(0);
    expect(mergeStart(segments([8, 2, 2]))).toBe(1);
    expect(mergeStart(segments([8]))).toBeNull();
  });

  it('rewrites each document O(log n) times and keeps O(log n) segments', () => {
    let sizes: number[] = [];
    let written = 0;
    const flushes = 4096;
    for (let i = 0; i < flushes; i++) {
      const kept = segmentsKept(sizes, 1);
      const merged = sizes.slice(kept).reduce((a, b) => a + b, 1);
      written += merged;
      sizes = [...sizes.slice(0, kept), merged];
      expect(sizes.length).toBeLessThanOrEqual(1 + Math.log2(i + 1));
    }
    expect(written).toBeLessThanOrEqual(flushes * (1 + Math.log2(flushes)));
  });
});

/** A snapshot in the first format (PKBIDX01), as the adapter wrote it before segments. */
function legacySnapshot(records: ReturnType<typeof catalogueRecord>[]): Buffer {
  const memory = new MemoryIndex();
  for (const r of records) memory.replaceVersion(r.id, r.version, r.current, documentsOf(r));
  const docs = records.flatMap(documentsOf);
  const grams = [...memory.grams.terms()].map((term) => [term, memory.grams.get(term)] as const);
  const filters = [...memory.filters.terms()].map((term) => [term, memory.filters.get(term)] as const);
  const meta: LegacyMeta = {
    docs: docs.map((doc, id) => memory.doc(id) ?? doc),
    grams: grams.map(([term]) => term),
    gramLengths: grams.map(([, list]) => list?.length ?? 0),
    filters: filters.map(([term]) => term),
    filterLengths: filters.map(([, list]) => list?.length ?? 0),
  };
  const json = Buffer.from(JSON.stringify(meta));
  const header = Buffer.alloc(16);
  header.write(LEGACY_MAGIC, 0, 'latin1');
  header.writeUInt32LE(json.length, 8);
  const lists = [...grams, ...filters].map(([, list]) => list);
  const ids = Buffer.concat(
    lists.map((list) => new Uint8Array(list ? list.ids.slice(0, list.length).buffer : new ArrayBuffer(0))),
  );
  const masks = Buffer.concat(grams.map(([, list]) => Buffer.from(list?.masks.slice(0, list.length) ?? [])));
  return Buffer.concat([header, json, Buffer.alloc((4 - (json.length % 4)) % 4), ids, masks]);
}
