/**
 * Classifies the lines of a plain-text notice. Tables arrive in three shapes:
 * - delimited rows: `1\t对…检查\t…` (tab-separated) or `| 1 | 对…检查 | … |` (pipe-separated);
 * - one cell per line: a line starting with a tab opens a cell, following lines without a tab
 *   continue it (Word → text exports);
 * - everything else is prose.
 */

export type TextLine =
  | { kind: 'blank' }
  | { kind: 'row'; fields: string[] }
  | { kind: 'cell'; text: string }
  | { kind: 'text'; text: string };

/** Markdown table rule `|---|:--:|`. */
const PIPE_RULE = /^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$/;
const CELL_START = /^[ \u3000]*\t/;

export function classifyLine(line: string): TextLine {
  if (line.trim() === '') return CELL_START.test(line) ? { kind: 'cell', text: '' } : { kind: 'blank' };
  if (PIPE_RULE.test(line)) return { kind: 'blank' };
  const pipeFields = splitPipeRow(line);
  if (pipeFields) return { kind: 'row', fields: pipeFields };
  if (line.includes('\t')) {
    const fields = line.split('\t');
    const filled = fields.filter((field) => field.trim() !== '').length;
    if (filled >= 2) return { kind: 'row', fields: trimTrailingEmpty(fields.map((field) => field.trim())) };
    if (CELL_START.test(line)) return { kind: 'cell', text: line.replace(CELL_START, '').trim() };
  }
  return { kind: 'text', text: line.trim() };
}

/** `| a | b |` or `a | b | c` (at least three fields) → fields; null when not a pipe row. */
function splitPipeRow(line: string): string[] | null {
  const trimmed = line.trim();
  const bordered = trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length > 1;
  const inner = bordered ? trimmed.slice(1, -1) : trimmed;
  const fields = inner.split('|').map((field) => field.trim());
  if (bordered ? fields.length < 2 : fields.length < 3) return null;
  return fields;
}

function trimTrailingEmpty(fields: string[]): string[] {
  let end = fields.length;
  while (end > 1 && fields[end - 1] === '') end--;
  return fields.slice(0, end);
}
