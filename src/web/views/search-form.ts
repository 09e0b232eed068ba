/**
 * The search form: one search box (htmx: results swap in as you type, after a pause) and the
 * filters — region tree, power type, cited law, current versions only, waiting for review only. Without JavaScript it is
 * a plain GET form, so every search has a shareable URL. A changed filter triggers the form
 * through `filters-changed` (app.js): htmx trigger filters would need eval, which the CSP forbids.
 */
import { PowerType } from '../../../schemas/notice.ts';
import { html, type SafeHtml } from '../html.ts';
import type { CatalogueFacts } from './catalogue-facts.ts';

export interface SearchParams {
  q: string;
  region: string;
  powerType: string;
  law: string;
  currentOnly: boolean;
  /** Only what waits for review (需复核). */
  needsReview: boolean;
  offset: number;
}

const HTMX = {
  'hx-get': '/app/search',
  'hx-target': '#results',
  'hx-push-url': 'true',
};

export function searchForm(params: SearchParams, facts: CatalogueFacts): SafeHtml {
  const option = (value: string, label: string, selected: string) =>
    html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/app/search" role="search" class="search-form"
  hx-get="${HTMX['hx-get']}" hx-target="${HTMX['hx-target']}" hx-push-url="${HTMX['hx-push-url']}" hx-trigger="submit, filters-changed">
  <div class="search-box">
    <label for="q">关键词</label>
    <input id="q" name="q" type="search" value="${params.q}" autofocus autocomplete="off" maxlength="200"
      placeholder="如：耗材、价格监督、社会保险法" aria-describedby="q-hint"
      hx-get="${HTMX['hx-get']}" hx-target="${HTMX['hx-target']}" hx-push-url="${HTMX['hx-push-url']}"
      hx-trigger="input changed delay:250ms, search" hx-include="closest form">
    <button type="submit">检索</button>
    <p id="q-hint" class="hint">按 <kbd>/</kbd> 聚焦搜索框；可搜词语的一部分（耗材 可找到 医用耗材），繁体亦可。</p>
  </div>
  <div class="filters">
    <div><label for="region">地区</label>
      <select id="region" name="region">${option('', '全部地区', params.region)}
        ${facts.tree.map((n) =>
          option(
            n.value,
            `${'\u3000'.repeat(n.depth)}${n.name}`,
            n.name === params.region ? n.value : params.region,
          ),
        )}
      </select></div>
    <div><label for="powerType">职权类型</label>
      <select id="powerType" name="powerType">${option('', '全部类型', params.powerType)}
        ${PowerType.options.map((t) => option(t, t, params.powerType))}
      </select></div>
    <div><label for="law">引用法规</label>
      <input id="law" name="law" type="text" list="law-list" value="${params.law}" maxlength="120" placeholder="如：社会保险法#84">
      <datalist id="law-list">${facts.laws.slice(0, 300).map((law) => html`<option value="${law}"></option>`)}</datalist></div>
    <div class="check">
      <input type="hidden" name="current" value="false">
      <input id="current" name="current" type="checkbox" value="true"${params.currentOnly ? html` checked` : ''}>
      <label for="current">仅现行版本</label></div>
    <div class="check">
      <input id="needsReview" name="needsReview" type="checkbox" value="true"${params.needsReview ? html` checked` : ''}>
      <label for="needsReview">只看需复核</label></div>
  </div>
</form>`;
}

/** Reads the page's query string (a repeated `current` keeps its last value: the checkbox after the hidden field). */
export function searchParams(query: Record<string, unknown>): SearchParams {
  const last = (key: string): string => {
    const value = query[key];
    const picked = Array.isArray(value) ? value.at(-1) : value;
    return typeof picked === 'string' ? picked.trim() : '';
  };
  const powerType = last('powerType');
  return {
    q: last('q').slice(0, 200),
    region: last('region').slice(0, 40),
    powerType: PowerType.safeParse(powerType).success ? powerType : '',
    law: last('law').slice(0, 120),
    currentOnly: last('current') !== 'false',
    needsReview: last('needsReview') === 'true',
    offset: Math.max(0, Math.min(10_000, Number.parseInt(last('offset'), 10) || 0)),
  };
}
