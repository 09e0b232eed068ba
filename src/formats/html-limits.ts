/**
 * Bounds what makes parse5 quadratic before it sees the HTML.
 * - Nesting: parse5 scans its stack of open elements for many start tags (is a `<p>` open in
 *   button scope? which list item to close?), so N nested `<div>`, `<ul>` or `<blockquote>`
 *   cost O(N²): 100,000 of them took a minute. Like Blink (which stops nesting at 512), start
 *   tags deeper than the cap are dropped together with their end tags; their content stays,
 *   one level up.
 * - Attributes: parse5 checks each new attribute name against the tag's earlier ones, so one
 *   tag with 50,000 attributes took 15 s. Attributes past the cap are dropped.
 * - Table nesting: parse5's cost per tag grows with the depth of nested tables (25,600 nested
 *   tables took 1.4 s, twice as many 4.5 s). Tables nested deeper than MAX_TABLE_NESTING lose
 *   their structure tags: their text stays, in the deepest kept cell (cells apart by a space,
 *   rows by a line break).
 * The scan follows the HTML tokenizer's rules for comments, quoted attribute values and
 * raw-text elements, and visits each character once, so hostile input cannot slow it down.
 */

/**
 * Deepest nesting of counted elements kept. Real notices nest a few dozen deep.
 * @defaultValue 256
 */
export const MAX_HTML_NESTING = 256;

/**
 * Most attributes kept on one tag (a real one has a handful).
 * @defaultValue 256
 */
export const MAX_HTML_ATTRIBUTES = 256;

/**
 * Deepest nesting of tables kept. Layout tables in real notices nest a few deep.
 * @defaultValue 32
 */
export const MAX_TABLE_NESTING = 32;

/** Table structure inside a table nested too deep: dropped, with what stands in for it. */
const TABLE_PARTS: Record<string, string> = {
  tr: '<br>',
  td: ' ',
  th: ' ',
  tbody: '',
  thead: '',
  tfoot: '',
  caption: ' ',
  colgroup: '',
  col: '',
};

/**
 * Most start tags read in one page. parse5's tree costs about 1.4 KB per element, so 2.5 million
 * cells took 3.4 GB; a real notice page has a few thousand elements (a 5,000-row catalogue
 * about 30,000).
 * @defaultValue 1,000,000
 */
export const MAX_HTML_ELEMENTS = 1_000_000;

/** Thrown by `limitHtml` for a page with more than MAX_HTML_ELEMENTS start tags. */
export class TooManyElementsError extends Error {
  constructor(readonly limit: number) {
    super(`the page has more than ${limit.toLocaleString('en')} elements`);
  }
}

/**
 * Elements that never deepen parse5's costly scans: void elements, elements whose end tag is
 * optional (the next one closes them), table structure (a scope boundary for every scan), and
 * the document skeleton.
 */
