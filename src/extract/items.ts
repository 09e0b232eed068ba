import type { DiscretionGrade, Item, PowerType, TableKind } from '../../schemas/notice.ts';
import { normalizeText } from '../chinese/text.ts';
import { joinWrappedLines, realignCells, splitList } from './cells.ts';
import { parseCitations } from './citations.ts';
import { cleanHeader, type FieldKey, headerKey } from './headers.ts';
import { parsePowerType, powerTypeFromName } from './power-type.ts';
import type { AlignedRow, RecognizedTable } from './recognized.ts';

/** Fields an item carries in its own properties; every other known column goes to `fields`. */
const OWN_FIELDS = new Set<FieldKey>(['seq', 'name', 'powerType', 'targets', 'levels', 'basis', 'category']);
/** Columns of one 裁量阶次 row in a discretion benchmark or exemption list. */
const GRADE_FIELDS: FieldKey[] = ['grade', 'circumstances', 'benchmark'];

/**
 * Columns whose cells catalogues merge down over many rows (行使层级, 实施主体, 职权类型, 抽查类别):
 * an empty cell there is the rest of the merged cell above — what a page break or a text
 * export leaves of it — so it takes the value above. The verbatim text stays as the source had it.
 */
const MERGED_DOWN: FieldKey[] = ['levels', 'implementer', 'department', 'powerType', 'group', 'category'];

/** A numbering a name cell starts with (1. / （一） / ①): the list's, not the name's. */
const LEADING_NUMBER = /^(?:\d{1,3}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳])\s*/u;

interface Row {
  cells: string[];
  byKey: Partial<Record<FieldKey, string>>;
  grades: DiscretionGrade[];
  open: boolean;
}

/**
 * Aligned rows → items. A row that repeats the header is dropped. A row with neither 序号 nor
 * name continues the item above: in a discretion benchmark or exemption list it is one more
 * 裁量阶次 of that item, elsewhere its cells are appended to the item's (a row a page break
 * split). Rows repeating the 序号 and name above (a merged cell expanded over several rows)
 * belong to that item too.
 */
export function tableItems(
  table: RecognizedTable,
  tablePowerType: PowerType | null,
  kind: TableKind,
): Item[] {
  const keys = table.headers.map(headerKey);
  const headerLine = table.headers.map(cleanHeader).join('|');
  const rows: Row[] = [];
  for (const aligned of table.rows) {
    if (isBlank(aligned) || aligned.cells.map(cleanHeader).join('|') === headerLine) continue;
    const cells =
      aligned.realigned || table.layout !== 'grid' ? aligned.cells : realignCells(aligned.cells, keys);
    const byKey = collect(cells, keys);
    const previous = rows.at(-1);
    if (!previous && !byKey.seq && !byKey.name && !byKey.group) continue;
    const sameAsAbove =
      previous &&
      byKey.seq &&
      byKey.name &&
      byKey.seq === previous.byKey.seq &&
      byKey.name === previous.byKey.name;
    if (previous && ((!byKey.seq && !byKey.name) || sameAsAbove)) {
      continueRow(previous, cells, byKey, kind, Boolean(sameAsAbove));
      previous.open ||= aligned.open;
    } else rows.push({ cells: [...cells], byKey, grades: gradesOf(byKey, kind), open: aligned.open });
  }
  const items: Item[] = [];
  const normalize = memoized(normalizeText);
  let above: Partial<Record<FieldKey, string>> = {};
  for (const row of rows) {
    const byKey = collect(row.cells, keys);
    for (const key of MERGED_DOWN)
      if (!byKey[key] && above[key] && keys.includes(key)) byKey[key] = above[key];
    if (!byKey.seq && above.seq && table.layout !== 'grid') byKey.seq = above.seq;
    items.push(toItem(byKey, row, table.headers, keys, tablePowerType, items.at(-1), normalize));
    above = byKey;
  }
  return items;
}

/**
 * An item rebuilt from its row's cells as written (`verbatim`, by header) under another column
 * mapping (`keys`, one per header): what a reviewer's re-mapped column, fixed cell or added row
 * makes of it. Grades and the cut-off flag stay as extracted.
 */
