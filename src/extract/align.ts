import { normalizeText } from '../chinese/text.ts';
import type { FieldKey } from './headers.ts';
import { fitness } from './shapes.ts';

/**
 * Row alignment: puts the pieces of one row (fields split on a delimiter, words split on
 * spaces, lines of a one-cell-per-line table, pieces of run-together text) into the table's
 * columns by what they contain. Each column takes a contiguous run of pieces, possibly none
 * (a cell merged from the row above, or an empty cell); the split chosen maximises how well
 * every cell fits its column (`shapes.ts`) and resembles what the column held in earlier rows,
 * less a cost for every column left empty and every piece joined onto another.
 */

/** One piece of a row, and whether it started a new line in the source (else it followed a space). */
export interface Piece {
  text: string;
  newLine: boolean;
}

/** A piece with its normalized form (simplified, no pinyin notes or white space), for fitting. */
interface Fitted extends Piece {
  plain: string;
}

export interface ColumnModel {
  key: FieldKey | null;
  /** The row above had this column filled and catalogues merge it down: empty here costs little. */
  inheritable: boolean;
  /** Values the column took in earlier rows of the same table (the most recent few). */
  seen: string[];
}

/** Columns whose cells are long free text: joining pieces into them costs little. */
const LONG_TEXT = new Set<FieldKey | null>([
  null,
  'name',
  'group',
  'basis',
  'content',
  'circumstances',
  'benchmark',
  'conditions',
  'procedure',
  'accountability',
  'remarks',
  'measures',
  'targets',
  'coercionKind',
]);
/** Columns that are often left empty. */
const OFTEN_EMPTY = new Set<FieldKey | null>([
  'remarks',
  'measures',
  'accountability',
  'involvesEnterprises',
  null,
]);

/** What it costs to start a cell in the middle of a list. */
const LIST_SPLIT_COST = 0.5;

/** The kind of numbering a piece starts with: （一）, (1), 1., ①, or () where a site lost the number. */
function listMarker(plain: string): string | null {
  if (/^[（(][一二三四五六七八九十]*[)）]/u.test(plain)) return 'paren-han';
  if (/^[（(]\d+[)）]/u.test(plain)) return 'paren-digit';
  if (/^\d+[.．、]/u.test(plain)) return 'digit';
  if (/^[①-⑳]/u.test(plain)) return 'circled';
  return null;
}

/** The most pieces one row may have: past this they are joined to the last column unaligned. */
const MAX_PIECES = 80;

/**
 * The cells of one row, one per column, from its pieces. `cutOff`: the document ends inside
 * this row, so the columns after its last piece are missing, not empty (they cost nothing).
 */
