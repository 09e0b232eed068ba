/**
 * Ranking of the embedded index, in two steps. `roughScore` is computed for every match from
 * the posting masks alone: the weight of the strongest field each query word occurs in, and a
 * bonus when all words and the bigrams joining them (格监 of 价格监督) share a field — the phrase,
 * most likely. `exactScore` re-ranks the best few from the text: the exact phrase, whole jieba
 * words in name and targets (处理 is a word of 处理决定 but not of 待处理), and word proximity.
 */
import { ALL_FIELDS, FIELD_WEIGHTS, type SearchDocument } from '../documents.ts';
import { cutWords } from '../jieba.ts';
import type { ParsedQuery, QueryWord } from '../query.ts';

/** The weight of the strongest field in a field mask (bit 0 = name … bit 3 = context). */
export const BEST_WEIGHT = Float64Array.from({ length: 16 }, (_, mask) => {
  const field = FIELD_WEIGHTS.findIndex((_, bit) => mask & (1 << bit));
  return field < 0 ? 0 : (FIELD_WEIGHTS[field] ?? 0);
});

/**
 * Rough score from the masks of each word and of the joining bigrams (15 when none were asked).
 * Tiered: the strongest field holding every word (name, then targets …) decides first (×1000,
 * more than the rest can add), then each word's strongest field, then the phrase (words and their
 * joins in one field), a little for short titles and for current versions.
 */
export function roughScore(
  wordMasks: Uint8Array,
  joinMask: number,
  titleLength: number,
  current: boolean,
): number {
  let score = 0;
  let common = 15;
  for (let w = 0; w < wordMasks.length; w++) {
    const mask = wordMasks[w] as number;
    score += BEST_WEIGHT[mask] as number;
    common &= mask;
  }
  score += 1000 * (BEST_WEIGHT[common] as number) + 2 * (BEST_WEIGHT[common & joinMask] as number);
  return score + titleScore(titleLength, current);
}

/** The part of the rough score a document's title length and version give: a little for short titles, less when superseded. */
export function titleScore(titleLength: number, current: boolean): number {
  return 0.5 / (1 + titleLength / 20) - (current ? 0 : 0.5);
}

/** Jieba words of the documents' name and targets, cut once per document. */
const tokenCache = new WeakMap<SearchDocument, Set<string>[]>();

function tokensOf(doc: SearchDocument): Set<string>[] {
  let tokens = tokenCache.get(doc);
  if (!tokens) {
    tokens = [0, 1].map((f) => new Set(doc.fields[f] ? cutWords(doc.fields[f] ?? '') : []));
    tokenCache.set(doc, tokens);
  }
  return tokens;
}

/**
 * The field masks of a document's query words (bit f: field f holds every gram of one of the
 * word's spellings), packed four bits a word, as the scan read them from the postings; −1 when
 * unknown (more words than fit), which stands for every field. A field whose bit is clear cannot
 * hold the word, so the text checks below skip it: the long body field, most often.
 */
export type PackedMasks = number;

/** Words whose masks fit in a PackedMasks. */
export const PACKED_WORDS = 7;

/** Every field, for every word: nothing known. */
export const ANY_FIELD: PackedMasks = -1;

export function packMasks(wordMasks: Uint8Array): PackedMasks {
  if (wordMasks.length > PACKED_WORDS) return ANY_FIELD;
  let packed = 0;
  for (let w = 0; w < wordMasks.length; w++) packed |= (wordMasks[w] as number) << (4 * w);
  return packed;
}

/** The fields holding some word's grams: the only ones that can hold a phrase, word or synonym of the query. */
export function anyWordMask(packed: PackedMasks, words: number): number {
  let any = 0;
  for (let w = 0; w < words; w++) any |= maskOf(packed, w);
  return any;
}

function maskOf(packed: PackedMasks, word: number): number {
  return packed < 0 ? ALL_FIELDS : (packed >>> (4 * word)) & ALL_FIELDS;
}

/** The fields holding every word's grams (a phrase, holding them all, can only be in these). */
function commonMask(packed: PackedMasks, words: number): number {
  let common = ALL_FIELDS;
  for (let w = 0; w < words; w++) common &= maskOf(packed, w);
  return common;
}

/** The text-based part of the score, for the few documents the rough score puts first. */
export function exactScore(query: ParsedQuery, doc: SearchDocument, masks: PackedMasks = ANY_FIELD): number {
  let score = 0;
  const common = commonMask(masks, query.words.length);
  const field = doc.fields.findIndex(
    (text, f) => (common & (1 << f)) !== 0 && query.phrases.every((p) => text.includes(p)),
  );
  if (field >= 0) score += 3 * (FIELD_WEIGHTS[field] ?? 0);
  // a whole jieba word of the name or targets (its grams are there too, so its mask has the field)
  let tokens: Set<string>[] | null = null;
  for (const [w, word] of query.words.entries()) {
    if (word.text.length < 2) continue;
    const fields = maskOf(masks, w);
    for (let f = 0; f < 2; f++) {
      if ((fields & (1 << f)) === 0) continue;
      tokens ??= tokensOf(doc);
      const cut = tokens[f] as Set<string>;
      if (word.spellings.some((s) => cut.has(s.text))) score += 0.5 * (FIELD_WEIGHTS[f] ?? 0);
    }
  }
  return score + proximity(query.words, doc, common);
}

