import type { Block } from '../../schemas/document.ts';
import type { Article } from '../../schemas/notice.ts';
import { NUMERAL, parseChineseNumber } from '../chinese/numerals.ts';
import { normalizeText, toSimplified } from '../chinese/text.ts';

/** 第一章　总　　则 (full-width spaces tolerated anywhere). */
const CHAPTER = new RegExp(`^第(${NUMERAL})章[\\s\\u3000]*(.*)$`);
/** 第一条　… */
const ARTICLE = new RegExp(`^第(${NUMERAL})条(?:[\\s\\u3000]+|(?=[^的中规之款项]))(.*)$`);
/** 第X节: a section heading inside a chapter (not an article, not part of one). */
const SECTION = new RegExp(`^第${NUMERAL}节[\\s\\u3000]*\\S{0,30}$`);
/** A heading run into the line before it: 第X章 / 第X节 / 第X条 followed by its text, not by 的/规定/中 …. */
const RUN_IN_HEADING = new RegExp(`第(${NUMERAL})[章节条](?![的之规中所款项])`, 'gu');
const SENTENCE_END = /[。；;！？!?）)”」][\s\u3000]*$/u;
/** The last word of a title the first article runs on from (…暂行办法第一条为规范…). */
const TITLE_WORD_END = /(?:办法|规定|细则|规则|制度|标准|准则|章程|则|法|（试行）|\(试行\))[\s\u3000]*$/u;
/** Sentence ends and list openers: a line break there is a paragraph break, not a PDF wrap. */
const ENDS_PARAGRAPH = /^[。；;：:！!？?）)”」]$/;
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
  let chapter = null as { label: string; number: number; title: string; articles: number } | null;
  let open = null as { article: Article; lines: string[] } | null;
  const close = () => {
    if (open) open.article.text = joinArticleLines(open.lines);
    open = null;
  };
  for (const line of headingLines(blocks)) {
    const chapterMatch = CHAPTER.exec(line);
    const chapterNumber = chapterMatch ? parseChineseNumber(chapterMatch[1] ?? '') : null;
    // A table of contents lists the chapters before the body repeats them: a chapter that had
    // no articles gives way to the same number again.
    const restarts =
      chapter !== null && chapter.articles === 0 && chapterNumber !== null && chapterNumber <= chapter.number;
    if (
      chapterMatch &&
      chapterNumber !== null &&
      ((chapter?.number ?? 0) + 1 === chapterNumber || restarts)
    ) {
      close();
      const title = (chapterMatch[2] ?? '').replace(/[\s\u3000]+/g, '');
      chapter = {
        number: chapterNumber,
        title,
        label: `第${chapterMatch[1]}章 ${title}`.trim(),
        articles: 0,
      };
      continue;
    }
    if (SECTION.test(line)) {
      close();
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
      if (chapter) chapter.articles++;
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

/**
 * The notice's text as lines, a line split where a 第X章 / 第X节 / 第X条 heading runs on inside
 * it (a page that lost its line breaks: …制定本办法。第二条本办法所称…): after a sentence's end,
 * or after a title's last word for the first article. Traditional characters read as simplified
 * (第一條 is 第一条); Markdown heading marks are dropped (## 第二章 总则).
 */
function headingLines(blocks: Block[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'table') continue;
    for (const raw of block.text.split('\n')) {
      const line = toSimplified(raw.trim()).replace(/^#{1,6}\s+/u, '');
      // A loop, not push(...): a page that lost its line breaks can split into very many lines.
      if (line) for (const part of splitRunIn(line)) lines.push(part);
    }
  }
  return lines;
}

function splitRunIn(line: string): string[] {
  if (!line.includes('第', 1)) return [line];
  const cuts: number[] = [];
  for (const match of line.matchAll(RUN_IN_HEADING)) {
    const at = match.index ?? 0;
    if (at === 0) continue;
    const before = line.slice(Math.max(0, at - 6), at);
    const first = parseChineseNumber(match[1] ?? '') === 1;
    if (SENTENCE_END.test(before) || (first && TITLE_WORD_END.test(before))) cuts.push(at);
  }
  if (cuts.length === 0) return [line];
  return [0, ...cuts].map((start, k) => line.slice(start, cuts[k] ?? line.length).trim()).filter(Boolean);
}

/**
 * The article's lines joined: a break after a sentence's end or before a list item, a space
 * between two Latin words, nothing inside CJK text. Linear: only each line's last character is
 * looked at (testing the growing text with a `$` regex made a 20,000-line article take a minute).
 */
function joinArticleLines(lines: string[]): string {
  const parts: string[] = [];
  let last = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (parts.length > 0) {
      if (ENDS_PARAGRAPH.test(last) || OPENS_ITEM.test(line)) parts.push('\n');
      else if (/[A-Za-z0-9]/.test(last) && /^[A-Za-z0-9]/.test(line)) parts.push(' ');
    }
    parts.push(line);
    last = line.at(-1) ?? '';
  }
  return normalizeText(parts.join(''));
}
