import { Problem, SearchQuery } from '../../../schemas/api.ts';
import { SearchResult } from '../../../schemas/search.ts';
import { resolveRegion, suggestRegions } from '../../chinese/region.ts';
import { problem } from '../../http/problem.ts';
import type { ApiServer, Guard } from '../../http/types.ts';
import type { App } from '../../pipeline/app.ts';

/** `GET /api/search`: as `policy-kb search --json`, with filters, paging, facets and highlights. */
export function searchRoutes(server: ApiServer, app: App, guard: Guard): void {
  server.get(
    '/api/search',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Search items, articles and notices',
        description:
          'Chinese text matches inside words (耗材 finds 医用耗材), traditional characters match simplified ones, ' +
          'exact phrases rank first, then name > targets > basis. Snippets are HTML-escaped with <mark> around matches.',
        querystring: SearchQuery,
        response: { 200: SearchResult, 400: Problem, 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const { q, law, current, facets, needsReview, ...rest } = request.query;
      // a region nobody knows would answer 0 hits, as if it had no notices: say so instead
      if (rest.region && !/^\d{6}$/.test(rest.region.trim()) && !resolveRegion(rest.region)) {
        const near = suggestRegions(rest.region);
        return problem(
          reply,
          400,
          `没有“${rest.region}”这个地区${near.length > 0 ? `；相近的有：${near.join('、')}` : ''}`,
          'unknown_region',
          { nearMatches: near },
        );
      }
      const result = await app.index.search(q, {
        ...rest,
        lawCited: law,
        currentOnly: current === 'true',
        needsReview: needsReview === 'true',
        facets: facets === 'true',
      });
      // the index builds a typed SearchResult already: plain JSON.stringify skips a second zod pass (hot path)
      return reply.serializer(JSON.stringify).send(result);
    },
  );
}
