/**
 * `/app/matrix` (read role): the coverage matrix of the current catalogues as a grid (powers ×
 * regions, a page of regions at a time), filtered by power type and province, with a heat map of
 * coverage by province drawn server-side as SVG (inline, and alone at `/app/matrix.svg`).
 */
import type { FastifyRequest } from 'fastify';
import type { Matrix } from '../../../schemas/compare.ts';
import { storedMatrix } from '../../compare/refresh.ts';
import { provinceOfName } from '../../compare/regions.ts';
import type { WebContext } from '../context.ts';
import { html } from '../html.ts';
import { catalogueFacts } from '../views/catalogue-facts.ts';
import {
  coverageByProvince,
  type FilteredMatrix,
  filterMatrix,
  type MatrixFilter,
} from '../views/matrix-filter.ts';
import { matrixGrid, matrixLegend } from '../views/matrix-grid.ts';
import { HEATMAP_MAX_ROWS, heatmapSvg } from '../views/matrix-heatmap.ts';

/** Region columns per page of the grid, and powers shown at most. */
const COLUMNS_PER_PAGE = 24;
const MAX_ROWS = 300;

export function matrixPage(context: WebContext): void {
  const { web, app } = context;
  const load = async (request: FastifyRequest) => {
    const query = request.query as Record<string, unknown>;
    const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string).slice(0, 40) : '');
    const filter: MatrixFilter = { powerType: text('powerType'), province: text('province') };
    const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(text('page'), 10) || 1));
    const { matrix } = await storedMatrix(app.store);
    const provinces = provinceOfName((await catalogueFacts(app)).regions);
    return { matrix, filter, pageNo, provinces, view: filterMatrix(matrix, provinces, filter) };
  };
  const heatmap = (view: FilteredMatrix, standalone = false) =>
    heatmapSvg({ rows: view.rows, ...coverageByProvince(view) }, { standalone });

  web.get(
    '/matrix.svg',
    { schema: { hide: true }, preHandler: context.requireRole('read') },
    async (request, reply) => {
      const { view } = await load(request);
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(heatmap(view, true).value);
    },
  );

  web.get(
    '/matrix',
    { schema: { hide: true }, preHandler: context.requireRole('read') },
    async (request, reply) => {
      const { matrix, filter, pageNo, provinces, view } = await load(request);
      const pages = Math.max(1, Math.ceil(view.columns.length / COLUMNS_PER_PAGE));
      const page = Math.min(pageNo, pages);
      const columns = view.columns.slice((page - 1) * COLUMNS_PER_PAGE, page * COLUMNS_PER_PAGE);
      const rows = view.rows.slice(0, MAX_ROWS);
      const params = (extra: Record<string, string>) =>
        new URLSearchParams(Object.entries({ ...filter, ...extra }).filter(([, v]) => v)).toString();
      const caption = `${view.rows.length} 项职权 × ${view.columns.length} 个地区${
        pages > 1 ? `（第 ${page}/${pages} 页地区）` : ''
      }${view.rows.length > rows.length ? `，仅列出前 ${rows.length} 项` : ''}`;
      return context.send(reply, request, {
        title: '覆盖矩阵',
        active: 'matrix',
        styles: ['explore.css'],
        body: html`${filters(matrix, provinces, filter)}
<p class="muted">现行目录共 ${matrix.rows.length} 项执法职权、${matrix.regions.length} 个地区（${matrix.items} 个事项聚类而成）。
导出：<a href="/api/matrix/export?format=xlsx" download>XLSX</a> · <a href="/api/matrix/export?format=docx" download>DOCX</a> · <a href="/api/matrix/export?format=csv" download>CSV</a></p>
<section aria-labelledby="heat-h">
  <h2 id="heat-h">覆盖热力图（按省汇总）</h2>
  <figure class="heat">
    <div class="scroll">${heatmap(view)}</div>
    <figcaption>每格为该省地区中具有该职权的比例，颜色越深覆盖越广，格内写明百分比${
      view.rows.length > HEATMAP_MAX_ROWS ? `；图中仅绘出前 ${HEATMAP_MAX_ROWS} 项，完整数据见下表` : ''
    }。<a href="/app/matrix.svg?${params({})}">单独打开 SVG 图</a></figcaption>
  </figure>
</section>
<section aria-labelledby="grid-h">
  <h2 id="grid-h">矩阵</h2>
  ${matrixLegend()}
  ${rows.length ? matrixGrid(matrix, rows, columns, caption) : html`<p>没有符合筛选条件的事项。</p>`}
  ${
    pages > 1
      ? html`<nav class="pager" aria-label="地区分页">
    ${page > 1 ? html`<a href="/app/matrix?${params({ page: String(page - 1) })}">上一页</a>` : ''}
    <span>第 ${page} / ${pages} 页</span>
    ${page < pages ? html`<a href="/app/matrix?${params({ page: String(page + 1) })}">下一页</a>` : ''}
  </nav>`
      : ''
  }
</section>`,
      });
    },
  );
}

function filters(matrix: Matrix, provinces: Map<string, string>, filter: MatrixFilter) {
  const count = <T extends string>(values: T[]) => {
    const counts = new Map<T, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN'));
  };
  const types = count(matrix.rows.flatMap((r) => r.powerType ?? []));
  const inProvince = count(matrix.regions.map((name) => provinces.get(name) ?? '其他'));
  const option = (value: string, label: string, selected: string) =>
    html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/app/matrix" class="filters">
  <div><label for="powerType">职权类型</label>
    <select id="powerType" name="powerType">${option('', '全部类型', filter.powerType)}${types.map(([t, n]) => option(t, `${t}（${n}）`, filter.powerType))}</select></div>
  <div><label for="province">省份</label>
    <select id="province" name="province">${option('', '全部省份', filter.province)}${inProvince.map(([p, n]) => option(p, `${p}（${n} 个地区）`, filter.province))}</select></div>
  <div><button type="submit">筛选</button></div>
</form>`;
}
