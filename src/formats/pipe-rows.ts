import { trimTrailingEmpty } from './text-lines.ts';
/**
 * Pipe-delimited text (a web table copied as text, or Markdown): `a | b | c |`, `| a | b |`.
 * Rows may wrap over several lines — a line that does not end with `|` leaves its last cell
 * open and the next line continues it (`抽查` / `类别 |`), and a row whose cells were put one
 * or two to a line ends once it is as wide as the table's full rows or the next line starts a
 * row (a line of three or more cells is a row of its own: a full row, or the rest of a merged one). Lines of bare
 * pipes (`|`, `||||`) and Markdown rules (`|---|`) are spacers.
 */

/** A logical row and the 1-based line it starts on. */
export interface PipeRow {
  fields: string[];
  line: number;
}

const RULE = /^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$/u;
const SPACER = /^[\s|｜]*$/u;
/** A full row's first cell is its 序号. */
const SEQ_LED = /^\s*\|?\s*\d{1,5}\s*\|/u;

export function isPipeLine(line: string): boolean {
  const trimmed = line.trim();
  if (!trimmed.includes('|')) return false;
  if (RULE.test(trimmed) || SPACER.test(trimmed)) return true;
  return trimmed.endsWith('|') || trimmed.startsWith('|') || trimmed.split('|').length >= 3;
}

/** Whether the line is a spacer (bare pipes) or a Markdown rule: no cells. */
function isPipeSpacer(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && (RULE.test(trimmed) || SPACER.test(trimmed));
}

/**
 * Assembles the lines of one pipe block into rows. `lines` are the block's raw lines (pipe
 * lines and the short lines between them), `firstLine` the 1-based number of the first.
 */
export function pipeRows(lines: string[], firstLine: number): PipeRow[] {
  const width = fullWidth(lines);
  const rows: PipeRow[] = [];
  let fields: string[] = [];
  let open = false;
  let start = firstLine;
  const finish = () => {
    const trimmed = trimTrailingEmpty(fields.map((field) => field.trim()));
    if (trimmed.some((field) => field !== '')) rows.push({ fields: trimmed, line: start });
    fields = [];
    open = false;
  };
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || isPipeSpacer(line)) {
      if (!open && fields.length > 0) finish();
      return;
    }
    const continuing = fields.length > 0;
    if (!continuing) start = firstLine + k;
    const bordered = line.startsWith('|');
    const pieces = (bordered ? line.slice(1) : line).split('|');
    const closes = line.endsWith('|') && line.length > 1;
    if (closes) pieces.pop();
    if (open && continuing) fields[fields.length - 1] = `${fields.at(-1)}\n${pieces.shift() ?? ''}`;
    fields.push(...pieces);
    open = !closes;
    if (open) return;
    const next = lines[k + 1]?.trim() ?? '';
    const nextStartsRow = next === '' || SEQ_LED.test(next) || isPipeSpacer(next) || cellCount(next) >= 3;
    // A line of three or more cells is a row of its own (a full row, or the rest of a merged
    // one); cells put one or two to a line make up a row until it is as wide as the table.
    const ownRow = !continuing && pieces.length >= 3;
    if (ownRow || fields.length >= width || nextStartsRow) finish();
  });
  if (fields.length > 0) finish();
  return rows;
}

/** The width of the table's full rows: the most cells on a line that starts with a 序号. */
function fullWidth(lines: string[]): number {
  const widths = lines.filter((line) => SEQ_LED.test(line)).map(cellCount);
  // Reduces, not Math.max(...): a file may have more lines than a call takes arguments.
  const most = (values: number[], floor: number) => values.reduce((a, b) => Math.max(a, b), floor);
  return widths.length > 0 ? most(widths, 0) : most(lines.map(cellCount), 2);
}

function cellCount(line: string): number {
  const trimmed = line.trim();
  const inner = trimmed.replace(/^\|/u, '').replace(/\|$/u, '');
  return inner === '' ? 0 : inner.split('|').length;
}
