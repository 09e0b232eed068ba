/**
 * Ranking of the embedded index, in two steps. `roughScore` is computed for every match from
 * the posting masks alone: the weight of the strongest field each query word occurs in, and a
 * bonus when all words and the bigrams joining them (格监 of 价格监督) share a field — the phrase,
 * most likely. `rerankScore` re-ranks the best few from the text: the exact phrase, whole jieba
 * words in name and targets (处理 is a word of 处理决定 but not of 待处理), and word proximity; it
 * also drops a document whose words' bigrams co-occur without the words themselves.
 */
import { ALL_FIELDS, FIELD_WEIGHTS, type SearchDocument } from '../documents.ts';
import { cutWords } from '../jieba.ts';
import { needleOf, type ParsedQuery, type QueryWord } from '../query.ts';

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

/**
 * Jieba words of the documents' name and targets, cut once per document: per word, bit 0 when
 * the name holds it whole, bit 1 the targets (one lookup per spelling answers both fields).
 */
const tokenCache = new WeakMap<SearchDocument, Map<string, number>>();

function tokensOf(doc: SearchDocument): Map<string, number> {
  let tokens = tokenCache.get(doc);
  if (!tokens) {
    tokens = new Map();
    for (let f = 0; f < 2; f++) {
      const text = doc.fields[f];
      if (!text) continue;
      for (const word of cutWords(text)) tokens.set(word, (tokens.get(word) ?? 0) | (1 << f));
    }
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

/**
 * What the re-ranking needs of a query, worked out once per search instead of once per document:
 * per word, the strings to look for (a glued character is looked for with its neighbour) and
 * whether its masks already prove it occurs.
 */
export interface RerankPlan {
  readonly words: number;
  /** Per word, per spelling: the string that shows the word occurs as written. */
  readonly needles: readonly (readonly string[])[];
  /**
   * Per word: every spelling is its own single gram (医药, 支付, a glued 京医), so a field whose
   * mask bit is set holds the word as written and no string search is needed.
   */
  readonly implied: readonly boolean[];
  /** Per word, per spelling: its text (what the whole-word bonus and proximity look for). */
  readonly spellings: readonly (readonly string[])[];
  /** Per word: two characters or more (a single character earns no whole-word bonus). */
  readonly long: readonly boolean[];
  readonly phrases: readonly string[];
  /** Some word is a glued character: proximity cannot trust the masks (see rerankScore). */
  readonly glued: boolean;
}

export function rerankPlan(query: ParsedQuery): RerankPlan {
  return {
    words: query.words.length,
    needles: query.words.map((word) => word.spellings.map(needleOf)),
    implied: query.words.map((word) =>
      word.spellings.every((s) => s.grams.length === 1 && s.grams[0] === needleOf(s)),
    ),
    spellings: query.words.map((word) => word.spellings.map((s) => s.text)),
    long: query.words.map((word) => word.text.length >= 2),
    phrases: query.phrases,
    glued: query.words.some(isGlued),
  };
}

/**
 * The text-based part of the score, for the few documents the rough score puts first; NaN when
 * some word does not really occur in one field as written (bigrams can co-occur without the
 * word: 医疗保险…保障 holds 医疗 疗保 保障), so the document is not shown.
 *
 * The score: the exact phrase in the strongest field holding every word (3 W), each whole jieba
 * word of the name or targets (处理 is a word of 处理决定 but not of 待处理; its grams are there
 * too, so its mask has the field; ½ W), and proximity: W / (1 + letters between the words) in
 * the strongest field holding them all. Only the fields the masks name are read. Plain loops:
 * this runs for fifty or more documents per search, and closures and iterators here cost as
 * much as the string searches.
 */
export function rerankScore(plan: RerankPlan, doc: SearchDocument, masks: PackedMasks = ANY_FIELD): number {
  const fields = doc.fields;
  // the fields holding every word's grams: a phrase, holding them all, can only be in these
  let common = ALL_FIELDS;
  for (let w = 0; w < plan.words; w++) {
    const mask = maskOf(masks, w);
    common &= mask;
    if (masks !== ANY_FIELD && mask !== 0 && plan.implied[w]) continue;
    if (!holdsAny(fields, plan.needles[w] as readonly string[], mask)) return Number.NaN;
  }
  let score = 0;
  for (let f = 0; f < fields.length; f++) {
    if ((common & (1 << f)) !== 0 && holdsAll(fields[f] as string, plan.phrases)) {
      score += 3 * (FIELD_WEIGHTS[f] ?? 0);
      break;
    }
  }
  let tokens: Map<string, number> | null = null;
  for (let w = 0; w < plan.words; w++) {
    const mask = maskOf(masks, w) & 3;
    if (!plan.long[w] || mask === 0) continue;
    tokens ??= tokensOf(doc);
    const whole = mask & wholeIn(tokens, plan.spellings[w] as readonly string[]);
    if (whole & 1) score += 0.5 * (FIELD_WEIGHTS[0] ?? 0);
    if (whole & 2) score += 0.5 * (FIELD_WEIGHTS[1] ?? 0);
  }
  return score + proximity(plan, doc, common);
}

function holdsAny(fields: SearchDocument['fields'], needles: readonly string[], mask: number): boolean {
  for (let s = 0; s < needles.length; s++) {
    for (let f = 0; f < fields.length; f++)
      if ((mask & (1 << f)) !== 0 && (fields[f] as string).includes(needles[s] as string)) return true;
  }
  return false;
}

function holdsAll(text: string, phrases: readonly string[]): boolean {
  for (let p = 0; p < phrases.length; p++) if (!text.includes(phrases[p] as string)) return false;
  return true;
}

/** The fields (bit 0 name, bit 1 targets) holding some spelling as a whole jieba word. */
function wholeIn(tokens: Map<string, number>, spellings: readonly string[]): number {
  let fields = 0;
  for (let s = 0; s < spellings.length; s++) fields |= tokens.get(spellings[s] as string) ?? 0;
  return fields;
}

/** W(field) / (1 + letters between the words) in the strongest field (of `common`) holding every word. */
function proximity(plan: RerankPlan, doc: SearchDocument, common: number): number {
  if (plan.words < 2) return 0;
  // a single character glued to its neighbour (京 of 京医) is found as the character alone,
  // which may stand where its bigram does not: its mask says nothing of where it is
  const fields = plan.glued ? ALL_FIELDS : common;
  for (let f = 0; f < doc.fields.length; f++) {
    if ((fields & (1 << f)) === 0) continue;
    const text = doc.fields[f] as string;
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    let letters = 0;
    let w = 0;
    for (; w < plan.words; w++) {
      // the word's first occurrence, of any spelling
      const spellings = plan.spellings[w] as readonly string[];
      let at = -1;
      let length = 0;
      for (let s = 0; s < spellings.length; s++) {
        const found = text.indexOf(spellings[s] as string);
        if (found >= 0 && (at < 0 || found < at)) {
          at = found;
          length = (spellings[s] as string).length;
        }
      }
      if (at < 0) break;
      start = Math.min(start, at);
      end = Math.max(end, at + length);
      letters += length;
    }
    if (w < plan.words) continue;
    return (FIELD_WEIGHTS[f] ?? 0) / (1 + Math.max(0, end - start - letters));
  }
  return 0;
}

/** A word some spelling of which is matched by grams it does not hold itself (a glued character). */
function isGlued(word: QueryWord): boolean {
  return word.spellings.some((s) => !s.grams.every((gram) => s.text.includes(gram)));
}

/**
 * The `size` best (score, id) pairs offered; ties keep the lower id. A binary min-heap over three
 * typed arrays, the worst kept pair at the root; entries are moved by sifting (no swaps, no
 * temporary arrays: the scan offers every candidate).
 */
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
    if (this.count < this.size) this.siftUp(this.count++, score, id, payload);
    else if (this.size > 0 && ranksAbove(score, id, this.scores[0] as number, this.ids[0] as number))
      this.siftDown(score, id, payload, this.count);
  }

  /** The kept pairs, best first, with their payloads. */
  take(): { id: number; score: number; payload: number }[] {
    const count = this.count;
    const out = new Array<{ id: number; score: number; payload: number }>(count);
    // the worst is at the root: take it, fill the array from the back
    for (let end = count - 1; end >= 0; end--) {
      out[end] = {
        id: this.ids[0] as number,
        score: this.scores[0] as number,
        payload: this.payloads[0] as number,
      };
      if (end > 0)
        this.siftDown(this.scores[end] as number, this.ids[end] as number, this.payloads[end] as number, end);
    }
    // kept as they were: worst first is a heap
    for (let i = 0; i < count; i++) {
      const pair = out[count - 1 - i] as { id: number; score: number; payload: number };
      this.put(i, pair.score, pair.id, pair.payload);
    }
    return out;
  }

  /** Puts (score, id, payload) at slot i and moves it up past the parents it ranks below. */
  private siftUp(i: number, score: number, id: number, payload: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(parent, score, id)) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, score, id, payload);
  }

  /** Puts (score, id, payload) at the root of the first n slots and moves it down past the children it ranks above. */
  private siftDown(score: number, id: number, payload: number, n: number): void {
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      // the worse of the two children
      const right = child + 1;
      if (right < n && this.above(child, this.scores[right] as number, this.ids[right] as number))
        child = right;
      if (!ranksAbove(score, id, this.scores[child] as number, this.ids[child] as number)) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, score, id, payload);
  }

  /** Whether the pair at slot i ranks above (score, id). */
  private above(i: number, score: number, id: number): boolean {
    return ranksAbove(this.scores[i] as number, this.ids[i] as number, score, id);
  }

  private move(from: number, to: number): void {
    this.put(to, this.scores[from] as number, this.ids[from] as number, this.payloads[from] as number);
  }

  private put(i: number, score: number, id: number, payload: number): void {
    this.scores[i] = score;
    this.ids[i] = id;
    this.payloads[i] = payload;
  }
}

/** Whether (score, id) ranks above (otherScore, otherId): a higher score, or an equal one and a lower id. */
function ranksAbove(score: number, id: number, otherScore: number, otherId: number): boolean {
  return score > otherScore || (score === otherScore && id < otherId);
}
