import { z } from 'zod';
import { Problem } from '../../../schemas/api.ts';
import { DiffResult, Matrix } from '../../../schemas/compare.ts';
import type { App } from '../../app/open.ts';
import { diffCatalogues } from '../../compare/diff.ts';
import { storedMatrix } from '../../compare/refresh.ts';
import { isFile, loadSide } from '../../compare/sources.ts';
import { referenceLaws } from '../../laws/library.ts';
import { problem } from '../problem.ts';
import type { ApiServer, Guard } from '../types.ts';

const DiffQuery = z.object({
  a: z.string().min(1).describe('a region name (its current catalogues) or a notice id'),
  b: z.string().min(1).describe('a region name (its current catalogues) or a notice id'),
});

/** `GET /api/diff` (as `policy-kb diff --json`) and `GET /api/matrix` (the coverage matrix). */
export function compareRoutes(server: ApiServer, app: App, guard: Guard): void {
  server.get(
    '/api/diff',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Compare two regions or notices item by item',
        querystring: DiffQuery,
        response: { 200: DiffResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const { a, b } = request.query;
      // Over HTTP a side is never a server-side file: only what the knowledge base holds.
      for (const spec of [a, b]) {
        if (/[/\\]/.test(spec) || (await isFile(spec)))
          return problem(reply, 400, `${spec}: give a region name or a notice id`);
      }
      try {
        const [left, right] = [await loadSide(a, app.store), await loadSide(b, app.store)];
        return diffCatalogues(left, right, { library: referenceLaws() });
      } catch (error) {
        return problem(reply, 404, (error as Error).message.split('\n')[0] ?? 'not found');
      }
    },
  );
  server.get(
    '/api/matrix',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Coverage of enforcement powers across all regions (current catalogues)',
        response: { 200: Matrix, 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async () => (await storedMatrix(app.store)).matrix,
  );
}
