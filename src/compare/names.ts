/**
 * Item names reduced to what tells powers apart: 对用人单位…情况进行监督检查 → 用人单位…, the
 * wording every catalogue wraps around a power (对…进行监督检查, …的处罚, 监督管理) removed. Pure.
 */
import { normalizeText } from '../chinese/text.ts';

/** Leading words: 对 (of 对…进行检查), 依法, 关于. */
const PREFIX = /^(?:依法)?(?:对|关于)/u;
/**
 * Trailing boilerplate, stripped repeatedly: the act (监督检查, 监督管理, 处罚, 奖励 …) and the
 * words that join it to its object (进行, 的, 情况, 行为).
 */
const SUFFIX =
  /(?:进行|实施|开展|的|情况|行为|实行|给予|予以)$|(?:行政)?(?:监督检查|监督管理|监督|监管|检查|处罚|奖励|行政强制)$/u;
/** Anywhere: punctuation, white space, and filler (进行, 情况, 有关, 相关). */
const FILLER = /[^\p{L}\p{N}]+|进行|情况|有关|相关/gu;

/**
 * The distinctive part of an item name: normalized text (simplified, full-width digits folded),
 * boilerplate and punctuation removed. Falls back to the normalized name when nothing would be
 * left (a name that is all boilerplate, such as 监督检查).
 */
export function coreName(name: string): string {
  const plain = normalizeText(name).replace(/\s+/gu, '');
  let core = plain.replace(PREFIX, '');
  for (let previous = ''; previous !== core; ) {
    previous = core;
    core = core.replace(SUFFIX, '');
  }
  core = core.replace(FILLER, '');
  return core.length >= 2 ? core : plain.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Character bigrams of a text (a one-character text is its own gram). */
export function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((ch, i) => `${chars[i]}${ch}`);
}

/**
 * The grams a name is compared by: its character bigrams and trigrams, so that a longer shared
 * run (医疗保障基金) counts more than scattered shared pairs (医疗, 保险).
 */
export function nameGrams(core: string): string[] {
  const chars = [...core];
  const trigrams = chars.slice(2).map((ch, i) => `${chars[i]}${chars[i + 1]}${ch}`);
  return [...bigrams(core), ...trigrams];
}

/** Character bigrams of each entry of a list, never across two entries (参保人、定点医药机构). */
export function listBigrams(list: readonly string[]): string[] {
  return list.flatMap((entry) => bigrams(normalizeText(entry).replace(/[^\p{L}\p{N}]+/gu, '')));
}
