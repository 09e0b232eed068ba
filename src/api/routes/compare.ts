import { z } from 'zod';
import { Problem } from '../../../schemas/api.ts';
import { DiffResult, ExportFormat, Matrix, RegionList } from '../../../schemas/compare.ts';
import { storedMatrix } from '../../compare/refresh.ts';
import { regionsOf } from '../../compare/regions.ts';
import { compareSides } from '../../compare/sides.ts';
import { diffBytes, matrixBytes, sendAttachment } from '../../http/export-reply.ts';
import { problem } from '../../http/problem.ts';
import type { ApiServer, Guard } from '../../http/types.ts';
import type { App } from '../../pipeline/app.ts';

const Side = z.string().min(1).max(200).describe('a region name (its current catalogues) or a notice id');
const DiffQuery = z.object({ a: Side, b: Side });
const ExportQuery = z.object({ a: Side, b: Side, format: ExportFormat.describe('the download format') });
const MatrixExportQuery = z.object({ format: ExportFormat.describe('the download format') });

/** A download's 200 response, documented per content type. */
const download = (what: string) => ({
  description: `${what} as an attachment (xlsx, docx, csv or md)`,
  content: Object.fromEntries(
    [
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/csv',
      'text/markdown',
    ].map((type) => [type, { schema: z.string() }]),
  ),
});
const ERRORS = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem };

/**
 * `GET /api/diff` (as `policy-kb diff --json`), `GET /api/diff/export` (the same as a download),
 * `GET /api/matrix` (the coverage matrix) and its export, and `GET /api/regions`.
 */
export function compareRoutes(server: ApiServer, app: App, guard: Guard): void {
  server.get(
    '/api/diff',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Compare two regions or notices item by item',
        querystring: DiffQuery,
        response: { 200: DiffResult, ...ERRORS },
      },
    },
    async (request, reply) => {
      const comparison = await compareSides(app.store, request.query.a, request.query.b);
      return comparison.ok ? comparison.result : problem(reply, comparison.status, comparison.message);
    },
  );
  server.get(
    '/api/diff/export',
    {
      preHandler: guard('read'),
      schema: {
        summary:
          'Download a comparison as XLSX (a sheet per view), DOCX (side-by-side report), CSV or Markdown',
        querystring: ExportQuery,
        response: { 200: download('the comparison'), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { a, b, format } = request.query;
      const comparison = await compareSides(app.store, a, b);
      if (!comparison.ok) return problem(reply, comparison.status, comparison.message);
      const body = await diffBytes(comparison.result, format, comparison.sides);
      return sendAttachment(reply, { name: `比较-${a}-${b}`, fallback: 'policy-kb-diff' }, format, body);
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
  server.get(
    '/api/matrix/export',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Download the coverage matrix as XLSX, DOCX, CSV or Markdown',
        querystring: MatrixExportQuery,
        response: {
          200: download('the coverage matrix'),
          400: Problem,
          401: Problem,
          403: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const { matrix } = await storedMatrix(app.store);
      return sendAttachment(
        reply,
        { name: '覆盖矩阵', fallback: 'policy-kb-matrix' },
        request.query.format,
        await matrixBytes(matrix, request.query.format),
      );
    },
  );
  server.get(
    '/api/regions',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Regions with current notices, their province and how many catalogue items they hold',
        response: { 200: RegionList, 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async () => ({ regions: regionsOf(await app.store.listNotices({ currentOnly: true })) }),
  );
}
