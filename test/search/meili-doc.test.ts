import { describe, expect, it } from 'vitest';
import { documentsOf } from '../../src/search/documents.ts';
import { meiliQuery, meiliSettings, toMeiliDoc } from '../../src/search/meili-doc.ts';
import { parseQuery } from '../../src/search/query.ts';
import { seedStore } from './fixtures.ts';

/** The Meilisearch adapter's pure half, checked without a server: documents, settings, queries. */
describe('Meilisearch documents and settings', () => {
  it('indexes gram tokens that make substring queries match (耗材 in 医用耗材, 价格监督 in 价格进行监督检查)', async () => {
    const seeded = await seedStore();
    const guandu = seeded.records.find((r) => r.notice.meta.region?.name === '官渡区');
    await seeded.cleanup();
    if (!guandu) throw new Error('官渡 is missing');
    const item = documentsOf(guandu).find((d) => d.kind === 'item' && d.seq === 4);
    if (!item) throw new Error('官渡 item 4 is missing');
    const doc = toMeiliDoc(item);
    expect(doc.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(doc).toMatchObject({
      kind: 'item',
      region: '官渡区',
      regionCodes: ['530111', '530100', '530000'],
    });
    const tokens = new Set(doc.g_name.split(' '));
    for (const query of ['耗材', '价格监督', '價格', '药品价格']) {
      const wanted = meiliQuery(parseQuery(query)).split(' ');
      expect(wanted.length).toBeGreaterThan(0);
      for (const token of wanted) expect(tokens, `${query}: ${token}`).toContain(token);
    }
    expect(meiliQuery(parseQuery('耗材'))).toMatch(/^b[0-9a-f]{12}$/);
    expect(meiliQuery(parseQuery('药'))).toMatch(/^u[0-9a-f]{6}$/);
    expect(doc.u_all.split(' ')).toContain(meiliQuery(parseQuery('药')));
  });

  it('configures the index explicitly: attributes, zho, synonyms, typo tolerance', () => {
    const settings = meiliSettings();
    expect(settings.searchableAttributes?.slice(0, 4)).toEqual([
      'g_name',
      'g_targets',
      'g_body',
      'g_context',
    ]);
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining([
        'regionCodes',
        'regionPath',
        'powerType',
        'laws',
        'status',
        'current',
        'noticeId',
      ]),
    );
    expect(settings.sortableAttributes).toEqual(['issuedOn', 'version']);
    // facet values by count: the adapter cuts the top 20 laws from them (alphabetical is the default)
    expect(settings.faceting).toEqual({ maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } });
    expect(settings.localizedAttributes).toEqual([
      { attributePatterns: expect.any(Array), locales: ['zho'] },
    ]);
    expect(settings.synonyms?.医保).toEqual(['医疗保障', '医疗保险']);
    const encoded = meiliQuery(parseQuery('医保'));
    expect(settings.synonyms?.[encoded]).toEqual([
      meiliQuery(parseQuery('医疗保障')),
      meiliQuery(parseQuery('医疗保险')),
    ]);
    expect(settings.typoTolerance).toMatchObject({
      disableOnNumbers: true,
      disableOnAttributes: expect.arrayContaining(['docNumber', 'g_name', 'u_all']),
    });
  });
});

describe('query parsing', () => {
  it('converts traditional characters, keeps words apart and joins, drops function characters', () => {
    expect(parseQuery('價格').words.map((w) => w.text)).toEqual(['价格']);
    const split = parseQuery('价格监督');
    expect(split.words.map((w) => w.text)).toEqual(['价格', '监督']);
    expect(split.joins).toEqual(['格监']);
    expect(split.phrases).toEqual(['价格监督']);
    expect(parseQuery('对药品').words.map((w) => w.text)).toEqual(['药品']);
    expect(parseQuery('医保').words[0]?.spellings.map((s) => s.text)).toEqual([
      '医保',
      '医疗保障',
      '医疗保险',
    ]);
    expect(parseQuery('医疗 保障').phrases).toEqual(['医疗', '保障']);
    expect(parseQuery('京医保发〔2024〕10号').words.map((w) => w.spellings[0]?.grams.join('+'))).toEqual(
      expect.arrayContaining(['京医', '医保', '保发', '20+02+24', '10', '0号']),
    );
    expect(parseQuery('、。').words).toEqual([]);
  });
});
