import { createHash } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.ts';
import { noticeIdFor } from '../../src/store/catalogue-key.ts';
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
      expect(await save(store, up.first)).toEqual({ record, created: false });
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

    it('serialises 20 concurrent saves of 5 uploads (two instances): 5 records, versions without gaps', async () => {
      const uploads = [
        ...['a1', 'a2', 'a3'].map((label, i) => variant(up.first, label, `2024-0${i + 1}-01`)),
        ...['b1', 'b2'].map((label) => variant(up.other, label)),
      ];
      const second = await reopen();
      const calls = Array.from({ length: 20 }, (_, i) => uploads[(i * 3) % 5] as Upload);
      const results = await Promise.all(calls.map((u, i) => save(i % 2 ? second : store, u)));

      expect(results.filter((r) => r.created)).toHaveLength(5);
      const records = await store.listNotices();
      expect(records).toHaveLength(5);
      for (const { record } of results) expect(records).toContainEqual(await store.findBySha(record.sha256));
      for (const id of new Set(records.map((r) => r.id))) {
        const versions = await store.listVersions(id);
        expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
        expect(versions.filter((v) => v.current)).toHaveLength(1);
      }
      const a = records.find((r) => r.catalogueKey === up.first.key && r.current);
      expect(a?.notice.meta.issuedOn).toBe('2024-03-01');
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
