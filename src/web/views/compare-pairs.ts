/**
 * Matched powers side by side: one table per pair (field, 甲方, 乙方), the rows that differ marked
 * with "≠ 不同" (text and an icon, not only colour), then the pair's citation differences.
 */
import type { Difference, DiffResult, ItemRef, Pair } from '../../../schemas/compare.ts';
import { DIFF_FIELD_VALUES, type ItemLookup } from '../../export/views.ts';
import { html, type SafeHtml } from '../html.ts';
import { FIELD_LABELS, KIND_LABELS, signalLabel } from './compare-labels.ts';
import { itemRef } from './item-ref.ts';

export type Lookup = ItemLookup;
const FIELDS = DIFF_FIELD_VALUES;

export function pairsSection(result: DiffResult, names: [string, string], lookup: Lookup): SafeHtml {
  return html`<section aria-labelledby="pairs-h">
  <h2 id="pairs-h">匹配的事项（${result.pairs.length}）</h2>
  <p class="muted">每一对是两地同一项执法职权；标有 <span class="flag">≠ 不同</span> 的行两地不一致，未写明的字段不算差异。</p>
  ${result.pairs.length ? result.pairs.map((pair, i) => pairCard(pair, i, names, lookup)) : html`<p>没有匹配的事项。</p>`}
</section>`;
}

function pairCard(pair: Pair, index: number, [a, b]: [string, string], lookup: Lookup): SafeHtml {
  const [x, y] = [lookup('a', pair.a), lookup('b', pair.b)];
  const differing = new Set(pair.differences.map((d) => d.field));
  const rows = FIELDS.filter(({ field, value }) => differing.has(field) || value(x) || value(y));
  return html`<article class="pair" aria-labelledby="pair-${index}">
  <h3 id="pair-${index}">${pair.a.name}${pair.a.name !== pair.b.name ? html` <span aria-hidden="true">↔</span><span class="visually-hidden">对应</span> ${pair.b.name}` : ''}</h3>
  <p class="muted">相似度 ${pair.score.toFixed(2)} · 匹配依据：${pair.signals.map(signalLabel).join('、') || '—'} · ${
    differing.size ? html`<strong>${differing.size} 个字段不同</strong>` : '各字段一致'
  }</p>
  <div class="scroll"><table class="side-by-side">
    <thead><tr><th scope="col">字段</th><th scope="col">甲方：${a}</th><th scope="col">乙方：${b}</th></tr></thead>
    <tbody>
      <tr><th scope="row">${FIELD_LABELS.name}</th><td>${ref(pair.a)}</td><td>${ref(pair.b)}</td></tr>
      ${rows.map(({ field, value }) => {
        const differs = differing.has(field);
        return html`<tr${differs ? html` class="differs"` : ''}>
        <th scope="row">${FIELD_LABELS[field]}${differs ? html` <span class="flag">≠ 不同</span>` : ''}</th>
        <td>${lines(value(x))}</td><td>${lines(value(y))}</td></tr>`;
      })}
    </tbody>
  </table></div>
  ${citationList(pair.differences)}
</article>`;
}

/** The pair's citation differences, one line each, labelled by kind. */
function citationList(differences: Difference[]): SafeHtml | '' {
  const cited = differences.filter((d) => d.field === 'citations');
  if (cited.length === 0) return '';
  return html`<ul class="citation-diffs" aria-label="依据差异">
    ${cited.map(
      (d) => html`<li><span class="kind">${d.kind ? KIND_LABELS[d.kind] : '依据不同'}</span>
      ${d.a ? html`<span>甲方：${d.a}</span>` : ''} ${d.b ? html`<span>乙方：${d.b}</span>` : ''}</li>`,
    )}
  </ul>`;
}

/** The items only one side lists, both sides next to each other. */
export function onlySection(result: DiffResult, [a, b]: [string, string]): SafeHtml {
  const list = (
    id: string,
    title: string,
    refs: ItemRef[],
  ) => html`<section class="only" aria-labelledby="${id}">
    <h2 id="${id}">${title}（${refs.length}）</h2>
    ${
      refs.length
        ? html`<ul>${refs.map((r) => html`<li>${ref(r)}${r.powerType ? html` <span class="badge">${r.powerType}</span>` : ''}</li>`)}</ul>`
        : html`<p class="muted">无</p>`
    }
  </section>`;
  return html`<div class="only-grid">
  ${list('only-a', `仅甲方：${a}`, result.onlyA)}
  ${list('only-b', `仅乙方：${b}`, result.onlyB)}
</div>`;
}

function ref(r: ItemRef): SafeHtml {
  return html`<span class="ref">${itemRef(r.table, r.seq)}</span> ${r.name}`;
}

function lines(text: string): SafeHtml | string {
  if (!text) return '—';
  return html`${text.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}`;
}
