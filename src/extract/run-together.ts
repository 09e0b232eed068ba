import type { Piece } from './align.ts';

/**
 * Cuts a row whose cells ran together (no delimiter at all) into pieces at the places a cell
 * boundary can be: after the 序号 that leads the row, around a power type (行政检查 …) outside
 * a 《title》, before a 《title》 or a 【法律】 label that opens a basis, and before numbering
 * (1.) that follows text. The aligner then joins the pieces into the columns; a cut that is no
 * cell boundary costs little, a boundary that is not cut cannot be recovered.
 */
const POWER_TYPE = /行政(?:检查|处罚|强制|奖励|许可|确认|征收|给付|裁决)|其他(?:行政)?权力/uy;
const SEQ = /^(?:\d{1,4}|[*＊])(?=[^\d.．、,，])/u;
const NUMBERING = /\d{1,2}[.．、](?=\p{Script=Han})/uy;

export function splitRunTogether(text: string, rowStart: boolean): Piece[] {
  const cuts = new Set<number>();
  const seq = rowStart ? SEQ.exec(text) : null;
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
  const before = rows
    .map((pieces) => pieces.findIndex((piece, k) => k > 0 && isAnchor(piece.text)) - 1)
    .map((k, r) => ({ r, k }))
    .filter(({ k }) => k >= 0);
  if (before.length < 2 || before.length < rows.length / 2) return;
  const texts = before.map(({ r, k }) => (rows[r] as Piece[])[k]?.text ?? '');
  let suffix = commonSuffix(texts);
  if (suffix.length < 2) return;
  suffix = suffix.replace(/^[\s，,、。；;]+/u, '');
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
