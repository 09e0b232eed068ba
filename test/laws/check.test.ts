import { beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../schemas/notice.ts';
import { extractFile } from '../../src/extract/from-file.ts';
import { checkCitation, checkCitations } from '../../src/laws/check.ts';
import { referenceLaws } from '../../src/laws/library.ts';
import { matchQuote } from '../../src/laws/quote.ts';

const library = referenceLaws();
let beijing: Notice;
let shannan: Notice;
let guandu: Notice;

beforeAll(async () => {
  const read = (f: string) => extractFile(`seeds/${f}.txt`);
  beijing = await read('000_2cf1152d849efe07');
  shannan = await read('001_0b30fb75eabd2adf');
  guandu = await read('003_2a9d65f420513247');
});

const at = (checks: ReturnType<typeof checkCitations>, table: number, seq: number) =>
  checks.filter((c) => c.item?.table === table && c.item.seq === seq);

describe('checkCitations (seeds against reference/laws)', () => {
  it('reports 北京 citing 《医疗保障基金使用监督管理条例》第七十五条, which does not exist (50 articles)', () => {
    const [check] = at(checkCitations(beijing), 1, 2);
    expect(check).toMatchObject({
      status: 'article-not-found',
      citation: { law: '医疗保障基金使用监督管理条例', article: 75 },
      statute: { name: '医疗保障基金使用监督管理条例', articles: 50 },
      matchesArticle: 27,
    });
    expect(check?.message).toContain('第七十五条：条号不存在（该法规共 50 条）');
    expect(check?.message).toContain('共 50 条');
  });

  it('reports laws outside the reference set as unverified, never as wrong', () => {
    const checks = [...checkCitations(shannan), ...checkCitations(guandu), ...checkCitations(beijing)];
    const outside = checks.filter((c) => library.resolve(c.citation.law) === null);
    expect(outside.length).toBeGreaterThan(10);
    expect(new Set(outside.map((c) => c.status))).toEqual(new Set(['unverified']));
    expect(outside.map((c) => c.citation.law)).toContain('零售药店医疗保障定点管理暂行办法');
    expect(outside.every((c) => c.statute === null)).toBe(true);
  });

  it('accepts excerpts: a lead-in with one item (五), and text cut with ……', () => {
    const [a27] = at(checkCitations(shannan), 0, 11).filter((c) => c.citation.article === 27);
    expect(a27?.status).toBe('ok');
    const a41 = at(checkCitations(shannan), 0, 10).find((c) => c.citation.article === 41);
    expect(a41?.status).toBe('ok');
  });

  it('reports a quote that departs from the statute, with where it departs', () => {
    const [a63] = at(checkCitations(beijing), 1, 1);
    expect(a63).toMatchObject({
      status: 'quote-differs',
      severity: 'minor',
      citation: { article: 63, paragraph: 2 },
    });
    expect(a63?.spans).toContainEqual({ quote: '保险经办机构', statute: '保险费征收机构' });
    const typo = at(checkCitations(shannan), 0, 12).find((c) => c.citation.article === 35);
    expect(typo?.spans).toEqual([{ quote: '应当杨通举', statute: '应当畅通举' }]);
  });

  it('checks paragraphs and items exist; a citation without an article is noted, not a problem', () => {
    const base = {
      law: '社会保险法',
      paragraph: null,
      item: null,
      orderNo: null,
      quote: null,
      verbatim: 'x',
    };
    expect(checkCitation({ ...base, article: 63, paragraph: 5 }, null, library).status).toBe(
      'paragraph-not-found',
    );
    expect(checkCitation({ ...base, article: 63, paragraph: 2, item: 3 }, null, library).status).toBe(
      'item-not-found',
    );
    expect(checkCitation({ ...base, article: null }, null, library).status).toBe('article-unstated');
    expect(checkCitation({ ...base, article: 99 }, null, library).status).toBe('article-not-found');
  });

  it('scores a quote as the share found verbatim, excerpt by excerpt', () => {
    expect(matchQuote('甲乙丙丁戊己……庚辛壬癸子丑', '前文甲乙丙丁戊己中间庚辛壬癸子丑后文')?.similarity).toBe(
      1,
    );
    expect(matchQuote('甲乙丙丁戊己', '甲乙丙X戊己')?.similarity).toBeCloseTo(5 / 6);
    expect(matchQuote('短', '短文')).toBeNull();
  });
});
