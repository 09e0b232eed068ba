/**
 * A diff or a matrix as tables of text ("views"), the one model every tabular writer (md, csv,
 * xlsx) renders: pairs, their differences, only in A, only in B, citation findings. Pure.
 */
import { basename } from 'node:path';
import type {
  CitationCheck,
  DiffField,
  DiffResult,
  DiffSide,
  ItemRef,
  Matrix,
  Pair,
} from '../../schemas/compare.ts';
import type { Item } from '../../schemas/notice.ts';
import { CITATION_STATUS_LABELS } from '../laws/check.ts';
import { formatCitation } from '../laws/format.ts';

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

/** An item's place as people count it (the web, the reports): `表1·第4项`. */
export function itemRef(table: number, seq: number): string {
  return `表${table + 1}·第${seq}项`;
}

/** `表1·第4项` of an item reference. */
export function refKey(ref: Pick<ItemRef, 'table' | 'seq'>): string {
  return itemRef(ref.table, ref.seq);
}

/** The compared fields, as the reports name them. */
export const DIFF_FIELD_LABELS: Record<DiffField, string> = {
  powerType: '职权类型',
  targets: '对象',
  levels: '行使层级',
  methods: '检查方式',
  frequency: '检查频次',
  implementer: '实施主体',
  citations: '依据',
};

/** What a pair was matched on: `name` → 名称, `citations:社会保险法#84` → 同引《社会保险法》第84条. */
export function signalLabel(signal: string): string {
  const [head, rest] = [signal.split(':')[0] ?? signal, signal.slice(signal.indexOf(':') + 1)];
  if (head === 'citations') {
    const [law, article] = rest.split('#');
    return `同引《${law}》${article ? `第${article}条` : ''}`;
  }
  if (head === 'laws') return `同引《${rest}》`;
  if (head === 'name') return '名称';
  return DIFF_FIELD_LABELS[head as DiffField] ?? signal;
}

/** The kinds of citation difference between the two sides, in words. */
export function kindLabel(kind: string | undefined, a: string, b: string): string {
  switch (kind) {
    case 'only-a':
      return `仅${a}引用`;
    case 'only-b':
      return `仅${b}引用`;
    case 'article-differs':
      return '引文相同，条号不同';
    case 'article-unstated':
      return '一方未注明条号';
    default:
      return '不同';
  }
}

/** A check's outcome in words, with how serious a differing quote is. */
export function checkLabel(check: Pick<CitationCheck, 'status' | 'severity'>): string {
  const label = CITATION_STATUS_LABELS[check.status];
  return check.severity ? `${label}（${check.severity === 'major' ? '差异较大' : '措辞差异'}）` : label;
}

/** The compared fields of a matched pair, in the order reports and the web show them, with each item's value. */
export const DIFF_FIELD_VALUES: { field: DiffField; value: (item: Item | undefined) => string }[] = [
  { field: 'powerType', value: (i) => i?.powerType ?? '' },
  { field: 'targets', value: (i) => i?.targets.join('、') ?? '' },
  { field: 'levels', value: (i) => i?.levels.join('、') ?? '' },
  { field: 'methods', value: (i) => i?.fields.methods ?? '' },
  { field: 'frequency', value: (i) => i?.fields.frequency ?? '' },
  { field: 'implementer', value: (i) => i?.fields.implementer ?? '' },
  { field: 'citations', value: (i) => basisOf(i) },
];

/** Finds a compared item's full record (its basis, targets …), when the caller has it. */
export type ItemLookup = (side: 'a' | 'b', ref: ItemRef) => Item | undefined;

/** The basis an item cites, one provision per line (its basis text when none was recognised). */
export function basisOf(item: Item | undefined): string {
  if (!item) return '';
  const cited = [...new Set(item.citations.map(formatCitation))];
  return cited.length > 0 ? cited.join('\n') : (item.basis ?? '');
}

export function diffViews(result: DiffResult, lookup?: ItemLookup): View[] {
  const [a, b] = [sideName(result.a), sideName(result.b)];
  const item = (ref: ItemRef) => [refKey(ref), ref.name, ref.powerType ?? ''];
  const oneSided = (side: 'a' | 'b', refs: ItemRef[]) =>
    refs.map((ref) => [...item(ref), basisOf(lookup?.(side, ref))]);
  return [
    {
      name: '配对事项',
      headers: [`${a}编号`, `${a}事项`, '职权类型', `${b}编号`, `${b}事项`, '相似度', '配对依据', '不同之处'],
      rows: result.pairs.map((p) => [
        ...item(p.a),
        refKey(p.b),
        p.b.name,
        p.score.toFixed(3),
        p.signals.map(signalLabel).join('、'),
        [...new Set(p.differences.map((d) => DIFF_FIELD_LABELS[d.field]))].join('、'),
      ]),
    },
    {
      name: '差异',
      headers: [`${a}编号`, `${b}编号`, '事项', '字段', '差异类型', a, b],
      rows: result.pairs.flatMap((p: Pair) =>
        p.differences.map((d) => [
          refKey(p.a),
          refKey(p.b),
          p.a.name,
          DIFF_FIELD_LABELS[d.field],
          d.field === 'citations' ? kindLabel(d.kind, a, b) : '',
          d.a ?? '—',
          d.b ?? '—',
        ]),
      ),
    },
    { name: `仅${a}有`, headers: ['编号', '事项', '职权类型', '依据'], rows: oneSided('a', result.onlyA) },
    { name: `仅${b}有`, headers: ['编号', '事项', '职权类型', '依据'], rows: oneSided('b', result.onlyB) },
    {
      name: '依据核查',
      headers: ['一方', '编号', '事项', '结论', '引用', '说明'],
      rows: result.citations.map((c: CitationCheck) => [
        c.side === 'b' ? b : a,
        c.item ? refKey(c.item) : '',
        c.item?.name ?? '',
        checkLabel(c),
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
    name: '覆盖矩阵',
    headers: ['编号', '执法职权', '职权类型', '地区数', ...matrix.regions],
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
    ['表', ...pad(v.headers)],
    ...v.rows.map((row) => [v.name, ...pad(row)]),
  ]);
  return `${lines.map((line) => line.map(quote).join(',')).join('\r\n')}\r\n`;
}
