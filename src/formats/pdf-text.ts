import type { TableData } from '../../schemas/document.ts';

/**
 * Text repair for what PDF extraction gives: lines broken where the page or a cell wrapped,
 * and spaces pdf.js inserts where a layout engine widened the gap between Chinese and Latin
 * text ("第 1 项" for 第1项).
 */

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const FAKE_SPACE =
  /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef]) +(?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) +(?=\p{Script=Han})/gu;

/** A line that ends a sentence or clause: the next line starts a new paragraph or list item. */
const TERMINAL = /[。！？；;：:]$/;
/** A line that starts a list item: 一、 （一） 1. 2、 ① 第一条 (kept on its own line in a cell). */
const ITEM_START =
  /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①-⑳]|第[一二三四五六七八九十百\d]+[条章节])/;

/** One extracted line: spaces collapsed and the pdf.js CJK/Latin gap spaces removed. */
export function tidyLine(line: string): string {
  return line
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim()
    .replace(FAKE_SPACE, '');
}

/**
 * A cell's text with the lines the PDF wrapped joined again (CJK–CJK without a space,
 * Latin–Latin with one). A break after 。；： or before a list marker is kept as "\n".
 */
export function tidyCellText(text: string): string {
  const lines = text.split('\n').map(tidyLine).filter(Boolean);
  const parts: string[] = [];
  let last = '';
  for (const line of lines) {
    if (parts.length > 0)
      parts.push(TERMINAL.test(last) || ITEM_START.test(line) ? '\n' : wrapSeparator(last, line));
    parts.push(line);
    last = line.at(-1) as string;
  }
  return parts.join('');
}

/** Joins two pieces of one wrapped line of text. */
export function joinWrapped(before: string, after: string): string {
  return before + wrapSeparator(before.at(-1) ?? '', after) + after;
}

/**
 * What goes between a wrapped line ending in `last` and the next, `after`: nothing after or
 * before CJK or a hyphen or slash, else a space. Callers that join many lines keep the pieces
 * and the last character: reading the end of a string built by `+` flattens it, every time.
 */
function wrapSeparator(last: string, after: string): string {
  const first = after[0];
  if (!last || first === undefined) return '';
  return !CJK.test(last) && !CJK.test(first) && last !== '-' && last !== '/' ? ' ' : '';
}

/** Separates cells in a haystack; it also opens and closes it, so a whole cell is `SEP text SEP`. */
const SEP = '\u0001';

/** All cell texts of a table without whitespace, for finding the page text lines it came from. */
export function cellHaystack(tables: TableData[]): string {
  const texts = tables.flatMap((table) => table.cells.map((cell) => cell.text.replace(/\s+/g, '')));
  return `${SEP}${texts.join(SEP)}${SEP}`;
}

/**
 * A raw page text line made only of pieces of table cells (pdf.js reads a table row by row,
 * running neighbouring cells together, sometimes without a space between them).
 */
export function isTableLine(line: string, haystack: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((word) => splitsIntoCells(word, haystack));
}

/** Most cells one space-less word of a line may run together. */
const MAX_CELLS_PER_WORD = 4;

/**
 * The word is a run of at most MAX_CELLS_PER_WORD pieces of cell text, each the longest match
 * from where the previous ended; a one-character piece must be a whole cell (a row number), so
 * prose cannot be spelt out of stray characters of a big table.
 */
function splitsIntoCells(word: string, haystack: string): boolean {
  let start = 0;
  for (let pieces = 0; start < word.length; pieces++) {
    if (pieces === MAX_CELLS_PER_WORD) return false;
    let end = start;
    while (end < word.length && haystack.includes(word.slice(start, end + 1))) end++;
    const piece = word.slice(start, end);
    if (piece.length === 0) return false;
    if (piece.length === 1 && piece !== word && !haystack.includes(`${SEP}${piece}${SEP}`)) return false;
    start = end;
  }
  return true;
}

/**
 * Prose lines → paragraph texts. A line joins the next when it runs (nearly) the full width of
 * the text column and does not end a sentence: that is where the PDF wrapped a paragraph.
 */
export function paragraphsOf(lines: string[], fullWidth: number): string[] {
  const paragraphs: string[] = [];
  // The paragraph being joined, as pieces (see wrapSeparator), and its last character.
  let current: string[] = [];
  let last = '';
  const end = (evenEmpty: boolean) => {
    const text = current.join('');
    if (text || evenEmpty) paragraphs.push(text);
    current = [];
    last = '';
  };
  for (const line of lines) {
    if (current.length > 0 && ITEM_START.test(line)) end(false);
    if (line) {
      current.push(wrapSeparator(last, line), line);
      last = line.at(-1) as string;
    }
    if (!isWrapped(line, fullWidth)) end(true);
  }
  end(false);
  return paragraphs;
}

/** The width of a full line of text in the document: a high percentile of the line widths. */
export function fullLineWidth(lines: string[]): number {
  const widths = lines.map(displayWidth).sort((a, b) => a - b);
  return widths[Math.floor(widths.length * 0.9)] ?? 0;
}

/** Lines shorter than this (in Latin character widths) never wrap into the next. */
const MIN_WRAPPED_WIDTH = 20;

function isWrapped(line: string, fullWidth: number): boolean {
  const width = displayWidth(line);
  return (
    width >= MIN_WRAPPED_WIDTH && width >= fullWidth * 0.9 && !TERMINAL.test(line) && !/[。！？]”$/.test(line)
  );
}

/** Width in Latin character units: CJK characters count double. */
function displayWidth(line: string): number {
  let width = 0;
  for (const char of line) width += CJK.test(char) ? 2 : 1;
  return width;
}
