import type { DiffResult, ItemRef } from '../../../schemas/compare.ts';
import type { StoredNotice } from '../../../schemas/store.ts';
import { noticeCatalogue } from '../../compare/catalogue.ts';
import { diffCatalogues } from '../../compare/diff.ts';
import { html, type SafeHtml } from '../html.ts';
import { itemRef } from './item-ref.ts';
import { statusBadge } from './notice-meta.ts';

const FIELD_LABELS: Record<string, string> = {
  powerType: '类型',
  targets: '对象',
  levels: '层级',
  methods: '检查方式',
  frequency: '检查频次',
  implementer: '实施主体',
  citations: '依据',
};

/** The versions of the catalogue (links), and a form to compare the shown one with another. */
export function noticeVersions(
  shown: StoredNotice,
  versions: StoredNotice[],
  other: number | null,
): SafeHtml {
  const base = `/app/notices/${encodeURIComponent(shown.id)}`;
  const choices = versions.filter((v) => v.version !== shown.version);
  return html`<section aria-labelledby="versions-title">
<h2 id="versions-title">版本（${versions.length}）</h2>
<ol class="versions">${versions.map(
    (v) =>
      html`<li>${
        v.version === shown.version
          ? html`<strong aria-current="page">第 ${v.version} 版（当前查看）</strong>`
          : html`<a href="${base}?version=${v.version}">第 ${v.version} 版</a>`
      } ${v.notice.meta.issuedOn ?? ''} ${statusBadge(v.notice.meta.status)}${v.current ? html` <span class="badge status-current">现行版本</span>` : ''} <span class="muted">${v.sourceFile}</span></li>`,
  )}</ol>
${
  choices.length > 0
    ? html`<form method="get" action="${base}" class="inline-form">
<input type="hidden" name="version" value="${shown.version}">
<label for="diff-version">与以下版本比较</label>
<select id="diff-version" name="diff">${choices.map(
        (v) =>
          html`<option value="${v.version}"${v.version === other ? ' selected' : ''}>第 ${v.version} 版</option>`,
      )}</select>
<button type="submit">比较</button>
</form>`
    : html`<p class="muted">此目录只有一个版本。</p>`
}
</section>`;
}

/** The differences between another version (A) and the shown one (B), by diffCatalogues. */
export function versionDiff(a: StoredNotice, b: StoredNotice): SafeHtml {
  const result: DiffResult = diffCatalogues(
    noticeCatalogue(`第 ${a.version} 版`, a.notice, a.id),
    noticeCatalogue(`第 ${b.version} 版`, b.notice, b.id),
  );
  const changed = result.pairs.filter((p) => p.differences.length > 0 || p.a.name !== p.b.name);
  const same = result.pairs.length - changed.length;
  return html`<section aria-labelledby="diff-title" class="diff">
<h2 id="diff-title">第 ${a.version} 版 与 第 ${b.version} 版 的差异</h2>
<p>配对 ${result.pairs.length} 项，其中 ${same} 项相同、${changed.length} 项有差异；仅在第 ${a.version} 版 ${result.onlyA.length} 项，仅在第 ${b.version} 版 ${result.onlyB.length} 项。</p>
${
  changed.length > 0
    ? html`<div class="table-scroll" role="region" aria-label="有差异的配对" tabindex="0"><table class="items">
<thead><tr><th scope="col">第 ${a.version} 版事项</th><th scope="col">第 ${b.version} 版事项</th><th scope="col">相似度</th><th scope="col">差异</th></tr></thead>
<tbody>${changed.map(
        (p) => html`<tr><td>${ref(p.a)}</td><td>${ref(p.b)}</td><td class="num">${p.score.toFixed(2)}</td>
<td><ul class="plain">${p.a.name !== p.b.name ? html`<li><strong>名称</strong>：${p.a.name} → ${p.b.name}</li>` : ''}${p.differences.map(
          (d) =>
            html`<li><strong>${FIELD_LABELS[d.field] ?? d.field}</strong>：${d.a ?? '（未注明）'} → ${d.b ?? '（未注明）'}</li>`,
        )}</ul></td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${only(`仅在第 ${a.version} 版（已删除）`, result.onlyA)}
${only(`仅在第 ${b.version} 版（新增）`, result.onlyB)}
</section>`;
}

function only(title: string, refs: ItemRef[]): SafeHtml {
  if (refs.length === 0) return html``;
  return html`<h3>${title}</h3><ul>${refs.map((r) => html`<li>${ref(r)}</li>`)}</ul>`;
}

function ref(r: ItemRef): SafeHtml {
  return html`<span class="muted">${itemRef(r.table, r.seq)}</span> ${r.name}`;
}
