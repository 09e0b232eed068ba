/**
 * The readable `policy-kb diff` output, as the legal office reads it: which notices each side is,
 * the matched powers with what differs, the powers only one side lists, and the citation
 * findings (unverified laws summed up per law). Pure.
 */
import type { CitationCheck, Difference, DiffResult, DiffSide, ItemRef } from '../../schemas/compare.ts';
import { isProblem } from '../laws/check.ts';
import { checkLabel, DIFF_FIELD_LABELS, refKey, sideName, signalLabel } from './views.ts';

const FIELD_LABEL = DIFF_FIELD_LABELS;

export function renderDiff(result: DiffResult): string {
  const [a, b] = [sideName(result.a), sideName(result.b)];
  const out: string[] = [
    `甲方 ${a}：${describe(result.a)}`,
    `乙方 ${b}：${describe(result.b)}`,
    '',
    `配对 ${result.pairs.length} 项 · 仅${a}有 ${result.onlyA.length} 项 · 仅${b}有 ${result.onlyB.length} 项 · ` +
      `依据问题 ${result.citations.filter((c) => isProblem(c.status)).length} 处（相似度阈值 ${result.threshold}）`,
    '',
    `== 两地均列有的执法事项（${result.pairs.length}）`,
  ];
  for (const pair of result.pairs) {
    out.push('', `甲 ${item(pair.a)}`, `乙 ${item(pair.b)}`);
    out.push(
      `  相似度 ${pair.score.toFixed(2)} · 配对依据：${pair.signals.map(signalLabel).join('、') || '—'}`,
    );
    if (pair.differences.length === 0) out.push('  没有不同之处');
    for (const d of pair.differences) {
      if (d.field !== 'citations')
        out.push(`  ${FIELD_LABEL[d.field]}：`, `    甲 ${clip(d.a)}`, `    乙 ${clip(d.b)}`);
    }
    for (const line of citationLines(pair.differences, a, b)) out.push(`  ${FIELD_LABEL.citations}：${line}`);
  }
  out.push('', `== 仅${a}列有（${result.onlyA.length}）`, ...result.onlyA.map((r) => `  ${item(r)}`));
  out.push('', `== 仅${b}列有（${result.onlyB.length}）`, ...result.onlyB.map((r) => `  ${item(r)}`));
  out.push('', '== 依据核查（与参考法规库中的原文核对）', ...findings(result.citations, a, b));
  return out.join('\n');
}

const SIDE_KINDS = { file: '文件', region: '地区', notice: '通知' } as const;

/** `地区 · 530111-… 第 1 版（标题；表1–表2）`, one line per side. */
function describe(side: DiffSide): string {
  const notices = side.notices.map((n) => {
    const version = n.version ? ` 第 ${n.version} 版` : '';
    const tables =
      n.tables === 0
        ? '无表格'
        : `表${n.firstTable + 1}${n.tables > 1 ? `–表${n.firstTable + n.tables}` : ''}`;
    return `${n.id}${version}（${n.title ?? n.region ?? '无标题'}；${tables}）`;
  });
  return `${SIDE_KINDS[side.kind]} · ${notices.join('；')}`;
}

/** The citation differences as sentences; what only one side cites is one line per side. */
export function citationLines(differences: Difference[], a: string, b: string): string[] {
  const cited = differences.filter((d) => d.field === 'citations');
  const only = (kind: 'only-a' | 'only-b', side: string, pick: (d: Difference) => string | null) => {
    const list = cited.filter((d) => d.kind === kind).map(pick);
    return list.length ? [`仅${side}引用 ${list.join('、')}`] : [];
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
      return `引文相同，条号不同：${a} ${d.a} ↔ ${b} ${d.b}`;
    case 'article-unstated':
      return d.a?.endsWith('》')
        ? `${b}引用 ${d.b}；${a}只写了法规名称，未注明条号`
        : `${a}引用 ${d.a}；${b}只写了法规名称，未注明条号`;
    default:
      return `${a} ${d.a ?? '—'} ↔ ${b} ${d.b ?? '—'}`;
  }
}

function item(ref: ItemRef): string {
  return `${refKey(ref)} ${ref.name}${ref.powerType ? `【${ref.powerType}】` : ''}`;
}

/** Problems one per line; unverified laws summed up, one line per law. */
function findings(checks: CitationCheck[], a: string, b: string): string[] {
  const problems = checks.filter((c) => isProblem(c.status));
  const lines = problems.map(
    (c) => `  ${c.side === 'b' ? b : a} ${c.item ? refKey(c.item) : ''} ${checkLabel(c)}：${c.message}`,
  );
  if (problems.length === 0) lines.push('  参考法规库中的法规未发现引用问题');
  const unverified = new Map<string, number>();
  for (const c of checks)
    if (c.status === 'unverified') unverified.set(c.citation.law, (unverified.get(c.citation.law) ?? 0) + 1);
  if (unverified.size > 0) {
    lines.push('  未核实（参考法规库中没有，未核对；不算问题）：');
    for (const [law, n] of unverified) lines.push(`    《${law}》 × ${n}`);
  }
  return lines;
}

function clip(text: string | null): string {
  if (text === null) return '—';
  const flat = text.replace(/\s*\n\s*/gu, ' ');
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}
