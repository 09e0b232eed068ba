import type { Block } from '../../schemas/document.ts';
import type { TableLayout } from '../../schemas/notice.ts';
import { normalizeWords } from '../chinese/text.ts';
import { alignStream, type Piece } from './align.ts';
import { isHeaderRow, subHeaderColumns } from './header-band.ts';
import {
  headerForm,
  headerKey,
  headerScore,
  isExactTerm,
  isHeaderCell,
  segmentHeaderText,
  startsListItem,
  startsWithTerm,
  termsIn,
} from './headers.ts';
import { alignRows, type RecognizedTable } from './recognized.ts';
import { RUN_TOGETHER_SEQ, splitRunTogether, splitSharedEndings } from './run-together.ts';
import { GRADE_LEADS } from './shapes.ts';

/**
 * Tables in running text, which no reader saw as a table: a web page's table copied as text,
 * a Word table saved as paragraphs. Three shapes: cells separated by spaces on a row's line
 * (`spaced`), one cell per line (`vertical`) and cells run together without any delimiter
 * (`run-together`). A header band is found by the header vocabulary; the body runs from it to
 * the next header band (less that table's caption lines) or the end of the run of paragraphs;
 * rows start at a 序号 and their pieces are put into the header's columns by content.
 */

interface Line {
  raw: string;
  readonly plain: string;
  block: number;
  line: number | null;
}

interface Header {
  layout: Exclude<TableLayout, 'grid' | 'delimited'>;
  headers: string[];
  /** First line of the header band, and the first line after it. */
  start: number;
  end: number;
}

/** Longest line that can be one cell of a one-cell-per-line header, and its first cell (序号, 事项名称 …). */
const MAX_VERTICAL_HEADER = 24;
const MAX_FIRST_VERTICAL_CELL = 8;
/** Longest header band read from text whose header cells ran together, in lines. */
const MAX_RUN_TOGETHER_LINES = 3;
const SEQ_WORD = /^(?:\d{1,5}|[*＊])$/u;
/** A 裁量阶次 word leading a line. */
const GRADE_LEAD = new RegExp(`^(?:${GRADE_LEADS})`, 'u');
/** Lines above a header that belong to it: its caption (…清单, …表) or a unit line. */
const CAPTION_LINE = /(?:清单|目录|表|基准|计划|名录)(?:[（(][^）)]{0,12}[）)])?$|^(?:填报)?单位[:：]/u;

/** Tables found in the paragraphs of `blocks`, in document order. */
export function findParagraphTables(blocks: Block[]): RecognizedTable[] {
  const tables: RecognizedTable[] = [];
  for (const run of paragraphRuns(blocks)) {
    const headers = findHeaders(run);
    headers.forEach((header, k) => {
      const next = headers[k + 1];
      const end = Math.min(
        next ? next.start - captionLines(run, next.start) : run.length,
        ownTextStart(run, header.end, next ? next.start : run.length),
      );
      const endsDocument = !next && run.at(-1)?.block === blocks.length - 1;
      const table = readTable(run, header, end, endsDocument);
      if (table) tables.push(table);
    });
  }
  return tables;
}

/** Runs of consecutive paragraphs and headings (a table block ends a run), as lines. */
function paragraphRuns(blocks: Block[]): Line[][] {
  const runs: Line[][] = [[]];
  blocks.forEach((block, index) => {
    if (block.kind === 'table') {
      runs.push([]);
      return;
    }
    const first = 'line' in block && typeof block.line === 'number' ? block.line : null;
    block.text.split('\n').forEach((raw, offset) => {
      const text = raw.trim();
      if (text === '') return;
      let plain: string | undefined;
      (runs.at(-1) as Line[]).push({
        raw: text,
        // Normalized only when looked at: most lines of a long notice never are.
        get plain() {
          plain ??= normalizeWords(text);
          return plain;
        },
        block: index,
        line: first === null ? null : first + offset,
      });
    });
  });
  return runs.filter((run) => run.length > 0);
}

