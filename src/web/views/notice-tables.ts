import type { Item, NoticeTable } from '../../../schemas/notice.ts';
import { html, type SafeHtml } from '../html.ts';
import { itemAnchor } from './item-ref.ts';
import { citationView, countFindings } from './notice-citations.ts';

/** Every extracted table as an HTML table of its items, in its own scroll container. */
export function noticeTables(tables: NoticeTable[]): SafeHtml {
  if (tables.length === 0) return html``;
  const findings = countFindings(tables.flatMap((t) => t.items.flatMap((i) => i.citations)));
  return html`<section aria-labelledby="tables-title">
<h2 id="tables-title">事项清单（${tables.length} 张表，共 ${tables.reduce((n, t) => n + t.items.length, 0)} 项）</h2>
<p class="${findings > 0 ? 'summary-finding' : 'muted'}">${
    findings > 0
      ? `法规引用核对：发现 ${findings} 处问题，已在“依据”栏中标出。`
      : '法规引用核对：未发现问题（参考库外的法规标为“未核实”）。'
  }</p>
${tables.map((table, t) => tableView(table, t))}
</section>`;
}

function tableView(table: NoticeTable, index: number): SafeHtml {
  const caption = table.title ?? `表 ${index + 1}`;
  return html`<h3 id="table-${index}">${caption}<span class="muted">（${table.items.length} 项${table.powerType ? `，${table.powerType}` : ''}）</span></h3>
<div class="table-scroll" role="region" aria-labelledby="table-${index}" tabindex="0">
<table class="items">
<thead><tr><th scope="col" class="short">序号</th><th scope="col">事项名称</th><th scope="col" class="short">类型</th><th scope="col">对象</th><th scope="col" class="short">层级</th><th scope="col">依据</th></tr></thead>
<tbody>
${table.items.map((item) => itemRow(item, index))}
</tbody>
</table>
</div>`;
}

function itemRow(item: Item, table: number): SafeHtml {
  const cells = Object.entries(item.verbatim);
  return html`<tr id="${itemAnchor(table, item.seq)}">
<td class="num">${item.seq}</td>
<td class="name">${item.name}
${
  cells.length > 0
    ? html`<details class="verbatim"><summary>原文单元格</summary><dl>${cells.map(
        ([header, text]) => html`<dt>${header}</dt><dd>${text}</dd>`,
      )}</dl></details>`
    : ''
}</td>
<td class="short">${item.powerType ?? html`<span class="muted">—</span>`}</td>
<td class="targets">${item.targets.join('、') || html`<span class="muted">—</span>`}</td>
<td class="short">${item.levels.join('、') || html`<span class="muted">—</span>`}</td>
<td class="basis">${
    item.citations.length > 0
      ? html`<ul class="citations">${item.citations.map((c) => citationView(c))}</ul>`
      : (item.basis ?? html`<span class="muted">—</span>`)
  }</td>
</tr>`;
}
