/** The citation checks of a diff: problems in a table, unverified laws summed up per law. */
import type { CitationCheck, DiffResult } from '../../../schemas/compare.ts';
import { isProblem } from '../../laws/check.ts';
import { html, type SafeHtml } from '../html.ts';
import { checkSentence, STATUS_LABELS } from './compare-labels.ts';
import { itemRef } from './item-ref.ts';

export function citationsSection(result: DiffResult, [a, b]: [string, string]): SafeHtml {
  const problems = result.citations.filter((c) => isProblem(c.status));
  const unverified = new Map<string, number>();
  for (const c of result.citations)
    if (c.status === 'unverified') unverified.set(c.citation.law, (unverified.get(c.citation.law) ?? 0) + 1);
  return html`<section aria-labelledby="cites-h">
  <h2 id="cites-h">依据核查（${problems.length} 处问题）</h2>
  <p class="muted">两地事项引用的法条已与参考法规库中的原文核对；参考库中没有的法规标为“未核实”，不算问题。</p>
  ${
    problems.length
      ? html`<div class="scroll"><table class="checks">
    <thead><tr><th scope="col">一方</th><th scope="col">事项</th><th scope="col">引用</th><th scope="col">结论</th><th scope="col">说明</th></tr></thead>
    <tbody>${problems.map((c) => problemRow(c, a, b))}</tbody>
  </table></div>`
      : html`<p>参考法规库中的法规未发现引用问题。</p>`
  }
  ${
    unverified.size
      ? html`<details class="unverified"><summary>未核实的法规（参考库中没有，${unverified.size} 部）</summary>
    <ul>${[...unverified].map(([law, n]) => html`<li>《${law}》 × ${n}</li>`)}</ul></details>`
      : ''
  }
</section>`;
}

function problemRow(check: CitationCheck, a: string, b: string): SafeHtml {
  return html`<tr>
  <td>${check.side === 'b' ? `乙方：${b}` : `甲方：${a}`}</td>
  <td>${check.item ? html`<span class="ref">${itemRef(check.item.table, check.item.seq)}</span> ${check.item.name}` : '—'}</td>
  <td>${check.citation.verbatim}</td>
  <td><span class="flag ${check.severity === 'minor' ? 'minor' : ''}">⚠ ${STATUS_LABELS[check.status]}</span></td>
  <td>${checkSentence(check)}</td>
</tr>`;
}
