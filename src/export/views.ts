/**
 * A diff or a matrix as tables of text ("views"), the one model every tabular writer (md, csv,
 * xlsx) renders: pairs, their differences, only in A, only in B, citation findings. Pure.
 */
import { basename } from 'node:path';
import type { CitationCheck, DiffResult, DiffSide, ItemRef, Matrix, Pair } from '../../schemas/compare.ts';

export interface View {
  /** Sheet / section name. */
  name: string;
  headers: string[];
  rows: string[][];
}

/** The name a side goes by in headings: the region asked for, or the file's or notice's name. */
export function sideName(side: DiffSide): string {
  if (side.kind === 'region') return side.label;
  if (side.kind === 'notice') return side.notices[0]?.region ?? side.label;
  return basename(side.label);
}

/** `#0.4` as the contract numbers items (table index in the side, then 序号). */
export function refKey(ref: Pick<ItemRef, 'table' | 'seq'>): string {
  return `#${ref.table}.${ref.seq}`;
}

/** Human labels of the citation difference kinds, with the sides' names. */
export function kindLabel(kind: string | undefined, a: string, b: string): string {
  switch (kind) {
    case 'only-a':
      return `only ${a}`;
    case 'only-b':
      return `only ${b}`;
    case 'article-differs':
      return 'same text, other article';
    case 'article-unstated':
      return 'article not stated on one side';
    default:
      return 'differs';
  }
}

export function diffViews(result: DiffResult): View[] {
  const [a, b] = [sideName(result.a), sideName(result.b)];
  const item = (ref: ItemRef) => [refKey(ref), ref.name, ref.powerType ?? ''];
  return [
    {
      name: 'Pairs',
      headers: [`${a} #`, `${a} item`, 'power type', `${b} #`, `${b} item`, 'score', 'signals', 'differs in'],
      rows: result.pairs.map((p) => [
        ...item(p.a),
        refKey(p.b),
        p.b.name,
        p.score.toFixed(3),
        p.signals.join(', '),
        [...new Set(p.differences.map((d) => d.field))].join(', '),
      ]),
    },
    {
      name: 'Differences',
      headers: [`${a} #`, `${b} #`, 'item', 'field', 'kind', a, b],
      rows: result.pairs.flatMap((p: Pair) =>
        p.differences.map((d) => [
          refKey(p.a),
          refKey(p.b),
          p.a.name,
          d.field,
          d.field === 'citations' ? kindLabel(d.kind, a, b) : '',
          d.a ?? '—',
          d.b ?? '—',
        ]),
      ),
    },
    { name: `Only in ${a}`, headers: ['#', 'item', 'power type'], rows: result.onlyA.map(item) },
    { name: `Only in ${b}`, headers: ['#', 'item', 'power type'], rows: result.onlyB.map(item) },
    {
      name: 'Citation findings',
      headers: ['side', '#', 'item', 'status', 'citation', 'finding'],
      rows: result.citations.map((c: CitationCheck) => [
        c.side === 'b' ? b : a,
        c.item ? refKey(c.item) : '',
        c.item?.name ?? '',
        c.severity ? `${c.status} (${c.severity})` : c.status,
        c.citation.verbatim,
        c.message,
      ]),
    },
  ];
}

/** The matrix as one view: a row per power, a column per region (✓ present, ≠ differs, blank absent). */
export function matrixView(matrix: Matrix): View {
  const mark = { present: '✓', differs: '≠', absent: '' } as const;
  return {
    name: 'Coverage',
    headers: ['#', 'power', 'power type', 'regions', ...matrix.regions],
    rows: matrix.rows.map((row) => [
      row.id,
      row.name,
      row.powerType ?? '',
      String(row.members.length),
      ...row.cells.map((cell) => mark[cell]),
    ]),
  };
}

/** A view as a Markdown table (pipes and line breaks in cells escaped). */
export function markdownTable(view: View): string {
  const cell = (text: string) => text.replace(/\|/gu, '\\|').replace(/\r?\n/gu, '<br>');
  const lines = [
    `| ${view.headers.map(cell).join(' | ')} |`,
    `|${view.headers.map(() => '---').join('|')}|`,
    ...view.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Views as CSV (RFC 4180): one table, the view's name in the first column. */
export function csvOf(views: View[]): string {
  const width = Math.max(...views.map((v) => v.headers.length));
  const quote = (text: string) => (/[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text);
  const pad = (row: string[]) => [...row, ...Array(Math.max(0, width - row.length)).fill('')];
  const lines = views.flatMap((v) => [
    ['view', ...pad(v.headers)],
    ...v.rows.map((row) => [v.name, ...pad(row)]),
  ]);
  return `${lines.map((line) => line.map(quote).join(',')).join('\r\n')}\r\n`;
}
