/**
 * Legal basis citations (法律依据) of a basis cell (实施依据 / 检查依据 / 强制依据): 《law》(order)
 * 第X条第Y款第Z项, later 第X条： continuing that law, titles without articles. The text after 第X条： is
 * the quote (titles and 第X条 in it are cross-references); verbatim is the title + order + refs as
 * written (for a continuation: its law's title and order, then its own refs).
 */
import type { Citation } from '../../schemas/notice.ts';
import { normalizeLawTitle } from '../chinese/law.ts';
import { parseChineseNumber } from '../chinese/numerals.ts';
import { normalizeText, stripArtifacts, toSimplified } from '../chinese/text.ts';

const sticky = (source: string) => new RegExp(source, 'uy');
/** The end of a quoted sentence: a 第X条 right after it starts the next quoted article (…建议。”第八十七条…). */
const SENTENCE_END = /[。；;！？][”’」』"]?[^\S\n]*$/u;
/** A number (数字) in a reference, with the spaces around it. */
const N = '\\s*([零〇一二两三四五六七八九十百千万0-9０-９]+)\\s*';
/** 第X条[之一][第Y款][第Z项 | 第（Z）项]. */
const REF = sticky(`第${N}条(?:之[一二三四五六七八九十]+)?(?:\\s*第${N}款)?(?:\\s*第[（(]?${N}[)）]?项)?`);
/** A later 第Y款 or 第Z项 of the same article in a list (第六十三条第一款、第二款). */
const SUB_REF = sticky(`第[（(]?${N}[)）]?(款|项)`);
/** Between two refs of a list; group 1 when it is a range (第七条至第九条). */
const SEP = /\s*(?:(至|到|—|－|~|～)|、|，|,|和|及|以及|与|或者|或)\s*(?=第)/uy;
/** A parenthesised note right after a title: an issuing order (国家医保局令第2号) or an edition. */
const NOTE = /\s*[（(]([^（）()\n]{1,40})[)）]/uy;
const ORDER_LIKE = /令|号|〔|\[|\d{4}年/u;
/** `：` (or `规定：`) after the article refs: the article's text follows. */
const QUOTE_COLON = /[^\S\n]*(?:的?规定)?[^\S\n]*[：:]/uy;
/** After refs that start a new quoted article: `：`, spaces then text, or the line's end. */
const OPENS_ARTICLE = /[^\S\n]*(?:的?规定)?[^\S\n]*[：:]|[^\S\n]+[^\s第]|[^\S\n]*(?:\n|$)/uy;
/** What follows refs in running prose (…第八十四条规定，…): no quoted text. */
const PROSE_AFTER = /[^\S\n]*(?:\n|$|[、，,。；;）)》“"]|的?规定|之规定|等|有关|相关|中|所|以及|和|及|或)/uy;
/** After a title (and its note) that stands alone as a citation: an article, another title, the line end. */
const STANDALONE = /[^\S\n]*(?:第|$|\n|《|[、和及与,，;；]\s*《)/uy;
/** 第X条 written after one of these refers to another provision (本条例第三十八条): not a citation. */
const CROSS_REF =
  /(?:(?:本|该|上述|前述|此)(?:法律?|条例|办法|规定|细则|决定|规则|章|节)|依照|依据|按照|根据|违反|适用|参照|前款|前条|同款)\s*$/u;
/** Numbering that starts an entry: 1．  2.  3、  （4）  ①  【法律】. */
const MARKER =
  '(?:[\\d０-９]{1,3}[．.、，,]|[（(]\\d{1,3}[)）]|[一二三四五六七八九十]+、|[①-⑳]|【[^】\\n]{1,9}】)';
/** The numbering that leads a line, with its spaces. */
const LINE_LEAD = new RegExp(`^\\s*(?:${MARKER}\\s*)*`, 'u');
/** Characters a title never runs over (as `bracketed` reads one). */
const TITLE_BREAK = '。：；:;';
/** Where the parser stops: 《, 第, or a Han character after a break or numbering (a bare law name?). */
const STOP = /[《第]|(?<=^|[\n．.、】）)\s])\p{Script=Han}/gu;
/** Before a title that starts an entry: a line start or 。/；, numbering, perhaps 依据. */
const ENTRY = new RegExp(`(^|[。；;])((?:\\s*${MARKER})*\\s*)(?:依据|根据|按照|依照)?$`, 'u');
/** A law named without 《》 at the start of an entry: 1．中华人民共和国社会保险法第八十四条. */
const BARE = sticky(
  `(?:依据|根据|按照|依照)?((?:\\p{Script=Han}|[（(][^（）()\\n]{1,20}[)）]){2,40}?(?:法|条例|办法|规定|细则|决定|规则))(?=(?:\\s*[（(][^（）()\\n]{1,40}[)）])?\\s*第${N}条)`,
);

type Ref = { article: number; paragraph: number | null; item: number | null };
const NO_REF = { article: null, paragraph: null, item: null };
/** A law title in the text: 《…》 (name inside the brackets) or a bare name. */
type Span = { start: number; name: string; end: number; bare: boolean };

interface State {
  text: string;
  /** The text as written, for verbatim (same offsets as `text` unless simplification changed its length). */
  source: string;
  law: { name: string; orderNo: string | null; head: string } | null;
  /** The quote being read (where it starts, whose it is); null outside quotes. */
  quote: { start: number; citations: Citation[] } | null;
  out: Citation[];
}

/** The citations of one basis cell, in order of appearance, without duplicates. */
export function parseCitations(basis: string): Citation[] {
  const raw = restoreLostOpening(stripArtifacts(basis));
  const text = toSimplified(raw);
  const source = text.length === raw.length ? raw : text;
  const state: State = { text, source, law: null, quote: null, out: [] };
  STOP.lastIndex = 0;
  for (let m = STOP.exec(text); m; m = STOP.exec(text)) {
    const span = m[0] === '第' ? null : m[0] === '《' ? bracketed(text, m.index) : bare(text, m.index);
    STOP.lastIndex = m[0] === '第' ? onRef(state, m.index) : onTitle(state, m.index, span);
  }
  closeQuote(state, text.length);
  const key = (c: Citation) => `${c.law}|${c.article}|${c.paragraph}|${c.item}`;
  return state.out.filter((c, i, all) => all.findIndex((d) => key(d) === key(c)) === i);
}

/**
 * A line whose first title bracket is a closing one (`规范…裁量权办法)》`): a page lost the
 * opening 《, which stood at the line's start (after its numbering). Not when a 《 of the lines
 * before is still open: that title wrapped onto this line (《中华人民共和国社会保\n险法》).
 * A title never runs over 。；： (`bracketed` gives up there), so neither does an open 《.
 */
function restoreLostOpening(text: string): string {
  if (!text.includes('》')) return text;
  let open = 0;
  return text
    .split('\n')
    .map((line) => {
      const close = line.indexOf('》');
      const first = line.indexOf('《');
      const lost = open === 0 && close >= 0 && (first < 0 || close < first);
      const lead = lost ? (LINE_LEAD.exec(line)?.[0] ?? '') : '';
      const restored = lost ? `${lead}《${line.slice(lead.length)}` : line;
      for (const c of restored) {
        if (c === '《') open++;
        else if (c === '》') open = Math.max(0, open - 1);
        else if (TITLE_BREAK.includes(c)) open = 0;
      }
      return restored;
    })
    .join('\n');
}

/** A title: a new law at the top level, or (inside a quote, or a bare name mid-entry) quoted text. */
function onTitle(state: State, at: number, span: Span | null): number {
  if (!span) return at + 1;
  const { text, source } = state;
  const note = find(NOTE, text, span.end);
  const afterNote = note?.end ?? span.end;
  const refs = readRefs(text, find(/\s*/uy, text, afterNote)?.end ?? afterNote);
  const entry = entryStart(text, at);
  const shaped = refs ? find(OPENS_ARTICLE, text, refs.end) : !span.bare && find(STANDALONE, text, afterNote);
  const top = entry && (entry.numbered || shaped || (span.bare && (entry.at === 0 || !state.quote)));
  const name = normalizeLawTitle(span.name);
  if (!name || ((state.quote || span.bare) && !top)) return refs?.end ?? afterNote;
  closeQuote(state, entry?.at ?? at);
  const order = note?.groups[1] ?? '';
  const orderNo = ORDER_LIKE.test(order) ? normalizeLawTitle(order) : null;
  state.law = { name, orderNo, head: source.slice(span.start, afterNote) };
  const citations = emit(state, refs?.refs ?? [null], source.slice(span.start, refs?.end ?? afterNote));
  return refs ? afterRefs(state, refs.end, citations) : afterNote;
}

/** A 第X条 not right after a title: a continuation of the current law (第七十七条：…), or a cross-reference. */
function onRef(state: State, start: number): number {
  const { text, law } = state;
  const refs = readRefs(text, start);
  if (!refs) return start + 1;
  if (!law || CROSS_REF.test(text.slice(Math.max(0, start - 8), start))) return refs.end;
  const nextQuote = state.quote !== null && SENTENCE_END.test(text.slice(Math.max(0, start - 3), start));
  const opens = nextQuote
    ? !find(PROSE_AFTER, text, refs.end)
    : find(entryStart(text, start) ? OPENS_ARTICLE : QUOTE_COLON, text, refs.end);
  if (!opens) return refs.end;
  closeQuote(state, start);
  return afterRefs(state, refs.end, emit(state, refs.refs, law.head + state.source.slice(start, refs.end)));
}

/** After the refs: `：` or plain text opens the article's quote; prose (规定，…) does not. */
function afterRefs(state: State, end: number, citations: Citation[]): number {
  const colon = find(QUOTE_COLON, state.text, end);
  if (!colon && find(PROSE_AFTER, state.text, end)) return end;
  state.quote = { start: colon?.end ?? end, citations };
  return state.quote.start;
}

function emit(state: State, refs: (Ref | null)[], verbatim: string): Citation[] {
  const { name: law, orderNo } = state.law ?? { name: '', orderNo: null };
  const out = refs.map((ref): Citation => ({ law, ...(ref ?? NO_REF), orderNo, quote: null, verbatim }));
  // A loop, not push(...): ranges (第一条至第一百条) in a long list can make very many refs.
  for (const citation of out) state.out.push(citation);
  return out;
}

/** Ends the quote being read at `at`: normalized, wrapped lines re-joined, no trailing separator. */
function closeQuote(state: State, at: number): void {
  if (!state.quote) return;
  const quote = normalizeText(state.text.slice(state.quote.start, at)).replace(/\n|[；;，,、\s]+$/gu, '');
  for (const citation of state.quote.citations) citation.quote = quote || null;
  state.quote = null;
}

/** 第七条、第八条 · 第七条至第九条 · 第六十三条第一款、第二款: the refs of one list. */
function readRefs(text: string, start: number): { refs: Ref[]; end: number } | null {
  const first = find(REF, text, start);
  const ref = first && toRef(first.groups);
  if (!first || !ref) return null;
  const refs = [ref];
  let end = first.end;
  for (let sep = find(SEP, text, end); sep; sep = find(SEP, text, end)) {
    const next = find(REF, text, sep.end);
    const more = next && toRef(next.groups);
    const last = refs.at(-1) as Ref;
    if (next && more) {
      const from = sep.groups[1] && more.article - last.article <= 100 ? last.article + 1 : more.article;
      for (let a = from; a < more.article; a++) refs.push({ ...NO_REF, article: a });
      refs.push(more);
      end = next.end;
    } else {
      const sub = find(SUB_REF, text, sep.end);
      const value = sub && parseChineseNumber(sub.groups[1] ?? '');
      if (!sub || !value) break;
      const deeper = sub.groups[2] === '款' ? { paragraph: value, item: null } : { item: value };
      refs.push({ ...last, ...deeper });
      end = sub.end;
    }
  }
  return { refs, end };
}

function toRef(groups: (string | undefined)[]): Ref | null {
  const [article, paragraph = null, item = null] = [1, 2, 3].map((i) => parseChineseNumber(groups[i] ?? ''));
  return article ? { article, paragraph, item } : null;
}

/** The 《title》 at `start`, up to the 》 that closes it; inner 《》, （） and ＜…） mixes are skipped. */
function bracketed(text: string, start: number): Span | null {
  const open: string[] = ['《'];
  for (let j = start + 1; j < Math.min(text.length, start + 100); j++) {
    const c = text[j] as string;
    if (c === '《' || c === '（' || c === '(') open.push(c);
    else if ((c === '）' || c === ')') && open.length > 1) open.pop();
    else if (c === '》' && open.lastIndexOf('《') === 0)
      return { start, name: text.slice(start + 1, j), end: j + 1, bare: false };
    else if (c === '》') open.splice(open.lastIndexOf('《'));
    else if ('。：；:;'.includes(c)) return null;
  }
  return null;
}

function bare(text: string, at: number): Span | null {
  const ref = text.indexOf('第', at);
  const name = ref >= 0 && ref - at < 64 ? find(BARE, text, at)?.groups[1] : undefined;
  return name ? { start: BARE.lastIndex - name.length, name, end: BARE.lastIndex, bare: true } : null;
}

/** Where the entry holding position `at` starts, when `at` begins one (line start, after 。, numbering). */
function entryStart(text: string, at: number): { at: number; numbered: boolean } | null {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const m = ENTRY.exec(text.slice(lineStart, at));
  return m ? { at: lineStart + m.index + (m[1]?.length ?? 0), numbered: /\S/u.test(m[2] ?? '') } : null;
}

/** A sticky match at `at`: where it ends and its groups. */
function find(re: RegExp, text: string, at: number) {
  re.lastIndex = at;
  const m = re.exec(text);
  return m && { end: re.lastIndex, groups: [...m] as (string | undefined)[] };
}
