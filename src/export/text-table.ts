/**
 * Columns a terminal gives a code point (after Unicode's East Asian Width, UAX #11): two for
 * CJK ideographs, kana, hangul, fullwidth forms and CJK punctuation (、。《》【】…), none for
 * control characters, combining marks and zero-width characters, one otherwise. Ranges, not a
 * segmenter: a CLI table is aligned without loading a Unicode library on start-up.
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
const ZERO: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x2064],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];
const within = (ranges: readonly (readonly [number, number])[], code: number) =>
  ranges.some(([from, to]) => code >= from && code <= to);

/** Terminal columns of `text` (CJK characters count two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code < 0x7f) width += 1;
    else if (within(ZERO, code)) continue;
    else width += within(WIDE, code) ? 2 : 1;
  }
  return width;
}

/** Pads each column to its widest cell (CJK characters count two columns), truncating at `max`. */
export function alignColumns(rows: string[][], max: number[] = []): string[] {
  const cells = rows.map((row) => row.map((cell, col) => truncate(cell, max[col] ?? 60)));
  // Reduces, not Math.max(...): a listing may have more rows than a call takes arguments.
  const columns = cells.reduce((most, row) => Math.max(most, row.length), 0);
  const widths = Array.from({ length: columns }, (_, col) =>
    cells.reduce((most, row) => Math.max(most, displayWidth(row[col] ?? '')), 0),
  );
  return cells.map((row) =>
    row
      .map((cell, col) => cell + ' '.repeat((widths[col] ?? 0) - displayWidth(cell)))
      .join('  ')
      .trimEnd(),
  );
}

export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(`${out + ch}…`) > width) break;
    out += ch;
  }
  return `${out}…`;
}
