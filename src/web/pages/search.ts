/**
 * `/app/search` (read role): one search box with filters; results as a fragment for htmx
 * (`HX-Request`), or within the whole page (plain GET, shareable URLs, works without JavaScript).
 */
import type { PowerType } from '../../../schemas/notice.ts';
import type { SearchResult } from '../../../schemas/search.ts';
import { isBadInput } from '../../errors.ts';
import { IndexUnavailableError } from '../../search/types.ts';
import { sendFragment, type WebContext } from '../context.ts';
import { html } from '../html.ts';
import { catalogueFacts } from '../views/catalogue-facts.ts';
import { searchForm, searchParams } from '../views/search-form.ts';
import { PAGE_SIZE, searchResults } from '../views/search-results.ts';

export function searchPage(context: WebContext): void {
  context.web.get(
    '/search',
    { schema: { hide: true }, preHandler: context.requireRole('read') },
    async (request, reply) => {
      const params = searchParams(request.query as Record<string, unknown>);
      let result: SearchResult | null = null;
      let error: string | undefined;
      let status = 200;
      if (params.q) {
        try {
          result = await context.app.index.search(params.q, {
            ...(params.region ? { region: params.region } : {}),
            ...(params.powerType ? { powerType: params.powerType as PowerType } : {}),
            ...(params.law ? { lawCited: params.law } : {}),
            currentOnly: params.currentOnly,
            needsReview: params.needsReview,
            limit: PAGE_SIZE,
            offset: params.offset,
          });
        } catch (failure) {
          if (failure instanceof IndexUnavailableError)
            [error, status] = ['检索服务暂不可用，请稍后再试。', 503];
          else if (isBadInput(failure)) [error, status] = ['检索条件无法识别，请修改后重试。', 422];
          else throw failure;
        }
      }
      const results = searchResults(result, params, error);
      reply.header('vary', 'HX-Request');
      if (
        request.headers['hx-request'] === 'true' &&
        request.headers['hx-history-restore-request'] !== 'true'
      )
        return sendFragment(reply, results);
      return context.send(reply.code(status), request, {
        title: '检索',
        active: 'search',
        styles: ['explore.css'],
        scripts: ['search.js'],
        body: html`${searchForm(params, await catalogueFacts(context.app))}
<div id="results" aria-live="polite" data-htmx-status>${results}</div>`,
      });
    },
  );
}
