/**
 * Search results as a fragment (swapped into #results by htmx, or part of the whole page): the
 * count, facet links, hits with their highlighted snippets, and paging. Snippets come from the
 * index HTML-escaped with <mark> (src/search/snippet.ts); `snippetHtml` checks that before
 * trusting one and escapes it otherwise.
 */
import type { SearchHit, SearchResult } from '../../../schemas/search.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import { itemAnchor, itemRef } from './item-ref.ts';
import type { SearchParams } from './search-form.ts';

export const PAGE_SIZE = 20;

const KINDS: Record<SearchHit['kind'], string> = { item: '事项', article: '条文', notice: '通知' };

export function searchResults(result: SearchResult | null, params: SearchParams, error?: string): SafeHtml {
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!result) return html`<p class="muted" role="status">输入关键词开始检索。</p>`;
  const { total, hits } = result;
  const link = (extra: Partial<Record<keyof SearchParams, string>>) => {
    const merged: Record<string, string> = {
      q: params.q,
      region: params.region,
      powerType: params.powerType,
      law: params.law,
      current: params.currentOnly ? '' : 'false',
      needsReview: params.needsReview ? 'true' : '',
      ...extra,
    };
    return `/app/search?${new URLSearchParams(Object.entries(merged).filter(([, v]) => v))}`;
  };
  const regions = Object.entries(result.facets?.region ?? {}).slice(0, 12);
  const types = Object.entries(result.facets?.powerType ?? {});
  return html`<p role="status"><strong>“${result.query}”共 ${total} 条结果</strong>${
    total > PAGE_SIZE ? `，第 ${params.offset + 1}–${params.offset + hits.length} 条` : ''
  }</p>
${
  regions.length > 1 || types.length > 1
    ? html`<nav class="facets" aria-label="按分类筛选">
  ${regions.length > 1 ? html`<span>地区：${regions.map(([r, n]) => html`<a href="${link({ region: r, offset: '' })}">${r}（${n}）</a> `)}</span>` : ''}
  ${types.length > 1 ? html`<span>职权类型：${types.map(([t, n]) => html`<a href="${link({ powerType: t, offset: '' })}">${t}（${n}）</a> `)}</span>` : ''}
</nav>`
    : ''
}
${
  hits.length
    ? html`<ol class="hits" start="${params.offset + 1}">${hits.map(hit)}</ol>`
    : html`<p>没有找到结果。可以换个说法，或放宽筛选条件。</p>`
}
<nav class="pager" aria-label="结果分页">
  ${params.offset > 0 ? html`<a href="${link({ offset: String(Math.max(0, params.offset - PAGE_SIZE)) })}">上一页</a>` : ''}
  ${params.offset + hits.length < total ? html`<a href="${link({ offset: String(params.offset + PAGE_SIZE) })}">下一页</a>` : ''}
</nav>`;
}

function hit(h: SearchHit): SafeHtml {
  const where = [...h.regionPath].reverse().join(' · ') || h.region || '未知地区';
  const position =
    h.kind === 'item' && h.table !== null && h.seq !== null
      ? itemRef(h.table, h.seq)
      : h.kind === 'article' && h.article
        ? `第${h.article}条`
        : '';
  return html`<li class="hit">
  <a class="hit-title" href="/app/notices/${encodeURIComponent(h.noticeId)}?version=${h.version}${anchorOf(h)}">${h.title}</a>
  <p class="hit-meta"><span class="badge kind-${h.kind}">${KINDS[h.kind]}</span> <span>${where}</span>${
    position ? html` · <span>${position}</span>` : ''
  }${h.powerType ? html` · <span>${h.powerType}</span>` : ''}${h.current ? '' : html` · <span class="badge expired">旧版本 v${h.version}</span>`}${
    h.needsReview ? html` · <span class="badge badge-review" title="抽取结果待人工复核">需复核</span>` : ''
  }</p>
  <p class="snippet">${snippetHtml(h.snippet)}</p>
</li>`;
}

/** The snippet as markup when it is escaped text with <mark> only; else escaped as plain text. */
export function snippetHtml(snippet: string): SafeHtml {
  const text = snippet.replace(/<\/?mark>/gu, '');
  const balanced = (snippet.match(/<mark>/gu) ?? []).length === (snippet.match(/<\/mark>/gu) ?? []).length;
  const escaped = !/[<>"']/u.test(text) && !/&(?!(?:amp|lt|gt|quot|#39);)/u.test(text);
  return balanced && escaped ? raw(snippet) : html`${text}`;
}

/** Where on the notice page a hit is: its item's row or its article. */
function anchorOf(h: SearchHit): string {
  if (h.kind === 'item' && h.table !== null && h.seq !== null) return `#${itemAnchor(h.table, h.seq)}`;
  return h.kind === 'article' && h.article ? `#article-${h.article}` : '';
}
