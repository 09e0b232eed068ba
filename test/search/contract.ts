import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult } from '../../schemas/search.ts';
import { indexRecord } from '../../src/search/index-record.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { testIndexChanges } from './contract-changes.ts';
import { type SeededStore, seedStore } from './fixtures.ts';

/** One adapter under test, opened on a fresh, empty index. */
export interface IndexUnderTest {
  index: SearchIndex;
  /** A second instance on the same storage, when the adapter persists (reads what the first wrote). */
  reopen?(): Promise<SearchIndex>;
  /** Removes the storage; the indexes are closed by then. */
  cleanup(): Promise<void>;
}

/**
 * The contract every SearchIndex adapter passes (after unstorage's `testDriver`), on the five real
 * seeds stored and indexed as the pipeline does. `skip` names why an adapter cannot run here; the
 * suite then shows as skipped with that reason.
 */
export function testSearchIndex(name: string, open: () => Promise<IndexUnderTest>, skip?: string): void {
  const title = `SearchIndex contract: ${name}${skip ? ` (skipped: ${skip})` : ''}`;
  describe.skipIf(Boolean(skip))(title, () => {
    let seeded: SeededStore;
    let sut: IndexUnderTest;
    let index: SearchIndex;
    const search = (q: string, options?: Parameters<SearchIndex['search']>[1]) => index.search(q, options);

    beforeAll(async () => {
      seeded = await seedStore();
      sut = await open();
      index = sut.index;
      for (const record of seeded.records) await indexRecord(index, record, { store: seeded.store });
    });
    afterAll(async () => {
      await index?.close();
      await sut?.cleanup();
      await seeded?.cleanup();
    });

    it('价格 finds 官渡 items 4 and 5 first', async () => {
      const { hits } = await search('价格');
      expect(hits.slice(0, 2).map(where).sort()).toEqual(['官渡区 item 0/4', '官渡区 item 0/5']);
      expect(hits[0]?.snippet).toContain('<mark>价格</mark>');
    });

    it("封存 finds 北京's coercion item 2 and 山南 item 11", async () => {
      const { hits } = await search('封存');
      const items = hits.filter((h) => h.kind === 'item');
      expect(items.slice(0, 2).map(where).sort()).toEqual(['北京市 item 1/2', '山南市 item 0/11']);
      expect(items.find((h) => h.region === '北京市')?.powerType).toBe('行政强制');
    });

    it('举报奖励 finds 山南 item 12 first', async () => {
      const { hits } = await search('举报奖励');
      expect(where(hits[0])).toBe('山南市 item 0/12');
    });

    it('耗材 finds 官渡 items 4 and 6 inside 医用耗材', async () => {
      const { hits } = await search('耗材');
      expect(hits.slice(0, 2).map(where).sort()).toEqual(['官渡区 item 0/4', '官渡区 item 0/6']);
      expect(hits[0]?.snippet).toContain('医用<mark>耗材</mark>');
    });

    it('價格 (traditional) behaves like 价格', async () => {
      const [traditional, simplified] = await Promise.all([search('價格'), search('价格')]);
      expect(traditional.hits.map(where)).toEqual(simplified.hits.map(where));
      expect(traditional.total).toBe(simplified.total);
    });

    it('region 云南省 returns only 官渡 hits, and so do 云南 and its code 530000', async () => {
      for (const region of ['云南省', '云南', '530000']) {
        const { hits, facets } = await search('价格', { region });
        expect(hits.length).toBeGreaterThan(0);
        expect(new Set(hits.map((h) => h.region))).toEqual(new Set(['官渡区']));
        expect(hits[0]?.regionPath).toEqual(['官渡区', '昆明市', '云南省']);
        expect(Object.keys(facets?.region ?? {})).toEqual(['官渡区']);
      }
      expect((await search('监督检查', { region: '昆明市' })).hits.every((h) => h.region === '官渡区')).toBe(
        true,
      );
    });

    it('finds the words of a query apart: 价格监督 in 价格进行监督检查, the phrase ranked first', async () => {
      const { hits } = await search('价格监督');
      expect(where(hits[0])).toBe('官渡区 item 0/4');
      const phrase = await search('医疗保险稽核');
      expect(phrase.hits.slice(0, 2).map((h) => h.title)).toEqual(['医疗保险稽核', '医疗保险稽核']);
    });

    it('ranks name matches above targets and basis', async () => {
      const { hits } = await search('医疗救助');
      const names = hits.filter((h) => h.title.includes('医疗救助'));
      expect(names.length).toBeGreaterThan(0);
      expect(hits.slice(0, names.length)).toEqual(names);
    });

    it('filters by power type, cited law, status and kind, and counts facets', async () => {
      const reward = await search('举报', { powerType: '行政奖励' });
      expect(reward.hits.map(where)).toEqual(['山南市 item 0/12']);
      const cited = await search('登记', { lawCited: '《中华人民共和国社会保险法》第八十四条' });
      expect(cited.hits.map(where)).toEqual(['山南市 item 0/5']);
      const drafts = await search('医疗保障基金', { status: 'draft' });
      expect(drafts.hits.length).toBeGreaterThan(0);
      expect(new Set(drafts.hits.map((h) => h.region))).toEqual(new Set(['河源市']));
      const articles = await search('封存', { kind: 'article' });
      expect(articles.hits.every((h) => h.kind === 'article' && h.article !== null)).toBe(true);
      const price = await search('价格');
      expect(price.facets?.region).toMatchObject({ 官渡区: 2 });
      expect(price.facets?.kind.item).toBeGreaterThanOrEqual(2);
      const bare = await search('价格', { facets: false });
      expect(bare.facets).toBeUndefined();
      expect(bare.hits).toEqual(price.hits);
      expect(bare.total).toBe(price.total);
    });

    it('finds notices by 文号 and pages through hits', async () => {
      const byNumber = await search('京医保发〔2024〕10号');
      expect(byNumber.hits[0]).toMatchObject({ kind: 'notice', region: '北京市', status: 'in-force' });
      const all = await search('医疗保障', { limit: 100 });
      const page = await search('医疗保障', { limit: 5, offset: 5 });
      expect(page.hits.map(where)).toEqual(all.hits.slice(5, 10).map(where));
      expect(page.total).toBe(all.total);
    });

    it('never exposes file system paths in results', async () => {
      const results = await Promise.all(
        ['价格', '医疗', '通知', 'txt', '条'].map((q) => search(q, { limit: 100 })),
      );
      const text = JSON.stringify(results);
      expect(text).not.toContain(seeded.dir);
      expect(text).not.toMatch(/\.txt|seeds\/|\/tmp\/|sourceFile|sha256/);
    });

    it('marks every indexed version as indexed in the store', async () => {
      const records = await seeded.store.listNotices();
      expect(records.map((r) => r.status)).toEqual(records.map(() => 'indexed'));
    });

    it('filters to what waits for review (需复核, as the review queue lists it), and marks those hits', async () => {
      const base = seeded.records.find((r) => r.notice.meta.region?.name === '官渡区');
      if (!base) throw new Error('官渡区 seed missing');
      expect((await search('价格', { needsReview: true })).total).toBe(0);
      const plain = await search('价格');
      expect(plain.hits.length).toBeGreaterThan(0);
      expect(plain.hits.every((hit) => hit.needsReview === false)).toBe(true);
      const waiting = {
        ...base,
        id: `${base.id}x`,
        notice: { ...base.notice, review: { needed: false, confidence: 0.5, reasons: ['columns-guessed'] } },
      };
      const reviewed = {
        ...waiting,
        id: `${base.id}y`,
        reviewed: {
          by: '张三',
          at: '2026-12-05T06:00:00.000Z',
          reason: '已核对',
          basedOn: 1,
          corrections: [],
          changes: [],
        },
      };
      await indexRecord(index, waiting);
      await indexRecord(index, reviewed);
      try {
        const found = await search('价格', { needsReview: true });
        expect(found.hits.length).toBeGreaterThan(0);
        expect(new Set(found.hits.map((hit) => hit.noticeId))).toEqual(new Set([waiting.id]));
        expect(found.hits.every((hit) => hit.needsReview)).toBe(true);
        const both = await search('价格', { needsReview: true, powerType: '行政检查' });
        expect(both.hits.every((hit) => hit.noticeId === waiting.id && hit.powerType === '行政检查')).toBe(
          true,
        );
        const all = await search('价格', { limit: 100 });
        expect(all.hits.some((hit) => hit.noticeId === reviewed.id && !hit.needsReview)).toBe(true);
      } finally {
        await index.removeNotice(waiting.id);
        await index.removeNotice(reviewed.id);
      }
      expect((await search('价格', { needsReview: true })).total).toBe(0);
    });

    it('answers nothing, not an error, for a query without letters or unknown words', async () => {
      expect((await search('、。')).hits).toEqual([]);
      expect((await search('量子纠缠')).hits).toEqual([]);
    });
  });
  testIndexChanges(name, open, skip);
}

/** `<region> <kind> <table>/<seq>` of a hit, for readable assertions. */
export function where(hit: SearchHit | undefined): string {
  if (!hit) return 'none';
  return `${hit.region} ${hit.kind} ${hit.table ?? '-'}/${hit.seq ?? hit.article ?? '-'}`;
}

export type { SearchResult };
