import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import type { IndexUnderTest } from './contract.ts';
import { type SeededStore, seedStore } from './fixtures.ts';

/** The changing half of the contract: versions, removal, clearing, escaping, persistence. */
export function testIndexChanges(name: string, open: () => Promise<IndexUnderTest>, skip?: string): void {
  describe.skipIf(Boolean(skip))(
    `SearchIndex contract, changes: ${name}${skip ? ` (skipped: ${skip})` : ''}`,
    () => {
      let seeded: SeededStore;
      let sut: IndexUnderTest;
      let index: SearchIndex;
      let guandu: StoredNotice;
      const opened: SearchIndex[] = [];

      beforeAll(async () => {
        seeded = await seedStore();
        guandu = seeded.records.find((r) => r.notice.meta.region?.name === '官渡区') as StoredNotice;
      });
      afterAll(() => seeded?.cleanup());
      beforeEach(async () => {
        sut = await open();
        index = sut.index;
      });
      afterEach(async () => {
        for (const other of opened.splice(0)) await other.close();
        await index.close();
        await sut.cleanup();
      });

      it('shows the current version only, unless asked for all; a correction supersedes', async () => {
        const v2 = corrected(guandu, 2, '对药品、医用耗材价格进行监督检查（更正）');
        await index.indexNotice(guandu);
        await index.indexNotice(v2);
        const current = await index.search('价格', { region: '官渡区' });
        expect(current.hits.every((h) => h.version === 2 && h.current)).toBe(true);
        expect(current.hits[0]?.title).toContain('（更正）');
        const all = await index.search('价格', { region: '官渡区', currentOnly: false, limit: 50 });
        const v1 = all.hits.filter((h) => h.version === 1);
        expect(v1.length).toBeGreaterThan(0);
        expect(v1.every((h) => !h.current)).toBe(true);
      });

      it('keeps the newer version current when an older one is indexed late, and re-indexing is idempotent', async () => {
        await index.indexNotice(corrected(guandu, 2, '对药品、医用耗材价格进行监督检查（更正）'));
        await index.indexNotice({ ...guandu, current: false });
        await index.indexNotice({ ...guandu, current: false });
        const { hits, total } = await index.search('价格', { region: '官渡区' });
        expect(hits.every((h) => h.version === 2)).toBe(true);
        expect(total).toBe(2);
        const all = await index.search('价格', { region: '官渡区', currentOnly: false });
        expect(all.total).toBe(4);
      });

      it('removes a notice and clears everything', async () => {
        await index.indexNotices(seeded.records);
        expect((await index.search('价格')).total).toBeGreaterThan(0);
        await index.removeNotice(guandu.id);
        expect((await index.search('价格', { region: '官渡区' })).total).toBe(0);
        expect((await index.search('封存')).total).toBeGreaterThan(0);
        await index.clear();
        expect((await index.search('封存')).total).toBe(0);
        expect((await index.stats()).documents).toEqual({ item: 0, article: 0, notice: 0 });
      });

      it('counts documents and versions', async () => {
        await index.indexNotices(seeded.records);
        const stats = await index.stats();
        expect(stats.documents).toEqual({ item: 24, article: 64, notice: 5 });
        expect(stats.versions).toBe(5);
      });

      it('escapes HTML in snippets and marks matches', async () => {
        await index.indexNotice(corrected(guandu, 1, '对<1号>"价格"& 价格监督检查'));
        const { hits } = await index.search('价格监督');
        const snippet = hits[0]?.snippet ?? '';
        expect(snippet).not.toMatch(/<1号>|"/);
        expect(snippet).toContain('&lt;1号&gt;&quot;<mark>价格</mark>&quot;&amp;');
        expect(snippet).toContain('<mark>价格监督</mark>');
      });

      it('is visible to a second instance on the same storage, after writes on either', async () => {
        if (!sut.reopen) return;
        await index.indexNotices(seeded.records);
        const second = await sut.reopen();
        opened.push(second);
        expect((await second.search('封存')).hits.map((h) => h.noticeId)).toEqual(
          (await index.search('封存')).hits.map((h) => h.noticeId),
        );
        await second.removeNotice(guandu.id);
        await second.flush();
        expect((await index.search('价格', { region: '官渡区' })).total).toBe(0);
        await index.indexNotice(guandu);
        expect((await second.search('价格', { region: '官渡区' })).total).toBe(2);
      });
    },
  );
}

/** Another version of a record whose 4th item (a 价格 item) has a new name. */
function corrected(record: StoredNotice, version: number, name: string): StoredNotice {
  const copy = structuredClone(record);
  const item = copy.notice.tables[0]?.items[3];
  if (item) item.name = name;
  return { ...copy, version, current: true };
}
