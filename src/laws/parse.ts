/**
 * Statute texts of the reference set (reference/laws, kept as Markdown by LawRefBook/Laws): the
 * title as `# …`, chapters as `##` and sections as `###` headings, one `第X条 …` line per article,
 * and the article's further paragraphs (款) and items (项, `（一）…`) as their own lines. Pure.
 */

import { normalizeLawTitle } from '../chinese/law.ts';
import { parseChineseNumber } from '../chinese/numerals.ts';
import type { Statute, StatuteArticle } from './types.ts';

/** `第十二条 …` (full- or half-width space after it), `第十二条之一` is kept as its own text. */
const ARTICLE = /^第([零〇一二两三四五六七八九十百千]+)条(?:[\s\u3000]+|$)(.*)$/u;
/** An item (项) of a paragraph: `（一）…`. */
const ITEM = /^[（(][一二三四五六七八九十]+[)）]/u;
/** The file name's edition date: `社会保险法(2018-12-29).md`. */
const EDITION = /[（(](\d{4}-\d{2}-\d{2})[)）]/u;

/**
 * Parses one statute file. `fileName` gives the short title and the edition date; the `#` title
 * the full one. Text before `<!-- INFO END -->` (adoption and amendment notes) is skipped.
 */
export function parseStatute(markdown: string, fileName: string): Statute {
  const lines = markdown.replace(/\r\n?/gu, '\n').split('\n');
  const title = lines
    .find((line) => line.startsWith('# '))
    ?.slice(2)
    .trim();
  const stem = fileName.replace(/\.md$/u, '').replace(EDITION, '').trim();
  const infoEnd = lines.findIndex((line) => line.includes('INFO END'));
  const articles: StatuteArticle[] = [];
  let chapter: string | null = null;
  let section: string | null = null;
  let current: { number: number; lines: string[]; chapter: string | null; section: string | null } | null =
    null;
  const flush = () => {
    if (current) articles.push(toArticle(current.number, current.lines, current.chapter, current.section));
    current = null;
  };
  for (const raw of lines.slice(infoEnd + 1)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('## ') || line.startsWith('### ')) {
      flush();
      const heading = line.replace(/^#+\s*/u, '').replace(/\s+/gu, ' ');
      if (line.startsWith('## ')) [chapter, section] = [heading, null];
      else section = heading;
      continue;
    }
    const match = ARTICLE.exec(line);
    const number = match ? parseChineseNumber(match[1] ?? '') : null;
    if (match && number !== null) {
      flush();
      current = { number, lines: [(match[2] ?? '').trim()].filter(Boolean), chapter, section };
    } else current?.lines.push(line);
  }
  flush();
  return {
    name: normalizeLawTitle(stem || title || fileName),
    fullName: title ?? stem,
    edition: EDITION.exec(fileName)?.[1] ?? null,
    articles,
  };
}

/**
 * An article's lines → its text and its paragraphs: a `（一）` line is an item of the paragraph
 * before it (and part of that paragraph's text).
 */
function toArticle(
  number: number,
  lines: string[],
  chapter: string | null,
  section: string | null,
): StatuteArticle {
  const paragraphs: StatuteArticle['paragraphs'] = [];
  for (const line of lines) {
    const last = paragraphs.at(-1);
    if (ITEM.test(line) && last) {
      last.items.push(line);
      last.text += `\n${line}`;
    } else paragraphs.push({ text: line, items: [] });
  }
  return { number, chapter, section, text: lines.join('\n'), paragraphs };
}