export function alignPieces(pieces: Piece[], columns: ColumnModel[], cutOff = false): string[] {
  const n = columns.length;
  if (n === 0) return [];
  const kept: Fitted[] = (pieces.length > MAX_PIECES ? foldTail(pieces) : pieces).map((piece) => ({
    ...piece,
    plain: normalizeText(piece.text).replace(/\s+/gu, ''),
  }));
  const m = kept.length;
  const seen = columns.map((column) => column.seen.map((value) => bigrams(normalizeText(value))));
  /** A cell that starts between two items of one list ((一)… (二)…, 1.… 2.…) splits the list. */
  const markers = kept.map((piece) => listMarker(piece.plain));
  const splitsList = markers.map((_, i) => {
    const before = markers.slice(Math.max(0, i - 3), i).findLast((marker) => marker !== null);
    const after = markers.slice(i, i + 3).find((marker) => marker !== null);
    return before !== undefined && before === after;
  });
  /** best[c][i]: the best score placing pieces i.. into columns c.. (-Infinity: impossible). */
  const best: number[][] = Array.from({ length: n + 1 }, () => Array(m + 1).fill(Number.NEGATIVE_INFINITY));
  const choice: number[][] = Array.from({ length: n + 1 }, () => Array(m + 1).fill(0));
  (best[n] as number[])[m] = 0;
  for (let c = n - 1; c >= 0; c--) {
    const column = columns[c] as ColumnModel;
    if (cutOff) (best[c] as number[])[m] = 0;
    for (let i = cutOff ? m - 1 : m; i >= 0; i--) {
      let score = emptyCost(column) + ((best[c + 1] as number[])[i] as number);
      let take = 0;
      const cell = cellText(kept, i);
      for (let j = i + 1; j <= m; j++) {
        cell.add(j);
        const rest = (best[c + 1] as number[])[j] as number;
        if (rest === Number.NEGATIVE_INFINITY) continue;
        const candidate =
          (cell.length === 0
            ? emptyCost(column)
            : cellScore(column, cell.sample(), cell.count, seen[c] as Grams[])) +
          rest -
          (splitsList[i] ? LIST_SPLIT_COST : 0);
        if (candidate > score) {
          score = candidate;
          take = j - i;
        }
      }
      (best[c] as number[])[i] = score;
      (choice[c] as number[])[i] = take;
    }
  }
  const cells: string[] = [];
  let i = 0;
  for (let c = 0; c < n; c++) {
    const take = (choice[c] as number[])[i] as number;
    cells.push(joinPieces(kept.slice(i, i + take)));
    i += take;
  }
  return cells;
}

/** Pieces joined back into one cell's text: a line break where the source had one, else a space. */
function joinPieces(pieces: Piece[]): string {
  return pieces.reduce((text, piece, k) => (k === 0 ? piece.text : joinPiece(text, piece)), '');
}

function joinPiece(text: string, piece: Piece): string {
  if (piece.text === '') return text;
  if (text === '') return piece.text;
  return `${text}${piece.newLine ? '\n' : ' '}${piece.text}`;
}

function emptyCost(column: ColumnModel): number {
  if (column.inheritable) return -0.15;
  return OFTEN_EMPTY.has(column.key) ? -0.3 : -0.6;
}

/** `sample`: the cell's `CellText.sample()`; `count`: how many non-empty pieces it joins. */
function cellScore(column: ColumnModel, sample: string, count: number, seen: Grams[]): number {
  const joinCost = (count - 1) * (LONG_TEXT.has(column.key) ? 0.04 : 0.5);
  return fitness(column.key, sample) + resemblance(sample, seen) - joinCost;
}

/** A cell's shape is in its start and its end: a huge cell is judged by this much of each, in bounded time. */
const SAMPLE = 1000;

interface CellText {
  /** Adds the piece before `j` (pieces `from` … `j - 1` are the cell). */
  add(j: number): void;
  /** Characters of the cell's normalized text (no white space), and its non-empty pieces. */
  readonly length: number;
  readonly count: number;
  /**
   * What the cell is judged by: its normalized text when at most 2 × SAMPLE characters, else its
   * first SAMPLE and last SAMPLE characters. The whole text is never built: a cell grown piece
   * by piece and read at every step would be copied again at every step.
   */
  sample(): string;
}

/** The cell of `pieces` starting at `from`, grown one piece at a time. */
function cellText(pieces: Fitted[], from: number): CellText {
  /** The text's first 2 × SAMPLE characters (all of it while it is no longer). */
  let head = '';
  let to = from;
  const cell = {
    length: 0,
    count: 0,
    add(j: number) {
      const plain = (pieces[j - 1] as Fitted).plain;
      to = j;
      cell.length += plain.length;
      if (plain !== '') cell.count++;
      if (head.length < 2 * SAMPLE) head += plain.slice(0, 2 * SAMPLE - head.length);
    },
    sample() {
      if (cell.length <= 2 * SAMPLE) return head;
      // The last SAMPLE characters, from the pieces at the cell's end back.
      let tail = '';
      for (let k = to - 1; k >= from && tail.length < SAMPLE; k--)
        tail = (pieces[k] as Fitted).plain.slice(-(SAMPLE - tail.length)) + tail;
      return head.slice(0, SAMPLE) + tail;
    },
  };
  return cell;
}

