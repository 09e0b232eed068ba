/**
 * Snippets for hits, the same in both adapters: the strongest field that holds a query word,
 * cut to a window around the first match, HTML-escaped, every match wrapped in `<mark>`.
 */

/** Characters kept before the first match, and the window's length. */
const BEFORE = 24;
const WINDOW = 96;

/**
 * The snippet of a document's fields (strongest first) for the highlight strings (longest
 * first): the field holding the most of them (the query's own phrases count most, so 京医保发 is
 * shown where it stands rather than where its synonym 医疗保障 does); the strongest non-empty field
 * when none holds any.
 */
export function snippetOf(
  fields: readonly string[],
  highlights: readonly string[],
  phrases: readonly string[] = [],
): string {
  let chosen = '';
  let best = 0;
  for (const text of fields) {
    const score =
      100 * phrases.filter((p) => text.includes(p)).length +
      highlights.filter((h) => text.includes(h)).length;
    if (score > best) [chosen, best] = [text, score];
  }
  if (best === 0) chosen = fields.find((text) => text.length > 0) ?? '';
  const text = chosen.replace(/\s+/gu, ' ');
  const firstOf = (strings: readonly string[]) =>
    Math.min(...strings.map((h) => text.indexOf(h)).filter((at) => at >= 0));
  const phrase = firstOf(phrases);
  const first = Number.isFinite(phrase) ? phrase : firstOf(highlights);
  const start = Number.isFinite(first) && text.length > WINDOW ? Math.max(0, first - BEFORE) : 0;
  const end = Math.min(text.length, start + WINDOW);
  const ranges = matchRanges(text, highlights, start, end);
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [from, to] of ranges) {
    out += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`;
    at = to;
  }
  out += escapeHtml(text.slice(at, end));
  return end < text.length ? `${out}…` : out;
}

/** Non-overlapping [from, to) ranges of highlight matches inside [start, end), in order. */
function matchRanges(text: string, highlights: readonly string[], start: number, end: number) {
  const taken = new Uint8Array(end - start);
  const ranges: [number, number][] = [];
  for (const h of highlights) {
    if (!h) continue;
    for (let at = text.indexOf(h, start); at >= 0 && at + h.length <= end; at = text.indexOf(h, at + 1)) {
      if (taken.subarray(at - start, at - start + h.length).some((x) => x === 1)) continue;
      taken.fill(1, at - start, at - start + h.length);
      ranges.push([at, at + h.length]);
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (ch) => ESCAPES[ch] ?? ch);
}
