import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import { BadInputError } from '../../src/errors.ts';
import { extractBytes } from '../../src/extract/from-file.ts';
import { migrateRenditions } from '../../src/pipeline/renditions-migration.ts';
import { createEmbeddedIndex } from '../../src/search/embedded/adapter.ts';
import { catalogueKey, noticeIdFor } from '../../src/store/catalogue-key.ts';
import { noticeKey } from '../../src/store/identity.ts';
import type { NoticeStore } from '../../src/store/types.ts';
import { testDerivedData } from './contract-derived.ts';
import { testListOriginals } from './contract-originals.ts';
import { loadUploads, save, type Upload, type Uploads, variant } from './fixtures.ts';

/** One adapter under test, opened on fresh, empty storage. */
export interface StoreUnderTest {
  store: NoticeStore;
  /** A second instance on the same storage (same directory, same schema). */
  reopen(): Promise<NoticeStore>;
  /** How many copies of these bytes the adapter holds (looks behind the port, for tests only). */
  copies(sha256: string): Promise<number>;
  /** Removes the storage; the stores are closed by then. */
  cleanup(): Promise<void>;
  /**
   * Writes versions the way the adapter did before renditions existed (no content key, no
   * format, every file its own version), into storage nothing has read yet; originals stored.
   */
  saveAsBefore(records: StoredNotice[]): Promise<void>;
}

/**
 * The contract every NoticeStore adapter passes (after unstorage's `testDriver`): each test gets
 * fresh storage from `open`.
 */
