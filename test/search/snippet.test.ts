import { describe, expect, it } from 'vitest';
import { escapeHtml, snippetOf } from '../../src/search/snippet.ts';

describe('snippetOf', () => {
  it('marks every match in the strongest field holding the query, adjacent ones as one', () => {
    const fields = ['药品价格监督检查', '定点医药机构', '对药品价格进行监督检查的规定', '昆明市'];
    expect(snippetOf(fields, ['价格', '监督'], [])).toBe('药品<mark>价格监督</mark>检查');
    // the field holding the query's phrase wins over one holding more of its words
    expect(snippetOf(['价格 监督', '', '价格监督', ''], ['价格监督', '价格', '监督'], ['价格监督'])).toBe(
      '<mark>价格监督</mark>',
    );
  });

  it('marks a shorter highlight inside a longer match once, and overlapping ones not twice', () => {
    expect(snippetOf(['医疗保障基金使用'], ['医疗保障', '保障基金', '保障'], [])).toBe(
      '<mark>医疗保障</mark>基金使用',
    );
    expect(snippetOf(['基金 基金'], ['基金'], [])).toBe('<mark>基金</mark> <mark>基金</mark>');
  });

  it('cuts a long field to a window from a little before the first match, with ellipses', () => {
    const long = `${'甲'.repeat(200)}骗取医保基金${'乙'.repeat(200)}`;
    const snippet = snippetOf(['', '', long, ''], ['骗取'], []);
    expect(snippet.startsWith('…甲')).toBe(true);
    expect(snippet.endsWith('乙…')).toBe(true);
    expect(snippet).toContain('<mark>骗取</mark>医保基金');
    expect(snippet.replace(/<\/?mark>|…/g, '')).toHaveLength(96);
    expect(snippet.indexOf('<mark>')).toBe(1 + 24);
  });

  it('escapes HTML around and inside marks, and folds white space', () => {
    expect(snippetOf(['<b>价格</b> &\n\t"监督"'], ['价格'], [])).toBe(
      '&lt;b&gt;<mark>价格</mark>&lt;/b&gt; &amp; &quot;监督&quot;',
    );
    expect(escapeHtml(`a'b`)).toBe('a&#39;b');
    expect(escapeHtml('价格')).toBe('价格');
  });

  it('shows the strongest non-empty field when none holds the query', () => {
    expect(snippetOf(['', '定点医药机构', '正文', ''], ['区块链'], ['区块链'])).toBe('定点医药机构');
    expect(snippetOf(['', '', '', ''], ['价格'], [])).toBe('');
  });
});
