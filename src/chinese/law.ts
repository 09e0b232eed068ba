/**
 * Law titles (法律法规名称) as citations name them: 《中华人民共和国社会保险法》 → 社会保险法,
 * 实施《中华人民共和国社会保险法》若干规定 → 实施社会保险法若干规定.
 */
import { normalizeText } from './text.ts';

/** The state prefix every national law carries; citations drop it (国务院 keeps its 国). */
const STATE_PREFIX = /中华人民共和(?:国(?!务院)|(?=国务院))/gu;
/** Brackets that open a quoted title, full- and half-width (书名号 and their stand-ins). */
const TITLE_OPEN = new Set(['《', '〈', '＜', '<', '「', '『']);
const TITLE_CLOSE = new Set(['》', '〉', '＞', '>', '」', '』']);
const PAREN_OPEN = new Set(['（', '(']);
const PAREN_CLOSE = new Set(['）', ')']);
/** Editions and drafts a title may carry in parentheses; lawKey ignores them. */
const EDITION =
  /（(?:\d{4}年?)?(?:试行|暂行|修正|修订|修正本|修订本|草案|征求意见稿|[^（）]*年[^（）]*(?:修正|修订|版))）/gu;

/**
 * Parenthesised notes inside a title that are not part of it: a site's masking (`(****)`,
 * `(…)`) and an issuing order quoted inside the brackets (《条例（国务院令第735号）》).
 */
const NOT_PART_OF_TITLE =
  /（[^（）\p{Script=Han}\d]*）|（[^（）]{0,20}令第?[\d〇一二三四五六七八九十百]+号[^（）]{0,12}）/gu;

/** Titles recur across items and notices: normalized ones are remembered (a bounded memo). */
const CACHE_SIZE = 2000;
const cache = new Map<string, string>();

/**
 * The normalized title: no 《》 (also none inside), no 中华人民共和国, simplified characters, no
 * white space, parentheses full-width. Also fit for issuing orders (2021年中华人民共和国务院令 →
 * 2021年国务院令). Mismatched inner brackets are repaired:
 * 实施＜中华人民共和国社会保险法）若干规定 → 实施社会保险法若干规定.
 */
export function normalizeLawTitle(raw: string): string {
  let title = cache.get(raw);
  if (title === undefined) {
    title = repairBrackets(normalizeText(raw).replace(/\s+/gu, ''))
      .replace(STATE_PREFIX, '')
      .replace(NOT_PART_OF_TITLE, '');
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(raw, title);
  }
  return title;
}

/**
 * An equality key for titles: 《中华人民共和国X法》, 《X法》 and 《X法（2018年修正）》 share one key.
 * Not for display.
 */
export function lawKey(title: string): string {
  return normalizeLawTitle(title)
    .replace(EDITION, '')
    .replace(/[·・、，,.。“”"'‘’\-—]/gu, '');
}

/**
 * Drops every title bracket and keeps only balanced parentheses. A closing parenthesis that
 * meets an open title bracket closes that bracket (`＜…）`), and a title bracket that meets an
 * open parenthesis closes it (`（…》`); both halves of such a pair are dropped.
 */
function repairBrackets(text: string): string {
  const out: string[] = [];
  const open: { kind: 'title' | 'paren'; at: number }[] = [];
  for (const ch of text) {
    const top = open.at(-1);
    if (TITLE_OPEN.has(ch)) {
      open.push({ kind: 'title', at: out.length });
      out.push('');
    } else if (TITLE_CLOSE.has(ch)) {
      if (top) open.pop();
      if (top?.kind === 'paren') out[top.at] = '';
    } else if (PAREN_OPEN.has(ch)) {
      open.push({ kind: 'paren', at: out.length });
      out.push('（');
    } else if (PAREN_CLOSE.has(ch)) {
      if (top) open.pop();
      if (top?.kind === 'paren') out.push('）');
    } else out.push(ch);
  }
  for (const unclosed of open) if (unclosed.kind === 'paren') out[unclosed.at] = '';
  return out.join('');
}