function findHeaders(run: Line[]): Header[] {
  const headers: Header[] = [];
  for (let k = 0; k < run.length; k++) {
    if (!mayOpenHeader(run, k)) continue;
    const header = spacedHeader(run, k) ?? verticalHeader(run, k) ?? runTogetherHeader(run, k);
    if (!header) continue;
    headers.push(header);
    k = header.end - 1;
  }
  return headers;
}

/**
 * A cheap first look: a header band starts with a line that starts with a header term and
 * names another (a row), or stands alone (a one-cell-per-line header, or run-together header
 * text wrapped over lines). Other lines are skipped before anything is normalized.
 */
function mayOpenHeader(run: Line[], k: number): boolean {
  const text = (run[k] as Line).raw;
  if (SENTENCE_PUNCTUATION.test(text) || !startsWithTerm(text)) return false;
  const terms = termsIn(text);
  if (terms >= 2) return true;
  const compact = text.replace(/\s+/gu, '');
  return terms === 1 && compact.length <= MAX_VERTICAL_HEADER;
}

/** Header words carry no sentence punctuation; prose nearly always does. */
const SENTENCE_PUNCTUATION = /[，。；：,;:]/u;

/** `序号 事项名称 检查对象 …` on one line, with header words broken by a space joined (事项 类别). */
function spacedHeader(run: Line[], k: number): Header | null {
  const words = headerWords((run[k] as Line).plain);
  if (words.length < 3 || !isHeaderRow(words)) return null;
  let headers = [...words];
  let wrapped = false;
  let end = k + 1;
  for (; end < run.length; end++) {
    const next = headerWords((run[end] as Line).plain);
    if (next.length === 0 || SEQ_WORD.test(next[0] ?? '')) break;
    const known = next.filter((word) => headerKey(word) !== null).length;
    if (next.length === 1 && (next[0]?.length ?? 0) <= 40 && headerKey(headers.at(-1) ?? '') === null) {
      // A header cell with a line break in it: the line goes on with the same row.
      headers[headers.length - 1] = `${headers.at(-1)}${next[0]}`;
      wrapped = true;
    } else if (next.length >= 2 && known / next.length >= 0.5) {
      // The rest of a wrapped header row, or the sub-headers of a merged parent above them.
      headers = wrapped ? [...headers, ...next] : subHeaderColumns(headers, next);
    } else break;
  }
  return { layout: 'spaced', headers, start: k, end };
}

/** `序号事项名称责任科室…实施依据`, perhaps over up to three lines, and a sub-header line (主项子项). */
function runTogetherHeader(run: Line[], k: number): Header | null {
  let text = '';
  for (let w = 0; w < MAX_RUN_TOGETHER_LINES && k + w < run.length; w++) {
    const line = run[k + w] as Line;
    if (
      line.plain.length > 80 ||
      SENTENCE_PUNCTUATION.test(line.plain) ||
      startsListItem(line.plain) ||
      (w > 0 && SEQ_WORD.test(line.plain.split(' ')[0] ?? ''))
    )
      return null;
    text += line.plain.replace(/\s+/gu, '');
    const terms = segmentHeaderText(text);
    if (!terms || terms.length < 3) continue;
    const score = headerScore(terms);
    if (score.known < 3 || !isHeaderRow(terms, score)) continue;
    let end = k + w + 1;
    let headers = terms;
    const sub = run[end] ? segmentHeaderText((run[end] as Line).plain) : null;
    if (sub && sub.length >= 2 && sub.every((term) => isExactTerm(term))) {
      headers = subHeaderColumns(terms, sub);
      end++;
    }
    return { layout: 'run-together', headers, start: k, end };
  }
  return null;
}

