import { load } from 'cheerio';
import { limitHtml } from './html-limits.ts';

/**
 * The few fields of a parsed HTML node (a domhandler node from cheerio) the readers use.
 * Walks over these are iterative: nesting depth in an upload is unbounded.
 */
export interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
}

/** Content that is never document text. */
const SKIPPED_TAGS = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
]);

/** Elements that break a run of text: their content starts a new paragraph (or a new line in a cell). */
export const BLOCK_TAGS = new Set([
  ...['address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt'],
  ...['fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'li', 'main', 'nav', 'ol'],
  ...['p', 'pre', 'section', 'summary', 'ul', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'body', 'html'],
]);

/**
 * Parses HTML (parse5, as browsers do) and returns the document root. Nesting and attribute
 * counts parse5 is quadratic in are capped first (see `limitHtml`).
 */
export function parseHtml(html: string): HtmlNode {
  return load(limitHtml(html)).root()[0] as unknown as HtmlNode;
}

export function isElement(node: HtmlNode): boolean {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** An element whose content is not document text (script, style, noscript, template …). */
export function isSkipped(node: HtmlNode): boolean {
  return node.type === 'comment' || node.type === 'directive' || SKIPPED_TAGS.has(node.name ?? '');
}

export function childElements(node: HtmlNode, ...names: string[]): HtmlNode[] {
  return (node.children ?? []).filter((child) => isElement(child) && names.includes(child.name ?? ''));
}

/**
 * HTML whitespace collapsing for one line of text: a run of spaces becomes one space, except a
 * source line break between two CJK characters, which is dropped (Chinese has no word spaces).
 */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[ \t\n\f\r]+/g, (run, offset: number, whole: string) =>
      run.includes('\n') && isCjk(whole[offset - 1]) && isCjk(whole[offset + run.length]) ? '' : ' ',
    )
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** Marks an explicit line break (a `<br>`, a block edge) in collected text; parse5 never emits U+0000. */
export const BREAK = '\u0000';

/** Collected text as lines: split at BREAKs, each line collapsed, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(BREAK)
    .map(collapseWhitespace)
    .filter((line) => line.length > 0);
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

function isCjk(char: string | undefined): boolean {
  return char !== undefined && CJK.test(char);
}
