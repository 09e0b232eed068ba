/**
 * Classifies the lines of a plain-text notice. Tables arrive in three shapes:
 * - delimited rows: `1\t对…检查\t…` (tab-separated; pipe-separated rows are read as blocks
 *   of their own, `pipe-rows.ts`);
 * - one cell per line: a line starting with a tab opens a cell, following lines without a tab
 *   continue it (Word → text exports);
 * - everything else is prose.
 */

export type TextLine =
  | { kind: 'blank' }
  | { kind: 'row'; fields: string[] }
  | { kind: 'cell'; text: string }
  | { kind: 'text'; text: string };

const CELL_START = /^[ \u3000]*\t/;

export function classifyLine(line: string): TextLine {
  if (line.trim() === '') return CELL_START.test(line) ? { kind: 'cell', text: '' } : { kind: 'blank' };
  if (line.includes('\t')) {
    const fields = line.split('\t');
    const filled = fields.filter((field) => field.trim() !== '').length;
    if (filled >= 2) return { kind: 'row', fields: trimTrailingEmpty(fields.map((field) => field.trim())) };
    if (CELL_START.test(line)) return { kind: 'cell', text: line.replace(CELL_START, '').trim() };
  }
  return { kind: 'text', text: line.trim() };
}

/** The fields without empty ones at the end (one is always kept). */
export function trimTrailingEmpty(fields: string[]): string[] {
  let end = fields.length;
  while (end > 1 && fields[end - 1] === '') end--;
  return fields.slice(0, end);
}