/** One header cell per line; a header word broken over two lines (抽查 / 类别) is joined. */
function verticalHeader(run: Line[], k: number): Header | null {
  const first = (run[k] as Line).plain.replace(/\s+/gu, '');
  if (first.length > MAX_FIRST_VERTICAL_CELL || !isHeaderCell(first) || headerKey(first) === null)
    return null;
  const cells: string[] = [];
  let end = k;
  while (end < run.length) {
    const text = (run[end] as Line).plain.replace(/\s+/gu, '');
    if (
      text.length > MAX_VERTICAL_HEADER ||
      !isHeaderCell(text) ||
      SEQ_WORD.test(text) ||
      cells.includes(text)
    )
      break;
    const last = cells.at(-1);
    const joins =
      last !== undefined &&
      isExactTerm(last + text) &&
      (headerKey(last) === null || (last.length <= 4 && text.length <= 4));
    if (joins) cells[cells.length - 1] = last + text;
    else if (headerKey(text) === null && cells.length >= 3 && !knownNext(run, end + 1)) break;
    else cells.push(text);
    end++;
  }
  const known = cells.filter((cell) => headerKey(cell) !== null).length;
  if (cells.length < 3 || known < 3 || known / cells.length < 0.6 || !isHeaderRow(cells)) return null;
  return { layout: 'vertical', headers: cells, start: k, end };
}

/** The line at `at` is a short header term (an unknown header cell is kept when a known one follows). */
function knownNext(run: Line[], at: number): boolean {
  const text = run[at]?.plain.replace(/\s+/gu, '') ?? '';
  return text.length <= MAX_VERTICAL_HEADER && headerKey(text) !== null;
}

/**
 * Where the notice's own articles or chapters start after a table (第一条, 第X章 at a line's
 * start), looked for from `from` up to `to` (the next header band: the table ends there
 * anyway), else `to`: the table ends there. Statute text quoted in a cell starts its lines
 * with 第X条 too, but never with the first article, nor with a chapter.
 */
function ownTextStart(run: Line[], from: number, to: number): number {
  for (let k = from; k < to; k++) {
    if (OWN_TEXT.test((run[k] as Line).plain)) return k;
  }
  return to;
}

const OWN_TEXT = /^第(?:一|1)条|^第[零〇一二两三四五六七八九十百\d]+章\s*\S{0,20}$/u;

/** How many lines right above a header are its caption (…清单) or unit line. */
function captionLines(run: Line[], start: number): number {
  let count = 0;
  while (count < 3 && start - count - 1 >= 0 && CAPTION_LINE.test((run[start - count - 1] as Line).plain))
    count++;
  return count;
}

function readTable(run: Line[], header: Header, end: number, endsDocument: boolean): RecognizedTable | null {
  const body = run.slice(header.end, end);
  const rows = header.layout === 'vertical' ? verticalRows(body, header.headers) : lineRows(body, header);
  if (rows.length === 0) return null;
  if (endsDocument) (rows.at(-1) as (typeof rows)[number]).open = true;
  const before = run[header.start - 1];
  const first = run[header.start] as Line;
  const last = (body.at(-1) ?? first) as Line;
  return {
    layout: header.layout,
    caption: before && CAPTION_LINE.test(before.plain) ? before.plain : null,
    headers: header.headers,
    rows: alignRows(header.headers, rows),
    line: first.line,
    page: null,
    blocks: [first.block, last.block],
  };
}

type PieceRow = { pieces: Piece[]; line: number | null; open: boolean };

/**
 * Spaced and run-together bodies: a row starts at a line led by the next 序号 (any number for
 * the first row, `*` where a site masked them); the lines after it continue it. Without a 序号
 * column every line is a row.
 */
