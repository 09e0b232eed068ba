import type { Block } from '../../schemas/document.ts';
import { stripBookmarks } from '../chinese/text.ts';
import { isPipeLine, pipeRows } from './pipe-rows.ts';
import { isPageNumberLine } from './text-artifacts.ts';
import { classifyLine, type TextLine } from './text-lines.ts';
import { tableBlock, tableFromCellRun, tableFromFields, tableFromRows } from './text-tables.ts';

/**
 * Plain text → blocks. Prose lines become paragraphs (markdown `#` lines and `**bold**` runs
 * become headings), each with its line number; delimited rows and one-cell-per-line runs
 * become tables. Tables with no delimiter at all are left as paragraphs: the extractor finds
 * them (`extract/paragraph-tables.ts`), in every format alike.
 */
export function textToBlocks(text: string): Block[] {
  const lines = text.split('\n').map((line) => (isPageNumberLine(line) ? '' : stripBookmarks(line)));
  const classified = lines.map(classifyLine);
  const blocks: Block[] = [];
  let i = 0;
  while (i < classified.length) {
    const line = classified[i] as TextLine;
    const before = blocks.length;
    const start = i;
    if (isPipeLine(lines[i] ?? '')) i = readPipeBlock(lines, i, blocks);
    else if (line.kind === 'row') i = readRowTable(classified, i, blocks);
    else if (line.kind === 'cell') i = readCellRun(classified, i, blocks);
    else if (line.kind === 'text') i = readProse(classified, i, blocks);
    else i++;
    numberLines(blocks.slice(before), start);
  }
  return blocks;
}

/**
 * Pipe-delimited lines, with the short lines between them that continue an open cell, as one
 * delimited table (`pipe-rows.ts` puts wrapped rows back together).
 */
function readPipeBlock(lines: string[], start: number, blocks: Block[]): number {
  let end = start;
  while (end < lines.length) {
    const line = lines[end] ?? '';
    if (isPipeLine(line)) end++;
    else if (line.trim() !== '' && continuesPipeBlock(lines, end)) end++;
    else if (line.trim() === '' && isPipeLine(lines[nextFilled(lines, end)] ?? ''))
      end = nextFilled(lines, end);
    else break;
  }
  const rows = pipeRows(lines.slice(start, end), start + 1);
  const multiField = rows.filter((row) => row.fields.length > 1).length;
  if (rows.length > 1 && multiField * 2 > rows.length)
    blocks.push(tableBlock(tableFromFields(rows.map((row) => row.fields))));
  // One field a row: a one-cell-per-line table with a pipe after each cell, left to the extractor.
  else for (const row of rows) blocks.push({ kind: 'paragraph', text: row.fields.join(' '), line: row.line });
  return end;
}

/** A line without pipes inside a pipe block: the cell above is open, or it is short and pipes follow. */
function continuesPipeBlock(lines: string[], at: number): boolean {
  const previous = (lines[at - 1] ?? '').trim();
  const line = (lines[at] ?? '').trim();
  return !previous.endsWith('|') || (line.length <= 40 && isPipeLine(lines[at + 1] ?? ''));
}

function nextFilled(lines: string[], at: number): number {
  let next = at;
  while (next < lines.length && (lines[next] ?? '').trim() === '') next++;
  return next;
}

/**
 * Gives the prose blocks just read that have no line number yet the 1-based line they start on:
 * a reader that makes several paragraphs from many lines sets them itself.
 */
function numberLines(read: Block[], start: number): void {
  for (const block of read) if (block.kind !== 'table') block.line ??= start + 1;
}

/** Delimited rows until prose after a blank line; a line without delimiters continues the last cell. */
function readRowTable(lines: TextLine[], start: number, blocks: Block[]): number {
  const rows: string[][] = [];
  /** The 1-based line each row starts on. */
  const starts: number[] = [];
  let i = start;
  let gap = false;
  for (; i < lines.length; i++) {
    const line = lines[i] as TextLine;
    if (line.kind === 'blank' || (line.kind === 'cell' && line.text === '')) gap = true;
    else if (line.kind === 'row') {
      rows.push(line.fields);
      starts.push(i + 1);
      gap = false;
    } else if (!gap && rows.length > 1) {
      const last = rows.at(-1) as string[];
      const text = line.kind === 'cell' || line.kind === 'text' ? line.text : '';
      last[last.length - 1] = `${last.at(-1) ?? ''}\n${text}`;
    } else break;
  }
  pushTableOrProse(
    rows.length > 1 ? tableFromRows(rows) : null,
    rows.map((r) => r.join(' ')),
    blocks,
    starts,
  );
  return i;
}

/**
 * One cell per line: a tab-led line opens a cell, lines without a tab continue the open cell.
 * Prose after a blank line ends the run once the open cell has text.
 */
function readCellRun(lines: TextLine[], start: number, blocks: Block[]): number {
  const cells: string[] = [];
  /** The 1-based line each cell starts on. */
  const starts: number[] = [];
  let i = start;
  let gap = false;
  for (; i < lines.length; i++) {
    const line = lines[i] as TextLine;
    if (line.kind === 'blank') gap = true;
    else if (line.kind === 'cell') {
      cells.push(line.text);
      starts.push(i + 1);
      gap = false;
    } else if (line.kind === 'text' && (!gap || cells.at(-1) === '' || !endsRow(cells))) {
      cells[cells.length - 1] = joinContinuation(cells.at(-1) ?? '', line.text);
      gap = false;
    } else break;
  }
  pushTableOrProse(tableFromCellRun(cells), cells, blocks, starts);
  return i;
}

function readProse(lines: TextLine[], start: number, blocks: Block[]): number {
  const line = lines[start] as { kind: 'text'; text: string };
  const markdownHeading = /^(#{1,6})\s+(.+)$/.exec(line.text);
  if (markdownHeading) {
    blocks.push({ kind: 'heading', level: markdownHeading[1]?.length ?? 1, text: markdownHeading[2] ?? '' });
    return start + 1;
  }
  if (line.text.startsWith('**')) return readBoldHeading(lines, start, blocks);
  blocks.push({ kind: 'paragraph', text: line.text });
  return start + 1;
}

/** `**…**` possibly over several lines → one heading. */
function readBoldHeading(lines: TextLine[], start: number, blocks: Block[]): number {
  const parts: string[] = [];
  for (let i = start; i < lines.length && i < start + 8; i++) {
    const line = lines[i] as TextLine;
    if (line.kind !== 'text') break;
    parts.push(line.text);
    if (line.text.endsWith('**') && (i > start || line.text.length > 2)) {
      const text = parts.join('').replace(/\*\*/g, '').trim();
      blocks.push({ kind: 'heading', level: 1, text });
      return i + 1;
    }
  }
  blocks.push({ kind: 'paragraph', text: (lines[start] as { text: string }).text.replace(/\*\*/g, '') });
  return start + 1;
}

/** Heuristic "the row is complete": unknown without a header, so any filled cell may end it. */
function endsRow(cells: string[]): boolean {
  return cells.length > 0 && cells.at(-1) !== '';
}

/** A cell's continuation line: CJK wraps join without a space, Latin wraps with one. */
function joinContinuation(previous: string, next: string): string {
  if (previous === '') return next;
  return `${previous}\n${next}`;
}

function pushTableOrProse(
  table: ReturnType<typeof tableFromRows> | null,
  texts: string[],
  blocks: Block[],
  starts: number[],
) {
  if (table) blocks.push(tableBlock(table));
  else
    texts.forEach((text, k) => {
      if (text.trim() !== '') blocks.push({ kind: 'paragraph', text, line: starts[k] as number });
    });
}