export function itemFromCells(
  cells: string[],
  headers: string[],
  keys: (FieldKey | null)[],
  tablePowerType: PowerType | null,
  previous: Item | undefined,
  kept: Pick<Item, 'grades' | 'partial'> = { grades: [], partial: false },
): Item {
  const byKey = collect(cells, keys);
  const row: Row = { cells, byKey, grades: kept.grades, open: kept.partial };
  return toItem(byKey, row, headers, keys, tablePowerType, previous, memoized(normalizeText));
}

/** An item's cells as the source had them, in header order (its verbatim text by header). */
export function rawCells(item: Item, headers: string[]): string[] {
  return headers.map(
    (header, col) => item.verbatim[cleanHeader(header) || `列${col + 1}`] ?? item.cells[col] ?? '',
  );
}

/** Adds a row's cells (`byKey`: the same by field) to the row above it. */
function continueRow(
  previous: Row,
  cells: string[],
  byKey: Partial<Record<FieldKey, string>>,
  kind: TableKind,
  merged: boolean,
): void {
  if (kind !== 'catalogue' && GRADE_FIELDS.some((key) => byKey[key])) {
    previous.grades.push(...gradesOf(byKey, kind));
    return;
  }
  cells.forEach((text, col) => {
    const now = previous.cells[col] ?? '';
    if (!text.trim() || (merged && now === text)) return;
    previous.cells[col] = now ? `${now}\n${text}` : text;
  });
}

function gradesOf(byKey: Partial<Record<FieldKey, string>>, kind: TableKind): DiscretionGrade[] {
  if (kind === 'catalogue' || !GRADE_FIELDS.some((key) => byKey[key])) return [];
  const text = (key: FieldKey) => (byKey[key] ? normalizeText(byKey[key] ?? '') : null);
  return [{ grade: text('grade'), circumstances: text('circumstances'), benchmark: text('benchmark') }];
}

function toItem(
  byKey: Partial<Record<FieldKey, string>>,
  row: Row,
  headers: string[],
  keys: (FieldKey | null)[],
  tablePowerType: PowerType | null,
  previous: Item | undefined,
  normalize: (text: string) => string,
): Item {
  const seq = Number.parseInt(byKey.seq ?? '', 10);
  const basisRaw = byKey.basis ?? '';
  const fields: Record<string, string> = {};
  for (const [key, text] of Object.entries(byKey) as [FieldKey, string][])
    if (!OWN_FIELDS.has(key) && text) fields[key] = normalize(text);
  const extra: Record<string, string> = {};
  const verbatim: Record<string, string> = {};
  headers.forEach((header, col) => {
    const text = row.cells[col] ?? '';
    const label = cleanHeader(header) || `列${col + 1}`;
    verbatim[label] = text;
    if (!keys[col] && text) extra[label] = normalize(text);
  });
  const name = normalize(joinWrappedLines(byKey.name || byKey.group || '')).replace(LEADING_NUMBER, '');
  return {
    seq: Number.isFinite(seq) ? seq : (previous?.seq ?? 0) + 1,
    name,
    powerType:
      (byKey.powerType ? parsePowerType(byKey.powerType) : null) ?? tablePowerType ?? powerTypeFromName(name),
    targets: splitList(normalize(byKey.targets ?? '')),
    levels: splitList(normalize(byKey.levels ?? '')),
    basis: basisRaw ? normalize(basisRaw) : null,
    citations: basisRaw ? parseCitations(basisRaw) : [],
    fields,
    extra,
    verbatim,
    cells: headers.map((_, col) => normalize(row.cells[col] ?? '')),
    category: byKey.category ? normalize(byKey.category) : null,
    grades: row.grades,
    partial: row.open,
  };
}

/** A cell's text is normalized once however many fields and columns show it. */
function memoized(fn: (text: string) => string): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let value = seen.get(text);
    if (value === undefined) {
      value = fn(text);
      seen.set(text, value);
    }
    return value;
  };
}

function isBlank(row: AlignedRow): boolean {
  return row.cells.every((text) => text.trim() === '');
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