function lineRows(body: Line[], header: Header): PieceRow[] {
  const hasSeq = headerKey(header.headers[0] ?? '') === 'seq';
  const graded = header.headers.some((text) => headerKey(text) === 'grade');
  const rows: PieceRow[] = [];
  let expected: number | null = null;
  for (const line of body) {
    const seq = leadingSeq(line, header.layout);
    // In a discretion benchmark a line led by a grade (一般 / 较重 / 严重 …) is the next 裁量阶次 row.
    const nextGrade = graded && rows.length > 0 && GRADE_LEAD.test(line.plain);
    const starts =
      !hasSeq || nextGrade || (seq !== null && (expected === null || seq === expected || seq === '*'));
    if (starts) {
      if (typeof seq === 'number') expected = seq + 1;
      rows.push({ pieces: linePieces(line, header.layout, true), line: line.line, open: false });
    } else if (rows.length > 0) {
      const row = rows.at(-1) as PieceRow;
      linePieces(line, header.layout, false).forEach((piece, k) => {
        row.pieces.push({ ...piece, newLine: k === 0 || piece.newLine });
      });
    }
  }
  if (header.layout === 'run-together') splitSharedEndings(rows.map((row) => row.pieces));
  return rows;
}

/** One cell per line: rows start at a line that is the next 序号; without a 序号 column, every `width` lines. */
function verticalRows(body: Line[], headers: string[]): PieceRow[] {
  const hasSeq = headerKey(headers[0] ?? '') === 'seq';
  if (!hasSeq) return streamRows(body, headers);
  const rows: PieceRow[] = [];
  let expected: number | null = null;
  for (const line of body) {
    const text = line.plain.replace(/\s+/gu, '');
    const seq = /^\d{1,5}$/u.test(text) ? Number(text) : null;
    const starts = seq !== null && (expected === null || seq === expected);
    if (starts) {
      expected = (seq as number) + 1;
      rows.push({ pieces: [], line: line.line, open: false });
    }
    rows.at(-1)?.pieces.push({ text: line.raw, newLine: true });
  }
  return rows;
}

/**
 * Without 序号 nothing marks where a row starts: the body's lines are split into rows by
 * content (`alignStream`); each row then has exactly one piece a column.
 */
function streamRows(body: Line[], headers: string[]): PieceRow[] {
  const columns = headers.map((header) => ({ key: headerKey(header), inheritable: false, seen: [] }));
  const pieces = body.map((line) => ({ text: line.raw, newLine: true }));
  let at = 0;
  return alignStream(pieces, columns).map((cells) => {
    const line = body[at]?.line ?? null;
    at += cells.filter((cell) => cell !== '').reduce((n, cell) => n + cell.split('\n').length, 0);
    return { pieces: cells.map((text) => ({ text, newLine: true })), line, open: false };
  });
}

function leadingSeq(line: Line, layout: Header['layout']): number | '*' | null {
  const text = line.plain;
  const match = layout === 'spaced' ? /^(\d{1,5}|[*＊])(?:\s|$)/u.exec(text) : RUN_TOGETHER_SEQ.exec(text);
  if (!match) return null;
  return /^\d/u.test(match[1] ?? '') ? Number(match[1]) : '*';
}

function linePieces(line: Line, layout: Header['layout'], rowStart: boolean): Piece[] {
  if (layout === 'run-together') return splitRunTogether(line.plain, rowStart);
  if (!rowStart) return [{ text: line.raw, newLine: true }];
  return line.raw.split(/[\s\u3000]+/u).map((text) => ({ text, newLine: false }));
}

/** A header line's words, a word broken by a space rejoined when the join is a known header term. */
function headerWords(plain: string): string[] {
  const words = plain.split(' ').filter(Boolean);
  const out: string[] = [];
  for (const word of words) {
    const last = out.at(-1);
    const bothTerms = last !== undefined && isExactTerm(last) && isExactTerm(word);
    const bothShort = last !== undefined && headerForm(last).length <= 2 && headerForm(word).length <= 2;
    if (last !== undefined && isExactTerm(last + word) && (!bothTerms || bothShort))
      out[out.length - 1] = last + word;
    else out.push(word);
  }
  return out;
}
