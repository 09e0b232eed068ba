/**
 * Chinese numerals (中文数字) as written in legal citations: 第一百零四条 → 104, 四十七 → 47,
 * 二〇二四 → 2024, ４７ → 47. Pure; no dependencies.
 */

/** A number as a reference writes it (第十二条, 第3章), as RegExp source: Chinese numerals or digits. */
export const NUMERAL = '[零〇一二两三四五六七八九十百千\\d]+';

/** Digit characters, including the financial forms (大写数字) and 〇/零/两. */
const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

/** Units inside a group of four digits (十百千). */
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Group units (万, 亿): each multiplies everything before it. */
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** A counter after the number that belongs to the reference, not the number: 第X条/款/项/章/节/号. */
const AFFIXES = /^第\s*|\s*[条款项章节号页篇编目]$/gu;

/**
 * Parses a Chinese or Arabic (half- or full-width) number, optionally wrapped as 第…条.
 * Returns null when the text is not a number.
 */
export function parseChineseNumber(s: string): number | null {
  const text = s.trim().replace(AFFIXES, '').trim();
  if (text === '') return null;
  const ascii = text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d+$/u.test(ascii)) return Number.parseInt(ascii, 10);
  if (![...text].every((c) => c in DIGITS || c in SMALL_UNITS || c in BIG_UNITS)) return null;
  if (![...text].some((c) => c in SMALL_UNITS || c in BIG_UNITS)) return digitSequence(text);
  return withUnits(text);
}

/** 二〇二四 → 2024: digits written one by one, as in years. */
function digitSequence(text: string): number {
  let value = 0;
  for (const c of text) value = value * 10 + (DIGITS[c] ?? 0);
  return value;
}

/** 一千零一 → 1001, 十二 → 12, 三万五千 → 35000, 一百一 → 110 (a trailing digit takes the next unit down). */
function withUnits(text: string): number | null {
  let total = 0;
  let group = 0;
  let lastBig = Number.POSITIVE_INFINITY;
  let lastSmall = Number.POSITIVE_INFINITY;
  let pending: number | null = null;
  let afterZero = false;
  for (const c of text) {
    const digit = DIGITS[c];
    const small = SMALL_UNITS[c];
    const big = BIG_UNITS[c];
    if (digit === 0) {
      if (pending !== null) return null;
      afterZero = true;
    } else if (digit !== undefined) {
      if (pending !== null) return null;
      pending = digit;
    } else if (small !== undefined) {
      if (small >= lastSmall || (pending === null && small !== 10)) return null;
      group += (pending ?? 1) * small;
      [lastSmall, pending, afterZero] = [small, null, false];
    } else if (big !== undefined) {
      const groupValue = group + (pending ?? 0);
      if (big >= lastBig || groupValue === 0) return null;
      total += groupValue * big;
      [lastBig, lastSmall, group, pending, afterZero] = [big, Number.POSITIVE_INFINITY, 0, null, false];
    }
  }
  if (afterZero && pending === null) return null;
  if (pending !== null) group += pending * (afterZero ? 1 : impliedUnit(lastSmall, lastBig));
  return total + group;
}

/** The unit a bare trailing digit stands for: 一百一 → 十, 三万五 → 千, 二十一 → 1. */
function impliedUnit(lastSmall: number, lastBig: number): number {
  if (Number.isFinite(lastSmall)) return lastSmall >= 100 ? lastSmall / 10 : 1;
  return Number.isFinite(lastBig) ? lastBig / 10 : 1;
}
