import { describe, expect, it } from 'vitest';
import { chineseNumber, formatCitation } from '../../src/laws/format.ts';
import { createLawLibrary, referenceLaws } from '../../src/laws/library.ts';
import { parseStatute } from '../../src/laws/parse.ts';

describe('the statute reference set (reference/laws)', () => {
  const library = referenceLaws();

  it('parses every statute with its articles numbered 1…n, without gaps', () => {
    expect(library.statutes.map((s) => s.name).sort()).toEqual(
      [
        '价格法',
        '劳动合同法',
        '劳动法',
        '医疗保障基金使用监督管理条例',
        '基本医疗卫生与健康促进法',
        '社会保险法',
        '社会保险费征缴暂行条例',
        '社会救助暂行办法',
        '药品管理法',
        '行政处罚法',
        '行政强制法',
      ].sort(),
    );
    for (const statute of library.statutes) {
      expect(statute.articles.map((a) => a.number)).toEqual(statute.articles.map((_, i) => i + 1));
      expect(statute.edition).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(library.resolve('医疗保障基金使用监督管理条例')?.articles).toHaveLength(50);
  });

  it('resolves short, full and edition-marked titles to one statute', () => {
    const statute = library.resolve('社会保险法');
    expect(statute?.fullName).toBe('中华人民共和国社会保险法');
    expect(library.resolve('《中华人民共和国社会保险法》')).toBe(statute);
    expect(library.resolve('社会保险法（2018年修正）')).toBe(statute);
    expect(library.resolve('零售药店医疗保障定点管理暂行办法')).toBeNull();
  });

  it('keeps chapters, paragraphs (款) and items (项)', () => {
    const ssl = library.resolve('社会保险法');
    const a63 = ssl && library.article(ssl, 63);
    expect(a63?.chapter).toBe('第七章 社会保险费征缴');
    expect(a63?.paragraphs).toHaveLength(3);
    expect(a63?.paragraphs[1]?.text).toMatch(/^用人单位逾期仍未缴纳或者补足社会保险费的/);
    const rule = library.resolve('医疗保障基金使用监督管理条例');
    const a27 = rule && library.article(rule, 27);
    expect(a27?.paragraphs[0]?.items[4]).toBe('（五）对可能被转移、隐匿或者灭失的资料等予以封存；');
    expect(rule && library.article(rule, 75)).toBeNull();
    const penalties = library.resolve('行政处罚法');
    expect(penalties?.articles.find((a) => a.section)?.section).toBe('第一节 一般规定');
  });

  it('parses a statute file on its own and suggests a reference title for a misspelt one', () => {
    const statute = parseStatute(
      '# 中华人民共和国测试法\n\n说明\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 甲。\n\n第二条 乙：\n\n（一）丙；\n\n第二款。\n',
      '测试法(2020-01-01).md',
    );
    expect(statute).toMatchObject({
      name: '测试法',
      fullName: '中华人民共和国测试法',
      edition: '2020-01-01',
    });
    expect(statute.articles[1]?.paragraphs).toEqual([
      { text: '乙：\n（一）丙；', items: ['（一）丙；'] },
      { text: '第二款。', items: [] },
    ]);
    const small = createLawLibrary([statute]);
    expect(small.suggest('测试法实施')).toBeNull();
    expect(library.suggest('医疗保障基金使用监督管理办法')).toBe('医疗保障基金使用监督管理条例');
  });

  it('writes citations with Chinese numerals', () => {
    expect([1, 10, 13, 20, 47, 63, 100, 104, 110, 1000].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十三',
      '二十',
      '四十七',
      '六十三',
      '一百',
      '一百零四',
      '一百一十',
      '一千',
    ]);
    expect(formatCitation({ law: '社会保险法', article: 63, paragraph: 2, item: null })).toBe(
      '《社会保险法》第六十三条第二款',
    );
    expect(formatCitation({ law: '条例', article: 27, paragraph: null, item: 5 })).toBe(
      '《条例》第二十七条第（五）项',
    );
  });
});