/**
 * Whether every word really occurs in one field as written (bigrams can co-occur without the
 * word: 医疗保险…保障 holds 医疗 疗保 保障); hits are checked before they are shown. Only the
 * fields a word's mask names are read.
 */
export function holdsWords(query: ParsedQuery, doc: SearchDocument, masks: PackedMasks = ANY_FIELD): boolean {
  return query.words.every((word, w) => {
    const fields = maskOf(masks, w);
    return word.spellings.some((s) => {
      const [gram] = s.grams;
      const needle = s.text.length === 1 && gram && gram.length === 2 ? gram : s.text;
      return doc.fields.some((text, f) => (fields & (1 << f)) !== 0 && text.includes(needle));
    });
  });
}

/** W(field) / (1 + letters between the words) in the strongest field (of `common`) holding every word. */
function proximity(words: readonly QueryWord[], doc: SearchDocument, common: number): number {
  if (words.length < 2) return 0;
  // a single character glued to its neighbour (京 of 京医) is found as the character alone,
  // which may stand where its bigram does not: its mask says nothing of where it is
  const fields = words.some(isGlued) ? ALL_FIELDS : common;
  for (const [f, text] of doc.fields.entries()) {
    if ((fields & (1 << f)) === 0) continue;
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    let letters = 0;
    for (const word of words) {
      const found = firstOf(text, word);
      if (!found) {
        start = Number.NaN;
        break;
      }
      start = Math.min(start, found.at);
      end = Math.max(end, found.at + found.length);
      letters += found.length;
    }
    if (Number.isNaN(start)) continue;
    return (FIELD_WEIGHTS[f] ?? 0) / (1 + Math.max(0, end - start - letters));
  }
  return 0;
}

/** A word some spelling of which is matched by grams it does not hold itself (a glued character). */
function isGlued(word: QueryWord): boolean {
  return word.spellings.some((s) => !s.grams.every((gram) => s.text.includes(gram)));
}

function firstOf(text: string, word: QueryWord): { at: number; length: number } | null {
  let best: { at: number; length: number } | null = null;
  for (const spelling of word.spellings) {
    const at = text.indexOf(spelling.text);
    if (at >= 0 && (!best || at < best.at)) best = { at, length: spelling.text.length };
  }
  return best;
}

/** The `size` best (score, id) pairs offered; ties keep the lower id. A binary min-heap. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  /** What the caller keeps with each pair (the word masks of a document). */
  private readonly payloads: Int32Array;
  private count = 0;

  constructor(private readonly size: number) {
    this.scores = new Float64Array(size);
    this.ids = new Int32Array(size);
    this.payloads = new Int32Array(size);
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** The score a pair must beat to be kept (−∞ until the heap is full). */
  get floor(): number {
    return this.count < this.size ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }

  /** The id of the pair at the floor (−1 until the heap is full): of two equal scores the lower id ranks first. */
  get floorId(): number {
    return this.count < this.size ? -1 : (this.ids[0] as number);
  }

  offer(id: number, score: number, payload = 0): void {
    if (this.count < this.size) {
      this.scores[this.count] = score;
      this.ids[this.count] = id;
      this.payloads[this.count] = payload;
      this.up(this.count++);
    } else if (this.size > 0 && this.before(score, id, 0)) {
      this.scores[0] = score;
      this.ids[0] = id;
      this.payloads[0] = payload;
      this.down(0);
    }
  }

  /** The kept pairs, best first, with their payloads. */
  take(): { id: number; score: number; payload: number }[] {
    const out = Array.from({ length: this.count }, (_, i) => ({
      id: this.ids[i] as number,
      score: this.scores[i] as number,
      payload: this.payloads[i] as number,
    }));
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** Whether (score, id) ranks above the pair at heap position i. */
  private before(score: number, id: number, i: number): boolean {
    const other = this.scores[i] as number;
    return score > other || (score === other && id < (this.ids[i] as number));
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.scores[parent] as number, this.ids[parent] as number, i)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      let worst = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < this.count && this.before(this.scores[worst] as number, this.ids[worst] as number, child))
          worst = child;
      }
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number): void {
    [this.scores[a], this.scores[b]] = [this.scores[b] as number, this.scores[a] as number];
    [this.ids[a], this.ids[b]] = [this.ids[b] as number, this.ids[a] as number];
    [this.payloads[a], this.payloads[b]] = [this.payloads[b] as number, this.payloads[a] as number];
  }
}