const UNCOUNTED = new Set([
  ...['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'image'],
  ...['input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr'],
  ...['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'rb', 'rt', 'rp', 'rtc'],
  ...['table', 'caption', 'colgroup', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th'],
  ...['html', 'head', 'body'],
]);

/** Elements whose content is text up to their end tag, never markup. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
]);

/** SVG and MathML, where `<x/>` really closes the element. */
const FOREIGN = new Set(['svg', 'math']);

const TAG_OPEN = /<(\/?)([a-zA-Z][^\s/>]*)/y;

/** A tag as scanned: where it ends, whether it closes itself, where its attributes past the cap start. */
interface ScannedTag {
  end: number;
  selfClosing: boolean;
  cut: number | null;
}

/**
 * The HTML with start tags nested deeper than `maxDepth` (and their end tags) removed, and each
 * tag's attributes past MAX_HTML_ATTRIBUTES dropped. Returns `html` itself when nothing changed.
 * Throws TooManyElementsError past `maxElements` start tags, before any tree is built.
 */
export function limitHtml(
  html: string,
  maxDepth = MAX_HTML_NESTING,
  maxElements = MAX_HTML_ELEMENTS,
): string {
  const out: string[] = [];
  let copied = 0;
  let elements = 0;
  /** Tables open and kept, and tables open inside the deepest kept one (their structure dropped). */
  let tables = 0;
  let droppedTables = 0;
  let depth = 0;
  let foreign = 0;
  const dropped = new Map<string, number>();
  const replace = (start: number, end: number, text: string) => {
    out.push(html.slice(copied, start), text);
    copied = end;
  };
  for (let at = html.indexOf('<'); at >= 0 && at < html.length; at = html.indexOf('<', at)) {
    if (html.startsWith('<!--', at)) {
      const close = html.indexOf('-->', at + 4);
      at = close < 0 ? html.length : close + 3;
      continue;
    }
    TAG_OPEN.lastIndex = at;
    const open = TAG_OPEN.exec(html);
    if (!open) {
      // `<!doctype>`, `<?xml?>`, `</3>`: bogus comments up to the next `>`; a lone `<` is text.
      const bogus = /^<[!?/]/.test(html.slice(at, at + 2));
      const close = bogus ? html.indexOf('>', at) : -1;
      at = bogus ? (close < 0 ? html.length : close + 1) : at + 1;
      continue;
    }
    const [, slash, tag = ''] = open;
    if (!slash && ++elements > maxElements) throw new TooManyElementsError(maxElements);
    const name = tag.toLowerCase();
    const scanned = scanTag(html, TAG_OPEN.lastIndex);
    const keep = scanned.cut === null ? null : `${html.slice(at, scanned.cut)}>`;
    let dropTag = false;
    if (foreign === 0 && (name === 'table' || (droppedTables > 0 && name in TABLE_PARTS))) {
      // Table structure: kept down to MAX_TABLE_NESTING, below that replaced by its stand-in.
      // Inside a dropped table everything of table structure goes; a table itself is dropped
      // when it opens past the cap, and its end tag when it closes a dropped one.
      const drop = droppedTables > 0 || (name === 'table' && !slash && tables >= MAX_TABLE_NESTING);
      if (name === 'table' && !slash) {
        if (drop) droppedTables++;
        else tables++;
      } else if (name === 'table') {
        if (drop) droppedTables--;
        else tables = Math.max(0, tables - 1);
      }
      if (drop) replace(at, scanned.end, slash ? '' : (TABLE_PARTS[name] ?? ' '));
      else if (keep !== null) replace(at, scanned.end, keep);
      at = scanned.end;
      continue;
    }
    if (slash) {
      const owed = dropped.get(name) ?? 0;
      if (owed > 0) dropped.set(name, owed - 1);
      else if (FOREIGN.has(name)) foreign = Math.max(0, foreign - 1);
      if (owed === 0 && !UNCOUNTED.has(name)) depth = Math.max(0, depth - 1);
      dropTag = owed > 0;
    } else if (!UNCOUNTED.has(name) && !(scanned.selfClosing && (foreign > 0 || FOREIGN.has(name)))) {
      dropTag = depth >= maxDepth;
      if (dropTag) dropped.set(name, (dropped.get(name) ?? 0) + 1);
      else depth++;
      if (!dropTag && FOREIGN.has(name)) foreign++;
    }
    if (dropTag) replace(at, scanned.end, '');
    else if (keep !== null) replace(at, scanned.end, keep);
    at = scanned.end;
    if (!slash && RAW_TEXT.has(name) && foreign === 0) at = rawTextEnd(html, at, name);
  }
  if (copied === 0) return html;
  out.push(html.slice(copied));
  return out.join('');
}

/** Where the tokenizer is inside a tag (the HTML spec's attribute states, simplified). */
type State = 'before-name' | 'name' | 'after-name' | 'before-value' | 'quoted' | 'unquoted';

/** Scans a tag's attributes from `from` to just past its `>` (or the end of the input). */
function scanTag(html: string, from: number): ScannedTag {
  let state: State = 'before-name';
  let quote = '';
  let count = 0;
  let cut: number | null = null;
  for (let i = from; i < html.length; i++) {
    const char = html[i] as string;
    if (state === 'quoted') {
      if (char === quote) state = 'before-name';
      continue;
    }
    if (char === '>') return { end: i + 1, selfClosing: html[i - 1] === '/' && state !== 'unquoted', cut };
    const space = char === ' ' || char === '\n' || char === '\t' || char === '\f' || char === '\r';
    if (state === 'unquoted') {
      if (space) state = 'before-name';
    } else if (state === 'before-value') {
      if (char === '"' || char === "'") [state, quote] = ['quoted', char];
      else if (!space) state = 'unquoted';
    } else if (char === '=' && (state === 'name' || state === 'after-name')) {
      state = 'before-value';
    } else if (char === '/') {
      state = 'before-name';
    } else if (space) {
      if (state === 'name') state = 'after-name';
    } else if (state !== 'name') {
      state = 'name';
      if (++count > MAX_HTML_ATTRIBUTES && cut === null) cut = i;
    }
  }
  return { end: html.length, selfClosing: false, cut };
}

const rawTextEnds = new Map<string, RegExp>();

/** Where the end tag of a raw-text element starts (the end of the input when it has none). */
function rawTextEnd(html: string, from: number, name: string): number {
  let pattern = rawTextEnds.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}[\\s/>]`, 'gi');
    rawTextEnds.set(name, pattern);
  }
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? html.length;
}
