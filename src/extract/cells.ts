import type { FieldKey } from './headers.ts';
import { fitness } from './shapes.ts';

/** Columns whose content has a shape strong enough to swap cells by (`shapes.ts`). */
const SWAPPABLE = new Set<FieldKey>(['seq', 'powerType', 'basis', 'levels']);
/** How well a cell must fit to be taken for its column's kind. */
const FITS = 0.9;

/**
 * Swaps cells that sit in each other's column (seed-like exports put 实施依据 before 职权类型):
 * a filled cell that does not have its column's shape is exchanged with a cell elsewhere in
 * the row that has that shape and does not have its own column's.
 */
export function realignCells(cells: string[], keys: (FieldKey | null)[]): string[] {
  const out = [...cells];
  const fitsAs = (text: string, key: FieldKey | null) =>
    key !== null && SWAPPABLE.has(key) ? fitness(key, text.replace(/\s+/gu, '')) >= FITS : true;
  keys.forEach((key, col) => {
    if (!key || !SWAPPABLE.has(key) || (out[col] ?? '') === '' || fitsAs(out[col] ?? '', key)) return;
    const other = out.findIndex(
      (_, k) =>
        k !== col &&
        fitsAs(out[k] ?? '', key) &&
        (out[k] ?? '') !== '' &&
        !fitsAs(out[k] ?? '', keys[k] ?? null),
    );
    if (other < 0) return;
    [out[col], out[other]] = [out[other] ?? '', out[col] ?? ''];
  });
  return out;
}

/** Joins the lines of a one-line field: CJK wraps without a space, Latin wraps with one. */
export function joinWrappedLines(text: string): string {
  const lines = text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean);
  // Joined once, from pieces: testing the end of a string built up by `+` flattens it each time.
  return lines
    .map((line, i) => (i > 0 && needsSpace(lines[i - 1] as string, line) ? ` ${line}` : line))
    .join('');
}

/** Splits a list cell (targets, levels) on 、，,；; and line breaks. */
export function splitList(text: string): string[] {
  return text
    .split(/[、，,；;\n]+|\s{2,}/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function needsSpace(before: string, after: string): boolean {
  // The last character only: `before` is the growing joined text, and a `…$` regex scans it all.
  return /[A-Za-z0-9.,;:]/.test(before.at(-1) ?? '') && /^[A-Za-z0-9]/.test(after);
}
