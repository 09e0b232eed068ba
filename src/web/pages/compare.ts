/**
 * `/app/compare` (read role): two regions' (or notices') catalogues side by side — matched powers
 * with the differing fields marked, the powers only one side lists, the citation findings — and
 * downloads of the same comparison from the API (`/api/diff/export`, XLSX / DOCX / CSV).
 */

import { compareSides } from '../../compare/sides.ts';
import { sideName } from '../../export/views.ts';
import { itemLookup } from '../../http/export-reply.ts';
import { isProblem } from '../../laws/check.ts';
import type { WebContext } from '../context.ts';
import { html, type SafeHtml } from '../html.ts';
import { catalogueFacts } from '../views/catalogue-facts.ts';
import { citationsSection } from '../views/compare-citations.ts';
import { compareForm } from '../views/compare-form.ts';
import { onlySection, pairsSection } from '../views/compare-pairs.ts';

export function comparePage(context: WebContext): void {
  context.web.get(
    '/compare',
    { schema: { hide: true }, preHandler: context.requireRole('read') },
    async (request, reply) => {
      const query = request.query as { a?: unknown; b?: unknown };
      const a = typeof query.a === 'string' ? query.a.trim().slice(0, 200) : '';
      const b = typeof query.b === 'string' ? query.b.trim().slice(0, 200) : '';
      const form = compareForm(await catalogueFacts(context.app), a, b);
      const send = (body: SafeHtml, status = 200) =>
        context.send(reply.code(status), request, {
          title: '比较',
          active: 'compare',
          styles: ['explore.css'],
          body,
        });
      if (!a || !b)
        return send(html`${form}
<p class="hint">选择两个地区（一个省包括其下辖地区的现行目录）或两份通知，逐项比较执法事项：匹配的事项、各自独有的事项和依据差异。${
          a || b ? html`<br><strong>请选择两个比较对象。</strong>` : ''
        }</p>`);
      const comparison = await compareSides(context.app.store, a, b);
      if (!comparison.ok) {
        const message = '找不到比较对象：只能比较知识库中有目录的地区或通知，请从列表中选择。';
        return send(html`${form}<p class="error" role="alert">${message}</p>`, comparison.status);
      }
      const { result, sides } = comparison;
      const names: [string, string] = [sideName(result.a), sideName(result.b)];
      const problems = result.citations.filter((c) => isProblem(c.status)).length;
      const exportUrl = (format: string) => `/api/diff/export?${new URLSearchParams({ a, b, format })}`;
      return send(html`${form}
<section class="summary" aria-labelledby="summary-h">
  <h2 id="summary-h">${names[0]} 与 ${names[1]}</h2>
  <ul class="counts">
    <li><strong>${result.pairs.length}</strong> 项匹配</li>
    <li><strong>${result.onlyA.length}</strong> 项仅甲方（${names[0]}）</li>
    <li><strong>${result.onlyB.length}</strong> 项仅乙方（${names[1]}）</li>
    <li><strong>${problems}</strong> 处依据问题</li>
  </ul>
  <p class="exports">导出：
    <a class="button secondary" href="${exportUrl('xlsx')}" download>下载 XLSX</a>
    <a class="button secondary" href="${exportUrl('docx')}" download>下载 DOCX</a>
    <a class="button secondary" href="${exportUrl('csv')}" download>下载 CSV</a>
  </p>
</section>
${onlySection(result, names)}
${pairsSection(result, names, itemLookup(...sides))}
${citationsSection(result, names)}`);
    },
  );
}