export function testNoticeStore(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`NoticeStore contract: ${name}`, () => {
    let up: Uploads;
    let sut: StoreUnderTest;
    let store: NoticeStore;
    const reopened: NoticeStore[] = [];
    const reopen = async () => {
      const again = await sut.reopen();
      reopened.push(again);
      return again;
    };

    beforeAll(async () => {
      up = await loadUploads();
    });
    beforeEach(async () => {
      sut = await open();
      store = sut.store;
    });
    afterEach(async () => {
      for (const again of reopened.splice(0)) await again.close();
      await store.close();
      await sut.cleanup();
    });

    it('stores originals content-addressed, once, under their base name', async () => {
      const ref = await store.putOriginal(up.first.bytes, 'uploads/2024/first.txt');
      expect(ref).toMatchObject({
        sha256: sha(up.first.bytes),
        fileName: 'first.txt',
        bytes: up.first.bytes.length,
      });
      expect(await store.getOriginal(ref.sha256)).toEqual(up.first.bytes);
      expect(await store.getOriginalRef(ref.sha256)).toEqual(ref);
      expect(await store.putOriginal(up.first.bytes, 'again.txt')).toEqual(ref);
      expect(await sut.copies(ref.sha256)).toBe(1);
      expect((await store.putOriginal(up.other.bytes, 'C:\\docs\\其他.txt')).fileName).toBe('其他.txt');
      await expect(store.putOriginal(up.older.bytes, '../../etc/passwd')).rejects.toThrow(BadInputError);
      await expect(store.putOriginal(up.older.bytes, 'dir/')).rejects.toThrow(BadInputError);
      expect(await store.getOriginal('0'.repeat(64))).toBeNull();
      expect(await store.getOriginalRef('../../etc/passwd')).toBeNull();
    });

    it('saves a first notice as v1, current, and saving the same bytes again creates nothing', async () => {
      const { record, created } = await save(store, up.first);
      expect(created).toBe(true);
      expect(record).toMatchObject({
        id: noticeIdFor(up.first.key, up.first.notice),
        version: 1,
        current: true,
        catalogueKey: up.first.key,
        sha256: sha(up.first.bytes),
        sourceFile: 'first.txt',
        status: 'stored',
        notice: up.first.notice,
      });
      expect(await store.getNotice(record.id)).toEqual(record);
      expect(await store.findBySha(record.sha256)).toEqual(record);
      expect(await save(store, up.first)).toEqual({ record, created: false, rendition: false });
      expect(record.renditions).toEqual([
        {
          sha256: record.sha256,
          sourceFile: 'first.txt',
          format: record.notice.source?.format ?? 'unknown',
          storedAt: record.createdAt,
          differences: [],
        },
      ]);
      expect(await store.listVersions(record.id)).toEqual([record]);
    });

    it('versions a catalogue: a correction becomes current, an older notice arriving late does not', async () => {
      const v1 = (await save(store, up.first)).record;
      const v2 = (await save(store, up.corrected)).record;
      expect(v2).toMatchObject({ id: v1.id, version: 2, current: true });
      expect(await store.getNotice(v1.id, 1)).toEqual({
        ...v1,
        current: false,
        updatedAt: expect.any(String),
      });
      expect(await store.getNotice(v1.id)).toEqual(v2);

      const v3 = (await save(store, up.older)).record;
      expect(v3).toMatchObject({ id: v1.id, version: 3, current: false });
      expect((await store.getNotice(v1.id))?.version).toBe(2);
      const versions = await store.listVersions(v1.id);
      expect(versions.map((v) => [v.version, v.current])).toEqual([
        [1, false],
        [2, true],
        [3, false],
      ]);
      expect(await store.getNotice(v1.id, 4)).toBeNull();
    });

    it('keeps catalogues apart and lists every version or only current ones, by id then version', async () => {
      const a = (await save(store, up.first)).record;
      await save(store, up.corrected);
      const b = (await save(store, up.other)).record;
      expect(b).toMatchObject({ version: 1, current: true });
      expect(b.id).not.toBe(a.id);
      const all = await store.listNotices();
      const versions: Record<string, number[]> = { [a.id]: [1, 2], [b.id]: [1] };
      const ids = [a.id, b.id].sort();
      const expected = ids.flatMap((id) => (versions[id] ?? []).map((version) => [id, version]));
      expect(all.map((r) => [r.id, r.version])).toEqual(expected);
      const current = await store.listNotices({ currentOnly: true });
      expect(current.map((r) => [r.id, r.version])).toEqual(ids.map((id) => [id, id === a.id ? 2 : 1]));
      expect(current.every((r) => r.current)).toBe(true);
    });

    it('sets the status of one version', async () => {
      const v1 = (await save(store, up.first)).record;
      const v2 = (await save(store, up.corrected)).record;
      await store.setStatus(v1.id, 1, 'indexed');
      const updated = await store.getNotice(v1.id, 1);
      expect(updated).toMatchObject({ status: 'indexed', version: 1, current: false });
      expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(v1.createdAt));
      expect(await store.getNotice(v1.id, 2)).toEqual(v2);
      await expect(store.setStatus(v1.id, 9, 'indexed')).rejects.toThrow(/v9/);
    });

    it('refuses a notice whose original was never stored, and finds nothing for unknown keys', async () => {
      const input = { notice: up.first.notice, catalogueKey: up.first.key, sourceFile: 'x.txt' };
      await expect(store.saveNotice({ ...input, sha256: sha(up.first.bytes) })).rejects.toThrow(
        /putOriginal/,
      );
      expect(await store.listNotices()).toEqual([]);
      expect(await store.getNotice('530111-0000000000')).toBeNull();
      expect(await store.getNotice('../../etc')).toBeNull();
      expect(await store.listVersions('530111-0000000000')).toEqual([]);
      expect(await store.findBySha('f'.repeat(64))).toBeNull();
    });

    it('serialises 20 concurrent saves of 5 uploads (two instances): 4 versions and a rendition, versions without gaps', async () => {
      const uploads = [
        ...['a1', 'a2', 'a3'].map((label, i) => variant(up.first, label, `2024-0${i + 1}-01`)),
        // the same content from two files: one version, two renditions
        ...['b1', 'b2'].map((label) => variant(up.other, label)),
      ];
      const second = await reopen();
      const calls = Array.from({ length: 20 }, (_, i) => uploads[(i * 3) % 5] as Upload);
      const results = await Promise.all(calls.map((u, i) => save(i % 2 ? second : store, u)));

      expect(results.filter((r) => r.created)).toHaveLength(4);
      expect(new Set(results.filter((r) => r.rendition).map((r) => r.record.id))).toHaveLength(1);
      const records = await store.listNotices();
      expect(records).toHaveLength(4);
      const b = records.find((r) => r.catalogueKey === up.other.key);
      expect(b?.renditions.map((r) => r.sourceFile).sort()).toEqual(['b1.txt', 'b2.txt']);
      for (const { record } of results) expect(records).toContainEqual(await store.findBySha(record.sha256));
      for (const id of new Set(records.map((r) => r.id))) {
        const versions = await store.listVersions(id);
        expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
        expect(versions.filter((v) => v.current)).toHaveLength(1);
      }
      const a = records.find((r) => r.catalogueKey === up.first.key && r.current);
      expect(a?.notice.meta.issuedOn).toBe('2024-03-01');
    });

    it('keeps one version per content: the same notice from another file or format is a rendition', async () => {
      const v1 = (await save(store, up.first)).record;
      // the same content from other bytes: a rendition, no version
      const copy = variant(up.first, 'copy', up.first.notice.meta.issuedOn ?? '2024-03-01');
      copy.notice = structuredClone(up.first.notice);
      const same = await save(store, copy);
      expect(same).toMatchObject({ created: false, rendition: true, record: { id: v1.id, version: 1 } });
      expect(same.record.renditions.map((r) => [r.sourceFile, r.differences])).toEqual([
        ['first.txt', []],
        ['copy.txt', []],
      ]);
      // the same notice as a PDF that lost a row: a rendition whose differences say so
      const pdf = variant(up.first, 'scan', up.first.notice.meta.issuedOn ?? '2024-03-01');
      pdf.notice = structuredClone(up.first.notice);
      expect(pdf.notice.source).not.toBeNull();
      if (pdf.notice.source) pdf.notice.source.format = 'pdf';
      const lost = pdf.notice.tables[0]?.items.pop();
      const scanned = await save(store, pdf);
      expect(scanned).toMatchObject({ created: false, rendition: true, record: { version: 1 } });
      const differences = scanned.record.renditions.at(-1)?.differences ?? [];
      expect(differences.map((d) => d.code)).toContain('rendition_missing_items');
      expect(differences.map((d) => d.message).join('\n')).toContain(`PDF版表1缺少 1 项（第${lost?.seq}项）`);
      // both renditions' bytes find the version, and a new instance sees the same
      expect((await store.findBySha(sha(pdf.bytes)))?.version).toBe(1);
      const again = await reopen();
      expect(await again.getNotice(v1.id)).toEqual(await store.getNotice(v1.id));
      expect((await again.findBySha(sha(copy.bytes)))?.renditions).toHaveLength(3);
      // other content in a format the version has already: a new version
      const corrected = await save(store, up.corrected);
      expect(corrected).toMatchObject({ created: true, rendition: false, record: { id: v1.id, version: 2 } });
      expect(await store.listVersions(v1.id)).toHaveLength(2);
    });

    it('reindex --renditions: a notice saved as one version per format becomes one version with four renditions', async () => {
      const seed = '000_2cf1152d849efe07';
      const files = [
        `seeds/${seed}.txt`,
        ...['docx', 'html', 'pdf'].map((f) => `test/fixtures/renditions/${seed}.${f}`),
      ];
      const records: StoredNotice[] = [];
      for (const [k, path] of files.entries()) {
        const bytes = new Uint8Array(readFileSync(path));
        const ref = await store.putOriginal(bytes, basename(path));
        const notice = await extractBytes(bytes, basename(path));
        const at = new Date(Date.UTC(2025, 0, 1 + k)).toISOString();
        records.push({
          id: '110000-0123456789',
          version: k + 1,
          current: k === files.length - 1,
          catalogueKey: catalogueKey(notice),
          sourceFile: basename(path),
          sha256: ref.sha256,
          status: 'indexed',
          createdAt: at,
          updatedAt: at,
          notice,
          renditions: [],
          reviewed: null,
        });
      }
      await sut.saveAsBefore(records);
      const before = await reopen();
      expect(await before.listVersions('110000-0123456789')).toHaveLength(4);
      const indexDir = await mkdtemp(join(tmpdir(), 'policy-kb-migrate-index-'));
      const index = await createEmbeddedIndex(indexDir);
      try {
        const migrated = await migrateRenditions(before, index);
        expect(migrated.folded.map((f) => [f.version, f.into])).toEqual([
          [2, 1],
          [3, 1],
          [4, 1],
        ]);
        expect(migrated.identities).toBe(1);
        const [only, ...rest] = await before.listVersions('110000-0123456789');
        expect(rest).toEqual([]);
        expect(only).toMatchObject({ version: 1, current: true });
        expect(only?.renditions.map((r) => r.format)).toEqual(['txt', 'docx', 'html', 'pdf']);
        for (const record of records) expect((await before.findBySha(record.sha256))?.version).toBe(1);
        expect((await index.stats()).versions).toBe(1);
        // a new instance sees the same; a second run changes nothing
        expect(await (await reopen()).listVersions('110000-0123456789')).toEqual([only]);
        expect((await migrateRenditions(before, index)).folded).toEqual([]);
        // the notice's next upload (found by its 文号) joins it
        const next = new TextEncoder().encode(`${readFileSync(files[0] as string, 'utf8')}\n`);
        const ref = await before.putOriginal(next, 'again.txt');
        const notice = await extractBytes(next, 'again.txt');
        const saved = await before.saveNotice({
          notice,
          sha256: ref.sha256,
          catalogueKey: noticeKey(notice),
          sourceFile: 'again.txt',
        });
        expect(saved).toMatchObject({ rendition: true, record: { id: '110000-0123456789', version: 1 } });
      } finally {
        await index.close();
        await rm(indexDir, { recursive: true, force: true });
      }
    });

    testDerivedData(() => ({ store, reopen }));
    testListOriginals(() => ({ store, up, reopen }));

    it('shows everything to a new instance on the same storage', async () => {
      const ref = await store.putOriginal(up.first.bytes, 'first.txt');
      await save(store, up.first);
      await save(store, up.corrected);
      await save(store, up.other);
      await store.setStatus((await store.findBySha(ref.sha256))?.id ?? '', 1, 'indexed');
      const again = await reopen();
      expect(await again.listNotices()).toEqual(await store.listNotices());
      expect(await again.getOriginal(ref.sha256)).toEqual(up.first.bytes);
      expect(await again.getOriginalRef(ref.sha256)).toEqual(ref);
      expect((await save(again, up.corrected)).created).toBe(false);
      expect((await save(again, up.older)).record).toMatchObject({ version: 3, current: false });
    });
  });
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
