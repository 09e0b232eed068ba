/**
 * Conversion artifacts that Word/PDF → text exporters leave in notices. They are not source
 * text: readers drop them before building the document model.
 */

/** `第 1 页 共 21 页`, `第1页/共3页`, `- 3 -`, `— 3 —`, `Page 2 of 9`: a line that is only a page number. */
const PAGE_NUMBER_LINE =
  /^\s*(?:第\s*\d+\s*页\s*[,，/／]?\s*(?:共\s*\d+\s*页)?|[-—–－]\s*\d+\s*[-—–－]|page\s+\d+(?:\s+of\s+\d+)?|\d+\s*\/\s*\d+)\s*$/i;

/** `[bookmark: _GoBack]` (pandoc/LibreOffice text export of Word bookmarks). */
const BOOKMARK = /\[bookmark:[^\]]*\]/gi;

/** Block-level HTML tags that leak into exported cell text (`<p>…</p>`, `<br>`). */
const LEAKED_BREAK_TAG = /<\/?(?:p|br|div|li)(?:\s[^<>]*)?\/?>/gi;

export function isPageNumberLine(line: string): boolean {
  return PAGE_NUMBER_LINE.test(line);
}

/** Removes Word bookmark markers, which exporters leave anywhere in a line. */
export function stripBookmarks(line: string): string {
  return line.replace(BOOKMARK, '');
}

/** Removes bookmarks and leaked block tags (as line breaks) from a piece of text. */
export function stripInlineArtifacts(text: string): string {
  return text
    .replace(BOOKMARK, '')
    .replace(LEAKED_BREAK_TAG, '\n')
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
}
