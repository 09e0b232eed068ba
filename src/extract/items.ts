import type { Item, PowerType } from '../../schemas/notice.ts';
import { normalizeText } from '../normalize/text.ts';
import { joinWrappedLines, realignCells, splitList } from './cells.ts';
import { parseCitations } from './citations.ts';
import type { Grid } from './grid.ts';
import { cleanHeader, type FieldKey, headerKey } from './headers.ts';
import { parsePowerType } from './power-type.ts';

/** Fields kept as normalized text in `item.fields`. */
const TEXT_FIELDS: FieldKey[] = [
  'content',
  'methods',
  'frequency',
  'samplingRatio',
  'coercionKind',
  'conditions',
  'procedure',
  'implementer',
  'remarks',
];

/**
 * Columns whose cells catalogues merge down over many rows (行使层级, 实施主体, 职权类型): an
 * empty cell there is the rest of the merged cell above — what a page break or a text export
 * leaves of it — so it takes the value above. The verbatim text stays as the source had it.
 */
const MERGED_DOWN: FieldKey[] = ['levels', 'implementer', 'powerType'];

/**
 * Grid rows → items. A row without 序号 and 名称 continues the item above it (a row a page
 * break split); a row that repeats the header is dropped.
 */
export function gridToItems(grid: Grid, tablePowerType: PowerType | null): Item[] {
  const keys = grid.headers.map(headerKey);
  const headerLine = grid.headers.map(cleanHeader).join('|');
  const rows: string[][] = [];
  for (const raw of grid.rows) {
    if (raw.every((text) => text.trim() === '') || raw.map(cleanHeader).join('|') === headerLine) continue;
    const cells = realignCells(raw, keys);
    const byKey = collect(cells, keys);
    const previous = rows.at(-1);
    if (previous && !byKey.seq && !byKey.name) {
      cells.forEach((text, col) => {
        if (text.trim()) previous[col] = previous[col] ? `${previous[col]}\n${text}` : text;
      });
    } else rows.push(cells);
  }
  const items: Item[] = [];
  let above: Partial<Record<FieldKey, string>> = {};
  for (const cells of rows) {
    const byKey = collect(cells, keys);
    for (const key of MERGED_DOWN)
      if (!byKey[key] && above[key] && keys.includes(key)) byKey[key] = above[key];
    items.push(toItem(byKey, grid.headers, cells, keys, tablePowerType, items.at(-1)));
    above = byKey;
  }
  return items;
}

function toItem(
  byKey: Partial<Record<FieldKey, string>>,
  headers: string[],
  cells: string[],
  keys: (FieldKey | null)[],
  tablePowerType: PowerType | null,
  previous: Item | undefined,
): Item {
  const seq = Number.parseInt(byKey.seq ?? '', 10);
  const basisRaw = byKey.basis ?? '';
  const fields: Record<string, string> = {};
  for (const key of TEXT_FIELDS) if (byKey[key]) fields[key] = normalizeText(byKey[key] ?? '');
  const extra: Record<string, string> = {};
  const verbatim: Record<string, string> = {};
  headers.forEach((header, col) => {
    const text = cells[col] ?? '';
    verbatim[cleanHeader(header) || `列${col + 1}`] = text;
    if (!keys[col] && text) extra[cleanHeader(header) || `列${col + 1}`] = normalizeText(text);
  });
  return {
    seq: Number.isFinite(seq) ? seq : (previous?.seq ?? 0) + 1,
    name: normalizeText(joinWrappedLines(byKey.name ?? '')),
    powerType: (byKey.powerType ? parsePowerType(byKey.powerType) : null) ?? tablePowerType,
    targets: splitList(normalizeText(byKey.targets ?? '')),
    levels: splitList(normalizeText(byKey.levels ?? '')),
    basis: basisRaw ? normalizeText(basisRaw) : null,
    citations: basisRaw ? parseCitations(basisRaw) : [],
    fields,
    extra,
    verbatim,
  };
}

/** Texts by field key; several columns with one key are joined. */
function collect(cells: string[], keys: (FieldKey | null)[]): Partial<Record<FieldKey, string>> {
  const byKey: Partial<Record<FieldKey, string>> = {};
  keys.forEach((key, col) => {
    const text = (cells[col] ?? '').trim();
    if (!key || !text) return;
    byKey[key] = byKey[key] ? `${byKey[key]}\n${text}` : text;
  });
  return byKey;
}
