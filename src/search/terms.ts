/**
 * The text form both adapters search: normalized notice text (simplified characters, half-width
 * letters and digits) in lower case, cut into runs of letters and digits, and the character
 * unigrams and bigrams of each run. Bigrams give Chinese substring recall (耗材 inside 医用耗材)
 * that word segmentation alone does not. Pure functions.
 */
import { normalizeText } from '../chinese/text.ts';

/** Anything that is not a letter or a digit ends a run (punctuation, spaces, 〔〕, 、). */
const RUN_BREAK = /[^\p{L}\p{N}]+/u;

/** The searchable form of a piece of text: normalized, simplified, lower case. */
export function searchForm(text: string): string {
  return normalizeText(text).toLowerCase();
}

/** Runs of letters and digits, in order (searchForm applied first by the caller). */
export function runsOf(text: string): string[] {
  return text.split(RUN_BREAK).filter((run) => run.length > 0);
}

/** Adds every unigram and bigram of every run of `text` (in searchForm) to `out`. */
export function addGrams(text: string, out: Set<string>): void {
  for (const run of runsOf(text)) {
    let previous = '';
    for (const ch of run) {
      out.add(ch);
      if (previous) out.add(previous + ch);
      previous = ch;
    }
  }
}

/** The bigrams of a word (its single character when it has one). */
export function bigramsOf(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2) return chars;
  const grams: string[] = [];
  for (let i = 1; i < chars.length; i++) grams.push(`${chars[i - 1]}${chars[i]}`);
  return [...new Set(grams)];
}
