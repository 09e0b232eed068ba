import { describe, expect, it } from 'vitest';
import type { Block } from '../../schemas/document.ts';
import { extractArticles } from '../../src/extract/articles.ts';

const paragraphs = (...texts: string[]): Block[] => texts.map((text) => ({ kind: 'paragraph', text }));

describe('articles', () => {
  it('reads 第X章 / 第X条 with chapter titles, tolerating full-width spaces', () => {
    const articles = extractArticles(
      paragraphs(
        '第一章　总　　则',
        '第一条　为了规范管理，制定本办法。',
        '第二章　监督检查',
        '第二条　本办法自印发之日起施行。',
      ),
    );
    expect(articles).toEqual([
      {
        chapter: '第一章 总则',
        chapterNumber: 1,
        chapterTitle: '总则',
        number: 1,
        text: '为了规范管理，制定本办法。',
      },
      {
        chapter: '第二章 监督检查',
        chapterNumber: 2,
        chapterTitle: '监督检查',
        number: 2,
        text: '本办法自印发之日起施行。',
      },
    ]);
  });

  it('re-joins lines a PDF hard-wrapped mid-sentence but keeps paragraph and list breaks', () => {
    const [article] = extractArticles(
      paragraphs(
        '第一条 医疗保障行政部门开展以下检查，不受检查频次限',
        '制：',
        '（一）对检查对象违法行为整改情况的回',
        '访；',
        '（二）对行政处罚案件的调查。',
      ),
    );
    expect(article?.text).toBe(
      '医疗保障行政部门开展以下检查，不受检查频次限制：\n（一）对检查对象违法行为整改情况的回访；\n（二）对行政处罚案件的调查。',
    );
  });

  it('does not take a wrapped line that starts with 第X条 out of sequence for a new article', () => {
    const articles = extractArticles(paragraphs('第一条 依照', '第三十八条规定处理。', '第二条 施行。'));
    expect(articles.map((a) => a.number)).toEqual([1, 2]);
    expect(articles[0]?.text).toBe('依照第三十八条规定处理。');
  });

  it('ends the last article at the signature and date lines', () => {
    const articles = extractArticles(
      paragraphs('第一条 本办法自印发之日起施行。', '山西省医疗保障局办公室 2025 年 7月 23 日 印发'),
    );
    expect(articles[0]?.text).toBe('本办法自印发之日起施行。');
  });
});

describe('a very long article', () => {
  it('joins 20,000 wrapped lines into one text (the join looks at each line once; timing is in npm run bench)', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `这是第${i}行的内容没有标点`);
    const [article] = extractArticles(paragraphs('第一条 本办法的规定如下', ...lines));
    expect(article?.text).toBe(`本办法的规定如下${lines.join('')}`);
  });
});
