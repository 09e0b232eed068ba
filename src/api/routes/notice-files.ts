import { z } from 'zod';
import { NoticeVersions, Problem } from '../../../schemas/api.ts';
import { JobView } from '../../../schemas/job.ts';
import type { StoredNotice } from '../../../schemas/store.ts';
import { problem } from '../../http/problem.ts';
import type { ApiServer, Guard } from '../../http/types.ts';
import { HTTP_MESSAGES } from '../../messages.ts';
import type { App } from '../../pipeline/app.ts';
import { renditionsOf } from '../../store/identity.ts';
import { summarize } from '../../store/summary.ts';

/** Content types of the stored originals, by the format the reader sniffed. */
const CONTENT_TYPES: Record<string, string> = {
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

const NoticeParams = z.object({ id: z.string() });
const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional() });
const OriginalQuery = VersionQuery.extend({
  /** The sha-256 of one of the version's renditions (default: the file the version was made from). */
  rendition: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

/** The web app's helpers on the API: retry a failed job, versions of a notice, the original file. */
export function noticeFileRoutes(server: ApiServer, app: App, guard: Guard): void {
  server.post(
    '/api/jobs/:jobId/retry',
    {
      preHandler: guard('upload'),
      schema: {
        summary: 'Run a failed ingest job again from its first stage (its original is kept)',
        params: z.object({ jobId: z.string() }),
        response: { 202: JobView, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { jobId } = request.params;
      const job = await app.runner.getJob(jobId);
      if (!job) return problem(reply, 404, HTTP_MESSAGES.noJob(jobId));
      if (job.state !== 'failed')
        return problem(reply, 409, HTTP_MESSAGES.notRetryable(jobId, job.state), 'not-failed');
      await app.runner.retry(jobId);
      return reply.code(202).send((await app.runner.getJob(jobId)) ?? job);
    },
  );

  server.get(
    '/api/notices/:id/versions',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Every version of a notice (its catalogue), oldest first',
        params: NoticeParams,
        response: { 200: NoticeVersions, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const record = await findRecord(app, request.params.id);
      if (!record) return problem(reply, 404, HTTP_MESSAGES.noNotice(request.params.id));
      const versions = await app.store.listVersions(record.id);
      return { id: record.id, versions: versions.map(summarize) };
    },
  );

  server.get(
    '/api/notices/:id/original',
    {
      preHandler: guard('read'),
      schema: {
        summary:
          'The original uploaded file of a notice version (current or ?version=N), or of one of its renditions (?rendition=<sha256>)',
        params: NoticeParams,
        querystring: OriginalQuery,
        response: {
          200: z.any().describe('the original bytes, as an attachment named after the upload'),
          401: Problem,
          403: Problem,
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = await findRecord(app, id, request.query.version);
      const wanted = request.query.rendition ?? record?.sha256;
      const renditions = record && renditionsOf(record);
      const rendition = renditions?.find((r) => r.sha256 === wanted);
      const bytes = rendition ? await app.store.getOriginal(rendition.sha256) : null;
      if (!record || !rendition || !bytes) return problem(reply, 404, HTTP_MESSAGES.noOriginal(id));
      return reply
        .type(CONTENT_TYPES[rendition.format] ?? 'application/octet-stream')
        .header('content-disposition', attachment(rendition.sourceFile))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(Buffer.from(bytes));
    },
  );
}

/** A notice by id (and version) or by the sha-256 of its upload, as `GET /api/notices/:id`. */
export function findRecord(app: App, id: string, version?: number): Promise<StoredNotice | null> {
  return /^[0-9a-f]{64}$/.test(id) ? app.store.findBySha(id) : app.store.getNotice(id, version);
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real one in RFC 5987
 * encoding (`filename*=UTF-8''…`), which browsers prefer: Chinese names survive the download.
 */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'original';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
