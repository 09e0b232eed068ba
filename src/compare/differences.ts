/**
 * What differs between two matched items: their listed fields (targets, levels, methods,
 * frequency, implementing body, power type) and their cited provisions. A field one side does not
 * state (its catalogue has no such column) is not a difference. Pure.
 */
import type { Difference } from '../../schemas/compare.ts';
import type { Item } from '../../schemas/notice.ts';
import { normalizeText } from '../chinese/text.ts';
import { citationDifferences } from './citation-diff.ts';

/** Free-text fields compared, by their key in `item.fields`. */
const TEXT_FIELDS = ['methods', 'frequency', 'implementer'] as const;

/** Every difference of a matched pair, fields first, then citations. */
export function differences(a: Item, b: Item): Difference[] {
  const out: Difference[] = [];
  if (a.powerType && b.powerType && a.powerType !== b.powerType)
    out.push({ field: 'powerType', a: a.powerType, b: b.powerType });
  for (const field of ['targets', 'levels'] as const) {
    const [x, y] = [a[field], b[field]];
    if (x.length > 0 && y.length > 0 && !sameSet(x, y)) out.push({ field, a: x.join('、'), b: y.join('、') });
  }
  for (const field of TEXT_FIELDS) {
    const [x, y] = [a.fields[field], b.fields[field]];
    if (x && y && compact(x) !== compact(y)) out.push({ field, a: x, b: y });
  }
  out.push(...citationDifferences(a.citations, b.citations));
  return out;
}

/** Same entries in any order, compared without white space or punctuation. */
function sameSet(x: readonly string[], y: readonly string[]): boolean {
  const [sx, sy] = [new Set(x.map(compact)), new Set(y.map(compact))];
  return sx.size === sy.size && [...sx].every((v) => sy.has(v));
}

function compact(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}
