/**
 * Snippets for hits, the same in both adapters: the strongest field that holds a query word,
 * cut to a window around the first match, HTML-escaped, every match wrapped in `<mark>`.
 */
import { ALL_FIELDS } from './documents.ts';

/** Characters kept before the first match, and the window's length. */
const BEFORE = 24;
const WINDOW = 96;

/**
 * The snippet of a document's fields (strongest first) for the highlight strings (longest
 * first): the field holding the most of them (the query's own phrases count most, so 京医保发 is
 * shown where it stands rather than where its synonym 医疗保障 does); the strongest non-empty field
 * when none holds any. `candidates` (bit f for field f): the only fields that may hold a highlight.
 */
export function snippetOf(
  fields: readonly string[],
  highlights: readonly string[],
  phrases: readonly string[] = [],
  candidates = ALL_FIELDS,
): string {
  let chosen = '';
  let best = 0;
  for (const [f, text] of fields.entries()) {
    // a field the index knows holds none of the query's words holds none of its highlights
    if ((candidates & (1 << f)) === 0) continue;
    let score = 0;
    for (const phrase of phrases) if (text.includes(phrase)) score += 100;
    for (const highlight of highlights) if (text.includes(highlight)) score++;
    if (score > best) [chosen, best] = [text, score];
  }
  if (best === 0) chosen = fields.find((text) => text.length > 0) ?? '';
  const text = chosen.replace(/\s+/gu, ' ');
  const phrase = firstOf(text, phrases);
  const first = phrase >= 0 ? phrase : firstOf(text, highlights);
  const start = first >= 0 && text.length > WINDOW ? Math.max(0, first - BEFORE) : 0;
  const end = Math.min(text.length, start + WINDOW);
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [from, to] of matchRanges(text, highlights, start, end)) {
    out += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`;
    at = to;
  }
  out += escapeHtml(text.slice(at, end));
  return end < text.length ? `${out}…` : out;
}

/** Where the first of `strings` occurs in `text` (the lowest position of any), or −1. */
function firstOf(text: string, strings: readonly string[]): number {
  let first = -1;
  for (const s of strings) {
    const at = text.indexOf(s);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/** Non-overlapping [from, to) ranges of highlight matches inside [start, end), in order. */
function matchRanges(text: string, highlights: readonly string[], start: number, end: number) {
  // highlights come longest first: a shorter one inside a longer match is not marked again
  const ranges: [number, number][] = [];
  for (const h of highlights) {
    if (!h) continue;
    for (let at = text.indexOf(h, start); at >= 0 && at + h.length <= end; at = text.indexOf(h, at + 1)) {
      const to = at + h.length;
      if (!ranges.some(([from, until]) => at < until && from < to)) ranges.push([at, to]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  // adjacent matches (价格 then 监督 in 价格监督) read as one mark
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && last[1] === range[0]) last[1] = range[1];
    else merged.push(range);
  }
  return merged;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const SPECIAL = /[&<>"']/u;

export function escapeHtml(text: string): string {
  // most snippet pieces hold none: no replace pass, no callback
  return SPECIAL.test(text) ? text.replace(/[&<>"']/gu, (ch) => ESCAPES[ch] ?? ch) : text;
}
