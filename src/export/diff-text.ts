/**
 * The readable `policy-kb diff` output, as the legal office reads it: which notices each side is,
 * the matched powers with what differs, the powers only one side lists, and the citation
 * findings (unverified laws summed up per law). Pure.
 */
import type { CitationCheck, Difference, DiffResult, DiffSide, ItemRef } from '../../schemas/compare.ts';
import { isProblem } from '../laws/check.ts';
import { refKey, sideName } from './views.ts';

const FIELD_LABEL: Record<Difference['field'], string> = {
  powerType: '职权类型 power type',
  targets: '对象 targets',
  levels: '层级 levels',
  methods: '方式 methods',
  frequency: '频次 frequency',
  implementer: '实施主体 implementer',
  citations: '依据 citations',
};

export function renderDiff(result: DiffResult): string {
  const [a, b] = [sideName(result.a), sideName(result.b)];
  const out: string[] = [
    `A ${a}: ${describe(result.a)}`,
    `B ${b}: ${describe(result.b)}`,
    '',
    `${result.pairs.length} matched · ${result.onlyA.length} only in ${a} · ${result.onlyB.length} only in ${b} · ` +
      `${result.citations.filter((c) => isProblem(c.status)).length} citation problems (threshold ${result.threshold})`,
    '',
    `== Matched powers (${result.pairs.length})`,
  ];
  for (const pair of result.pairs) {
    out.push('', `A ${item(pair.a)}`, `B ${item(pair.b)}`);
    out.push(`  score ${pair.score.toFixed(2)} · matched on ${pair.signals.join(', ') || '—'}`);
    if (pair.differences.length === 0) out.push('  no differences');
    for (const d of pair.differences) {
      if (d.field !== 'citations')
        out.push(`  ${FIELD_LABEL[d.field]}:`, `    A ${clip(d.a)}`, `    B ${clip(d.b)}`);
    }
    for (const line of citationLines(pair.differences, a, b)) out.push(`  ${FIELD_LABEL.citations}: ${line}`);
  }
  out.push('', `== Only in ${a} (${result.onlyA.length})`, ...result.onlyA.map((r) => `  ${item(r)}`));
  out.push('', `== Only in ${b} (${result.onlyB.length})`, ...result.onlyB.map((r) => `  ${item(r)}`));
  out.push(
    '',
    '== Citations checked against the statutes in reference/laws',
    ...findings(result.citations, a, b),
  );
  return out.join('\n');
}

/** `1 notice: 530111-… v1 (title), tables #0–#0`, one line per side. */
function describe(side: DiffSide): string {
  const notices = side.notices.map((n) => {
    const version = n.version ? ` v${n.version}` : '';
    const tables = n.tables === 0 ? 'no tables' : `tables #${n.firstTable}–#${n.firstTable + n.tables - 1}`;
    return `${n.id}${version} (${n.title ?? n.region ?? 'untitled'}; ${tables})`;
  });
  return `${side.kind} · ${notices.join('; ')}`;
}

/** The citation differences as sentences; what only one side cites is one line per side. */
export function citationLines(differences: Difference[], a: string, b: string): string[] {
  const cited = differences.filter((d) => d.field === 'citations');
  const only = (kind: 'only-a' | 'only-b', side: string, pick: (d: Difference) => string | null) => {
    const list = cited.filter((d) => d.kind === kind).map(pick);
    return list.length ? [`only ${side} cites ${list.join('、')}`] : [];
  };
  return [
    ...cited.filter((d) => d.kind !== 'only-a' && d.kind !== 'only-b').map((d) => citationLine(d, a, b)),
    ...only('only-a', a, (d) => d.a),
    ...only('only-b', b, (d) => d.b),
  ];
}

/** One citation difference (other than only-in) as a sentence. */
function citationLine(d: Difference, a: string, b: string): string {
  switch (d.kind) {
    case 'article-differs':
      return `same quoted text, other article: ${a} ${d.a} ↔ ${b} ${d.b}`;
    case 'article-unstated':
      return d.a?.endsWith('》')
        ? `${b} cites ${d.b}; ${a} names the law without an article`
        : `${a} cites ${d.a}; ${b} names the law without an article`;
    default:
      return `${a} ${d.a ?? '—'} ↔ ${b} ${d.b ?? '—'}`;
  }
}

function item(ref: ItemRef): string {
  return `${refKey(ref)} ${ref.name}${ref.powerType ? ` [${ref.powerType}]` : ''}`;
}

/** Problems one per line; unverified laws summed up, one line per law. */
function findings(checks: CitationCheck[], a: string, b: string): string[] {
  const problems = checks.filter((c) => isProblem(c.status));
  const lines = problems.map(
    (c) =>
      `  ${c.side === 'b' ? b : a} ${c.item ? refKey(c.item) : ''} ${c.status}${c.severity ? ` (${c.severity})` : ''}: ${c.message}`,
  );
  if (problems.length === 0) lines.push('  no problems found in the laws of the reference set');
  const unverified = new Map<string, number>();
  for (const c of checks)
    if (c.status === 'unverified') unverified.set(c.citation.law, (unverified.get(c.citation.law) ?? 0) + 1);
  if (unverified.size > 0) {
    lines.push('  unverified (not in the reference set, so not checked):');
    for (const [law, n] of unverified) lines.push(`    《${law}》 × ${n}`);
  }
  return lines;
}

function clip(text: string | null): string {
  if (text === null) return '—';
  const flat = text.replace(/\s*\n\s*/gu, ' ');
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}
