import type { Block } from '../../schemas/document.ts';
import type { Article } from '../../schemas/notice.ts';
import { parseChineseNumber } from '../normalize/numerals.ts';
import { normalizeText, toSimplified } from '../normalize/text.ts';

const NUMERAL = '[零〇一二两三四五六七八九十百千\\d]+';
/** 第一章　总　　则 (full-width spaces tolerated anywhere). */
const CHAPTER = new RegExp(`^第(${NUMERAL})章[\\s\\u3000]*(.*)$`);
/** 第一条　… */
const ARTICLE = new RegExp(`^第(${NUMERAL})条(?:[\\s\\u3000]+|(?=[^的中规之款项]))(.*)$`);
/** Sentence ends and list openers: a line break there is a paragraph break, not a PDF wrap. */
const ENDS_PARAGRAPH = /[。；;：:！!？?）)”」]$/;
const OPENS_ITEM = /^(?:（[零一二三四五六七八九十]+）|\([零一二三四五六七八九十\d]+\))/;
/** Signature, date and distribution lines that end the last article. */
const CLOSING =
  /^(?:.{0,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发)?|[（(]此件.*[）)]|抄送[:：].*|附件[:：]?.*)$/;

/**
 * 第X章 / 第X条 structure. An article runs until the next article or chapter heading; its
 * lines are re-joined where a PDF hard-wrapped them mid-sentence. Article numbers must follow
 * on from the previous one, so a line that happens to start with 第X条 inside an article is
 * not taken for a new one.
 */
export function extractArticles(blocks: Block[]): Article[] {
  const articles: Article[] = [];
  let chapter = null as { label: string; number: number; title: string } | null;
  let open = null as { article: Article; lines: string[] } | null;
  const close = () => {
    if (open) open.article.text = joinArticleLines(open.lines);
    open = null;
  };
  for (const block of blocks) {
    if (block.kind === 'table') continue;
    // 第一條 in a traditional-character notice is 第一条.
    const line = toSimplified(block.text.trim());
    const chapterMatch = CHAPTER.exec(line);
    const chapterNumber = chapterMatch ? parseChineseNumber(chapterMatch[1] ?? '') : null;
    if (chapterMatch && chapterNumber !== null && (chapter?.number ?? 0) + 1 === chapterNumber) {
      close();
      const title = (chapterMatch[2] ?? '').replace(/[\s\u3000]+/g, '');
      chapter = { number: chapterNumber, title, label: `第${chapterMatch[1]}章 ${title}`.trim() };
      continue;
    }
    const articleMatch = ARTICLE.exec(line);
    const number = articleMatch ? parseChineseNumber(articleMatch[1] ?? '') : null;
    const expected = (articles.at(-1)?.number ?? 0) + 1;
    if (articleMatch && number !== null && (number === expected || articles.length === 0)) {
      close();
      const article: Article = {
        chapter: chapter?.label ?? null,
        chapterNumber: chapter?.number ?? null,
        chapterTitle: chapter?.title ?? null,
        number,
        text: '',
      };
      articles.push(article);
      open = { article, lines: [articleMatch[2] ?? ''] };
    } else if (open && CLOSING.test(line.replace(/[\s\u3000]+/g, ' '))) {
      close();
    } else if (open) {
      open.lines.push(line);
    }
  }
  close();
  return articles;
}

function joinArticleLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (text === '') text = line;
    else if (ENDS_PARAGRAPH.test(text) || OPENS_ITEM.test(line)) text += `\n${line}`;
    else text += /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(line) ? ` ${line}` : line;
  }
  return normalizeText(text);
}
