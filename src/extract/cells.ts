import type { FieldKey } from './headers.ts';
import { parsePowerType } from './power-type.ts';

/**
 * What a cell's text says it is, for the columns whose content has a recognisable shape.
 * Used to put cells that arrive out of column order back where they belong.
 */
const SHAPES: Partial<Record<FieldKey, (text: string) => boolean>> = {
  seq: (text) => /^\d+$/.test(text.trim()),
  powerType: (text) => parsePowerType(text) !== null,
  basis: (text) => /《|第[零〇一二两三四五六七八九十百千\d]+条/.test(text),
  levels: (text) => text.length <= 30 && /级/.test(text) && !/《|。/.test(text),
};

/**
 * Swaps cells that sit in each other's column (seed-like exports put 实施依据 before 职权类型):
 * a filled cell that does not have its column's shape is exchanged with a cell elsewhere in
 * the row that has that shape and does not have its own column's.
 */
export function realignCells(cells: string[], keys: (FieldKey | null)[]): string[] {
  const out = [...cells];
  const fits = (col: number, key: FieldKey | null) => {
    const shape = key ? SHAPES[key] : undefined;
    return shape ? shape(out[col] ?? '') : true;
  };
  keys.forEach((key, col) => {
    if (!key || !SHAPES[key] || (out[col] ?? '') === '' || fits(col, key)) return;
    const other = out.findIndex(
      (_, k) => k !== col && fitsAs(out[k] ?? '', key) && !fits(k, keys[k] ?? null),
    );
    if (other < 0) return;
    [out[col], out[other]] = [out[other] ?? '', out[col] ?? ''];
  });
  return out;
}

function fitsAs(text: string, key: FieldKey): boolean {
  return SHAPES[key]?.(text) ?? false;
}

/** Joins the lines of a one-line field: CJK wraps without a space, Latin wraps with one. */
export function joinWrappedLines(text: string): string {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .reduce(
      (joined, line) => (joined === '' ? line : joined + (needsSpace(joined, line) ? ' ' : '') + line),
      '',
    );
}

/** Splits a list cell (targets, levels) on 、，,；; and line breaks. */
export function splitList(text: string): string[] {
  return text
    .split(/[、，,；;\n]+|\s{2,}/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function needsSpace(before: string, after: string): boolean {
  return /[A-Za-z0-9.,;:]$/.test(before) && /^[A-Za-z0-9]/.test(after);
}
