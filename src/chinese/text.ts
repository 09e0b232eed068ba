/**
 * Text normalization shared by every extractor: traditional → simplified (繁体 → 简体),
 * full-width letters and digits, pinyin annotations, Chinese punctuation and white space.
 * Pure functions; the OpenCC converter is built once, on first use.
 */
import { createRequire } from 'node:module';
import { CONVERTIBLE } from './convertible.ts';

/** Han characters and the full-width punctuation written without spaces around it. */
const CJK = /^[\p{Script=Han}〔〕《》〈〉「」『』【】（），。、：；！？“”‘’…—·]$/u;

/** A cheap first look: text without any of these characters holds no artifact. */
const MAY_HOLD_ARTIFACT = /[[<&页\-—–－]/u;
/** `[bookmark: _GoBack]`: Word bookmarks left by text exporters. */
const BOOKMARK = /\[bookmark:[^\]]*\]/giu;
/** Tags that end a line: `</p>`, `<br>`, `</div>`, `</li>`, `</tr>`. */
const BREAK_TAG = /<(?:\/(?:p|div|li|tr|h\d)|br\s*\/?)\s*>/giu;
/** Any other HTML tag (a Latin tag name, so `<中华人民共和国…>` is left alone). */
const HTML_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/giu;
const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&(nbsp|lt|gt|amp|quot|apos|#\d{2,6});/giu;
/** `第 1 页 共 21 页`, `第1页/共3页`, `共21页 第1页`: page numbers wherever they stand. */
const PAGE_OF = /第\s*\d+\s*页\s*[,，/／]?\s*共\s*\d+\s*页|共\s*\d+\s*页\s*[,，/／]?\s*第\s*\d+\s*页/gu;
/** `- 3 -`, `— 3 —`, `第 3 页`: a line that holds only a page number. */
const PAGE_LINE = /^[ \t\u3000]*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页)[ \t\u3000]*(?:\n|$)/gmu;

