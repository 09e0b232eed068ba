import { stripArtifacts } from '../chinese/text.ts';

/**
 * Conversion artifacts that Word/PDF → text exporters leave in notices. They are not source
 * text: readers drop them before building the document model.
 */

/** `第 1 页 共 21 页`, `第1页/共3页`, `- 3 -`, `— 3 —`, `Page 2 of 9`: a line that is only a page number. */
const PAGE_NUMBER_LINE =
  /^\s*(?:第\s*\d+\s*页\s*[,，/／]?\s*(?:共\s*\d+\s*页)?|[-—–－]\s*\d+\s*[-—–－]|page\s+\d+(?:\s+of\s+\d+)?|\d+\s*\/\s*\d+)\s*$/i;

export function isPageNumberLine(line: string): boolean {
  return PAGE_NUMBER_LINE.test(line);
}

/**
 * A cell's text without conversion artifacts (bookmarks, leaked `<p>`/`<br>` tags as line
 * breaks, page markers: normalize's `stripArtifacts`), its line breaks tidied. The verbatim
 * cell text keeps everything else.
 */
export function stripInlineArtifacts(text: string): string {
  return stripArtifacts(text)
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
}