/** Up to 0.6 for a text like the column's earlier values (character-bigram Dice). */
function resemblance(plain: string, seen: Grams[]): number {
  if (seen.length === 0) return 0;
  const grams = bigrams(plain);
  let best = 0;
  for (const value of seen) best = Math.max(best, dice(grams, value));
  return 0.6 * best;
}

/** Pieces past MAX_PIECES joined onto the last kept piece. */
function foldTail(pieces: Piece[]): Piece[] {
  const head = pieces.slice(0, MAX_PIECES - 1);
  const tail = pieces.slice(MAX_PIECES - 1);
  return [...head, { text: joinPieces(tail), newLine: tail[0]?.newLine ?? true }];
}

type Grams = Map<string, number>;

function bigrams(text: string): Grams {
  const compact = text.replace(/\s+/gu, '');
  const grams = new Map<string, number>();
  for (let k = 0; k + 1 < compact.length && k < 120; k++) {
    const gram = compact.slice(k, k + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  let total = 0;
  for (const n of a.values()) total += n;
  for (const [gram, n] of b) {
    total += n;
    common += Math.min(n, a.get(gram) ?? 0);
  }
  return total === 0 ? 0 : (2 * common) / total;
}

/** The most lines one cell of a one-cell-per-line table may take. */
const MAX_LINES_PER_CELL = 12;

/**
 * A one-cell-per-line table without 序号 to say where rows start: the pieces are the cells of
 * row after row, each cell one line or a few (a long cell wraps), an empty cell no line at all
 * (a merged cell written once, in the middle of the rows it spans). Splits the stream into
 * rows of the columns' width, cell by cell, by the same fit as `alignPieces`; the last row may
 * stop short (a page cut off).
 */
export function alignStream(pieces: Piece[], columns: ColumnModel[]): string[][] {
  const n = columns.length;
  const m = pieces.length;
  if (n === 0 || m === 0) return [];
  const kept: Fitted[] = pieces.map((piece) => ({
    ...piece,
    plain: normalizeText(piece.text).replace(/\s+/gu, ''),
  }));
  /** best[i * n + c]: the best score placing pieces i.. from column c on; take[…]: how many pieces column c takes. */
  const best = new Float64Array((m + 1) * n).fill(Number.NEGATIVE_INFINITY);
  const take = new Int32Array((m + 1) * n);
  for (let c = 0; c < n; c++) best[m * n + c] = 0;
  for (let i = m - 1; i >= 0; i--) {
    for (let c = n - 1; c >= 0; c--) {
      const column = columns[c] as ColumnModel;
      const next = (j: number) => (best[j * n + ((c + 1) % n)] as number) - (c === n - 1 && j === i ? 1 : 0);
      // An empty cell: every row still reads at least one line, so a row of empty cells costs.
      let score = emptyCost(column) + next(i);
      let chosen = 0;
      const cell = cellText(kept, i);
      for (let j = i + 1; j <= Math.min(m, i + MAX_LINES_PER_CELL); j++) {
        cell.add(j);
        const candidate =
          (cell.length === 0 ? emptyCost(column) : cellScore(column, cell.sample(), cell.count, [])) +
          next(j);
        if (candidate > score) {
          score = candidate;
          chosen = j - i;
        }
      }
      best[i * n + c] = score;
      take[i * n + c] = chosen;
    }
  }
  const rows: string[][] = [];
  let row: string[] = [];
  for (let i = 0, c = 0; i < m; c = (c + 1) % n) {
    const count = take[i * n + c] as number;
    row.push(joinPieces(kept.slice(i, i + count)));
    i += count;
    if (c === n - 1 || i >= m) {
      rows.push([...row, ...Array(n - row.length).fill('')]);
      row = [];
      if (i >= m) break;
    }
  }
  return rows;
}