/** A pinyin annotation such as `(yī)` or `（bǎo zhàng）` right after a Han character. */
const PINYIN_NOTE =
  /[(（]\s*([A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+(?:\s+[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)*[1-5]?)\s*[)）]/gu;
/** One pinyin syllable without its tone: initial (声母) + final (韵母), optional tone number. */
const SYLLABLE =
  /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong|u|ua|uo|uai|ui|uan|un|uang|v|ü|ue|üe|üan|ün)[1-5]?$/u;
const TONE_MARKS: Record<string, string> = Object.fromEntries(
  [...'āáǎàaēéěèeīíǐìiōóǒòoūúǔùuǖǘǚǜü'].map((c, i) => [c, 'aeiouü'[Math.floor(i / 5)] ?? c]),
);

/** A run of white space (the ideographic and no-break spaces too): one space, or its line breaks. */
const SPACE_RUN = /[\s\u200b]+/gu;
/** Half-width `,` `:` `;` (with a space either side) — made full-width between two CJK characters. */
const ASCII_PUNCT = / ?[,:;] ?/gu;
const FULL_PUNCT: Record<string, string> = { ',': '，', ':': '：', ';': '；' };
/** A parenthesised group: made full-width when it holds a Han character or mixes `(` and `）`. */
const ASCII_PARENS = /[(（]([^()（）\n]*)[)）]/gu;

/** Punctuation that ends a clause: conversion never needs context across it. */
const CLAUSE_END = new Set([...'\n。，；：、！？,;:!?（）()《》“”']);

let converter: ((text: string) => string) | undefined;
let candidates: Uint8Array | undefined;

/**
 * Traditional (and Hong Kong / Taiwan variant) characters → simplified; simplified text is
 * unchanged. Only the clauses (between punctuation) holding a convertible character go through
 * OpenCC, whose phrases never cross punctuation.
 */
export function toSimplified(s: string): string {
  const marks = candidateChars();
  let out = '';
  let done = 0;
  for (let i = 0; i < s.length; i++) {
    if (marks[s.charCodeAt(i)] !== 1) continue;
    let start = i;
    while (start > done && !CLAUSE_END.has(s[start - 1] ?? '')) start--;
    let end = i + 1;
    while (end < s.length && !CLAUSE_END.has(s[end] ?? '')) end++;
    out += s.slice(done, start) + convert(s.slice(start, end));
    done = end;
    i = end;
  }
  return done === 0 ? s : out + s.slice(done);
}

/** Conversion leftovers: Word bookmarks, HTML tags and entities, page numbers. */
/** Removes Word bookmark markers only (readers do this before they look at a line's shape). */
export function stripBookmarks(s: string): string {
  return s.includes('[') ? s.replace(BOOKMARK, '') : s;
}

export function stripArtifacts(s: string): string {
  if (!MAY_HOLD_ARTIFACT.test(s)) return s;
  return s
    .replace(BOOKMARK, '')
    .replace(BREAK_TAG, '\n')
    .replace(HTML_TAG, '')
    .replace(ENTITY, (_, name: string) => decodeEntity(name))
    .replace(PAGE_OF, '')
    .replace(PAGE_LINE, '');
}

/**
 * The canonical form of a piece of notice text: artifacts stripped, simplified characters,
 * half-width letters and digits, pinyin annotations removed, Chinese punctuation full-width,
 * no spaces inside Chinese text (`2024 年 7 月` → `2024年7月`), line breaks kept (blank-line
 * runs collapse to one), trimmed.
 */
export function normalizeText(s: string): string {
  let text = toSimplified(stripArtifacts(s))
    .replace(/[０-９Ａ-Ｚａ-ｚ]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(SPACE_RUN, collapseSpace);
  if (/[(（]/u.test(text)) {
    text = text.replace(PINYIN_NOTE, (note, body: string, at: number, all: string) =>
      isHan(all[at - 1]) && isPinyin(body) ? '' : note,
    );
  }
  if (text.includes(' ')) {
    text = text.replace(/ /gu, (space, at: number, all: string) =>
      isInnerSpace(all[at - 1], all[at + 1]) ? '' : space,
    );
  }
  if (/[,:;]/u.test(text)) {
    text = text.replace(ASCII_PUNCT, (punct, at: number, all: string) =>
      isCjk(all[at - 1]) && isCjk(all[at + punct.length]) ? (FULL_PUNCT[punct.trim()] ?? punct) : punct,
    );
  }
  if (/[()]/u.test(text))
    text = text.replace(ASCII_PARENS, (group, body: string) =>
      hasHanNear(group, body) ? `（${body}）` : group,
    );
  return text.trim();
}

/**
 * Text normalized word by word, the words kept apart by one space: labels and values, or the
 * cells of a row written with spaces, stay apart (`normalizeText` drops a space between two Han
 * characters). Empty for text of white space only.
 */
export function normalizeWords(s: string): string {
  return s
    .split(/[\s\u3000]+/u)
    .map((word) => normalizeText(word))
    .filter(Boolean)
    .join(' ');
}

/** A run of white space → one space, or its line breaks (at most one blank line). */
function collapseSpace(run: string): string {
  const breaks = run.split(/\r\n?|\n/u).length - 1;
  return breaks === 0 ? ' ' : breaks === 1 ? '\n' : '\n\n';
}

/** A space between CJK and CJK or a digit (`10 号`, `2024 年`, `医疗 保障`). */
function isInnerSpace(before: string | undefined, after: string | undefined): boolean {
  const digitBefore = before !== undefined && before >= '0' && before <= '9';
  const digitAfter = after !== undefined && after >= '0' && after <= '9';
  return (isCjk(before) && (isCjk(after) || digitAfter)) || (digitBefore && isCjk(after));
}

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

function isHan(ch: string | undefined): boolean {
  return ch !== undefined && /^\p{Script=Han}$/u.test(ch);
}

function isPinyin(body: string): boolean {
  const plain = [...body.toLowerCase()].map((c) => TONE_MARKS[c] ?? c).join('');
  return plain.split(/\s+/u).every((syllable) => SYLLABLE.test(syllable.replace(/^y(?=u)/u, 'yv')));
}

function hasHanNear(group: string, body: string): boolean {
  return /\p{Script=Han}/u.test(body) || (group.startsWith('（') !== group.endsWith('）') && body !== '');
}

function decodeEntity(name: string): string {
  if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return ENTITIES[name.toLowerCase()] ?? '';
}

/**
 * OpenCC (its traditional → mainland build), loaded and its converter built on the first clause
 * that needs it: simplified notices, nearly all of them, never load it. CommonJS, so it loads
 * synchronously.
 */
function convert(text: string): string {
  if (!converter) {
    const OpenCC = createRequire(import.meta.url)('opencc-js/t2cn') as typeof import('opencc-js');
    const made: (text: string) => string = OpenCC.Converter({ from: 'hk', to: 'cn' });
    converter = made;
    return made(text);
  }
  return converter(text);
}

/**
 * A bitmap of the UTF-16 code units that can change under conversion (CONVERTIBLE, written from
 * OpenCC's dictionaries by `npm run convertible`): lines without any of them skip OpenCC, which
 * keeps simplified text fast. Astral characters mark their high surrogate.
 */
function candidateChars(): Uint8Array {
  if (candidates) return candidates;
  const marks = new Uint8Array(0x10000);
  for (let i = 0; i < CONVERTIBLE.length; i++) marks[CONVERTIBLE.charCodeAt(i)] = 1;
  candidates = marks;
  return marks;
}
