import type { Piece } from './align.ts';
import { GRADE_LEADS, GRADE_TERMS } from './shapes.ts';

/**
 * Cuts a row whose cells ran together (no delimiter at all) into pieces at the places a cell
 * boundary can be: after the 序号 that leads the row, around a power type (行政检查 …) outside
 * a 《title》, before a 《title》 or a 【法律】 label that opens a basis, and before numbering
 * (1.) that follows text. The aligner then joins the pieces into the columns; a cut that is no
 * cell boundary costs little, a boundary that is not cut cannot be recovered.
 */
const POWER_TYPE = /行政(?:检查|处罚|强制|奖励|许可|确认|征收|给付|裁决)|其他(?:行政)?权力/uy;
/** The 序号 that leads a run-together row (a number, or `*` where a site masked it), in group 1. */
export const RUN_TOGETHER_SEQ = /^(\d{1,4}|[*＊])(?=[^\d.．、,，])/u;
const NUMBERING = /\d{1,2}[.．、](?=\p{Script=Han})/uy;
/**
 * Where one cell may end and the next begin though nothing marks it: after the word a name
 * ends with (…的检查 | 定点医疗机构), after an organisation (…医疗保障局 | 县级), before a level
 * (局 | 县级), after a sentence's end (。 | 某县医疗保障局).
 */
const SOFT_CUTS = [
  /(?:检查|抽查|处罚|罚款|强制措施|奖励|确认|给付)(?=\p{Script=Han})/gu,
  /(?:医疗保障局|医保局|分局|中心|政府|委员会)(?=\p{Script=Han})/gu,
  /(?<=\p{Script=Han})(?=(?:[省市县区乡镇]级[、，,]?)+(?:$|\p{Script=Han}))/gu,
  /[。；;](?=\p{Script=Han})/gu,
  new RegExp(`(?<=[条款项》)）])(?=(?:${GRADE_LEADS}))`, 'gu'),
  new RegExp(`(?<=(?:^|[条款项》)）])(?:${GRADE_TERMS}))(?=\\p{Script=Han})`, 'gu'),
  /(?<=\p{Script=Han})(?=责令|给予|约谈|警告|没收|暂停|解除|处(?:造成|罚款|以|\d|[一二三四五六七八九十]))/gu,
];

export function splitRunTogether(text: string, rowStart: boolean): Piece[] {
  const cuts = new Set<number>();
  const seq = rowStart ? RUN_TOGETHER_SEQ.exec(text) : null;
  if (seq) cuts.add(seq[0].length);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '《') {
      if (depth === 0 && !lawContinues(text, i)) cuts.add(i);
      depth++;
      continue;
    }
    if (ch === '》') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (ch === '【') cuts.add(i);
    POWER_TYPE.lastIndex = i;
    const power = POWER_TYPE.exec(text);
    if (power) {
      cuts.add(i);
      cuts.add(i + power[0].length);
      i += power[0].length - 1;
      continue;
    }
    NUMBERING.lastIndex = i;
    if (i > 0 && !/[\d第]/u.test(text[i - 1] ?? '') && NUMBERING.test(text)) cuts.add(i);
  }
  const inTitle = titleMask(text);
  for (const soft of SOFT_CUTS) {
    for (const match of text.matchAll(soft)) {
      const at = (match.index ?? 0) + match[0].length;
      if (inTitle[at] !== 1) cuts.add(at);
    }
  }
  const points = [...cuts].filter((cut) => cut > 0 && cut < text.length).sort((a, b) => a - b);
  const pieces: Piece[] = [];
  let from = 0;
  for (const cut of [...points, text.length]) {
    const piece = text.slice(from, cut).trim();
    if (piece) pieces.push({ text: piece, newLine: false });
    from = cut;
  }
  return pieces;
}

/**
 * Per position, 1 where a cut would fall inside a 《title》 (outermost brackets): after its 《,
 * up to and including its 》 (an unclosed one runs to the text's end).
 */
function titleMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length + 1);
  const mark = (from: number, to: number) => mask.fill(1, from + 1, to + 1);
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '《' && depth++ === 0) from = i;
    else if (text[i] === '》' && depth > 0 && --depth === 0) mark(from, i);
  }
  if (depth > 0) mark(from, text.length);
  return mask;
}

/** A 《 right after a list separator or a 【label】 continues a basis already open (《A》、《B》). */
function lawContinues(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 2), at);
  return /[、，,和及与】]\s*$/u.test(before);
}

/**
 * A value repeated in every row (a 责任科室 such as 基金监管科) runs into the cell before it
 * with nothing to cut at; but where most rows end the piece before the same anchor (a power
 * type, a 《basis》) with the same characters, those characters are a cell of their own.
 * Splits them off, in place.
 */
export function splitSharedEndings(rows: Piece[][]): void {
  splitShared(rows, (pieces) => pieces.findIndex((piece, k) => k > 0 && isAnchor(piece.text)) - 1);
  splitShared(rows, (pieces) => pieces.length - 1);
}

/** Splits the shared ending off the piece `pick` chooses in each row, when it reads as a value of its own. */
function splitShared(rows: Piece[][], pick: (pieces: Piece[]) => number): void {
  const before = rows
    .map(pick)
    .map((k, r) => ({ r, k }))
    .filter(({ k }) => k >= 0);
  if (before.length < 2 || before.length < rows.length / 2) return;
  const texts = before.map(({ r, k }) => (rows[r] as Piece[])[k]?.text ?? '');
  const suffix = commonSuffix(texts).replace(/^[\s，,、。；;]+/u, '');
  if (suffix.length < 2 || !VALUE_END.test(suffix)) return;
  for (const { r, k } of before) {
    const pieces = rows[r] as Piece[];
    const piece = pieces[k] as Piece;
    if (piece.text.length <= suffix.length || !piece.text.endsWith(suffix)) continue;
    pieces.splice(
      k,
      1,
      { ...piece, text: piece.text.slice(0, -suffix.length) },
      { text: suffix, newLine: false },
    );
  }
}

/** What a repeated value ends with: an organisation, a level, 是/否. */
const VALUE_END = /(?:局|中心|科|室|处|股|队|所|部门|政府|委员会|级|^是|^否)$/u;

function isAnchor(text: string): boolean {
  POWER_TYPE.lastIndex = 0;
  return (POWER_TYPE.test(text) && text.length <= 8) || text.startsWith('《') || text.startsWith('【');
}

function commonSuffix(texts: string[]): string {
  let suffix = texts[0] ?? '';
  for (const text of texts.slice(1)) {
    let n = 0;
    while (
      n < suffix.length &&
      n < text.length &&
      suffix[suffix.length - 1 - n] === text[text.length - 1 - n]
    )
      n++;
    suffix = suffix.slice(suffix.length - n);
  }
  return suffix;
}
