import { cleanHeader, headerForm, headerKey, headerScore, isHeaderCell } from './headers.ts';

/**
 * The header band of a table whose rows are known (a grid, or delimited rows): which rows are
 * the header, scored against the header vocabulary rather than assumed to be the first; the
 * caption and spacer rows above it; and the columns, with a two-row header (a merged parent
 * above its sub-headers) combined into one header per column.
 */
export interface HeaderBand {
  /** Index of the first body row. */
  bodyStart: number;
  /** Column headers, white space folded, in order. */
  headers: string[];
  /**
   * For a delimited band whose header leaves merged cells empty (`序号 | 检查事项 | | 对象`):
   * per column, the first field index and how many fields it spans. Null for grids.
   */
  spans: { col: number; width: number }[] | null;
  /** Text of the caption rows above the header (the table's own title), if any. */
  caption: string | null;
}

/** How far down a table its header may start (captions, notes, a unit line above it). */
const HEADER_SEARCH_ROWS = 8;

/**
 * Finds the header band. `flagged` is how many leading rows the reader marked as header cells
 * (html `<th>`, a reader's own header test): they are taken when the vocabulary agrees (no more
 * than the rows a header is looked for in: a table marked header throughout has its header
 * found by the vocabulary). `positional` is true for grids, where every row has the same
 * columns (spans expanded).
 */
export function findHeaderBand(rows: string[][], flagged: number, positional: boolean): HeaderBand | null {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  const byFlags = flagged > 0 && flagged <= limit && isHeaderRow(combine(rows.slice(0, flagged)));
  let start = byFlags ? 0 : -1;
  for (let r = 0; start < 0 && r < limit; r++) if (isHeaderRow(rows[r] as string[])) start = r;
  if (start < 0) return null;
  let end = start + 1;
  if (byFlags) end = flagged;
  else
    while (
      end < rows.length &&
      end - start < 3 &&
      isSubHeaderRow(rows[end] as string[], rows[start] as string[])
    )
      end++;
  const caption = captionOf(rows.slice(0, start));
  const band = rows.slice(start, end);
  if (positional || band.length === 1) {
    const merged = positional ? combine(band) : (band[0] as string[]);
    return { bodyStart: end, ...columnsOf(merged, positional), caption };
  }
  return { bodyStart: end, headers: withSubHeaders(band), spans: null, caption };
}

/**
 * A row that reads as a header: three fields the vocabulary knows, or two that include a name
 * column. `score`: the row's `headerScore`, when the caller has it already.
 */
export function isHeaderRow(cells: string[], score = headerScore(cells)): boolean {
  const { known, share } = score;
  const hasName = cells.some((cell) => headerKey(cell) === 'name');
  if (share >= 0.5) return known >= 3 || (known >= 2 && hasName);
  // Many columns no rule knows (a wide catalogue): still a header when all are short header words.
  const filled = cells.filter((cell) => cell.trim() !== '');
  return hasName && known >= 3 && filled.every(isHeaderCell);
}

/** A row under the header that continues it: short known words, no 序号 number in front. */
function isSubHeaderRow(cells: string[], header: string[]): boolean {
  const filled = cells.filter((cell) => cell.trim() !== '');
  if (filled.length === 0 || /^\d+$/.test(filled[0]?.trim() ?? '')) return false;
  if (filled.some((cell) => headerForm(cell).length > 16)) return false;
  const known = filled.filter((cell) => headerKey(cell) !== null).length;
  const sameAsHeader = filled.every((cell) => header.includes(cell));
  return !sameAsHeader && (known / filled.length >= 0.5 || filled.length < header.filter(Boolean).length / 2);
}

/** Positional rows combined per column: the upper text then the lower, each once. */
function combine(rows: string[][]): string[] {
  const width = rows.reduce((most, row) => Math.max(most, row.length), 0);
  return Array.from({ length: width }, (_, col) => {
    const parts: string[] = [];
    for (const row of rows) {
      const text = cleanHeader(row[col] ?? '');
      if (text && !parts.includes(text)) parts.push(text);
    }
    return parts.join('');
  });
}

/** Columns of one header row: a grid keeps every column; delimited text folds empty fields into the one before. */
function columnsOf(header: string[], positional: boolean): Pick<HeaderBand, 'headers' | 'spans'> {
  if (positional) return { headers: header.map(cleanHeader), spans: null };
  const spans: { col: number; width: number }[] = [];
  header.forEach((field, col) => {
    const last = spans.at(-1);
    if (cleanHeader(field) === '' && last) last.width++;
    else spans.push({ col, width: 1 });
  });
  const headers = spans.map((span) => cleanHeader(header[span.col] ?? ''));
  return { headers, spans: spans.some((span) => span.width > 1) ? spans : null };
}

/**
 * A delimited two-row header: the lower row's fields are the sub-headers of one merged parent
 * in the upper row — the parent whose text shares most characters with them (抽查项目 over
 * 抽查类别 / 抽查事项), else the first parent the vocabulary does not place by itself.
 */
function withSubHeaders(band: string[][]): string[] {
  const [upper = [], ...lower] = band.map((row) => row.map(cleanHeader).filter(Boolean));
  return lower.reduce(subHeaderColumns, upper);
}

/**
 * The columns of a header row with a row of sub-headers under it: as many sub-headers as
 * headers pair up one to one; fewer replace the one parent they split.
 */
export function subHeaderColumns(headers: string[], subs: string[]): string[] {
  if (subs.length === headers.length)
    return headers.map((head, k) => (head === subs[k] ? head : `${head}${subs[k] ?? ''}`));
  const subKeys = new Set(subs.map(headerKey));
  const score = (head: string, k: number) => {
    if (k === 0) return -1;
    const shared = subs.reduce(
      (n, sub) => n + [...sub].filter((c) => /\p{Script=Han}/u.test(c) && head.includes(c)).length,
      0,
    );
    const key = headerKey(head);
    // A parent splits into sub-headers of its own kind (裁量基准 → 处罚幅度, 项目名称 → 子项).
    const ownKind = key !== null && subKeys.has(key) ? 1 : 0;
    return shared + ownKind + (key === null || key === 'name' || key === 'group' ? 0.5 : 0);
  };
  const scores = headers.map(score);
  const parent = scores.indexOf(scores.reduce((most, s) => Math.max(most, s), Number.NEGATIVE_INFINITY));
  return [...headers.slice(0, parent), ...subs, ...headers.slice(parent + 1)];
}

/** The caption rows above a header: rows with one or two filled cells (a title spread over a merged row). */
function captionOf(rows: string[][]): string | null {
  const texts = rows
    .map((row) => [...new Set(row.map((cell) => cell.trim()).filter(Boolean))])
    .filter((cells) => cells.length > 0 && cells.length <= 2)
    .map((cells) => cells.join(' '));
  return texts.length > 0 ? (texts.at(-1) as string) : null;
}
