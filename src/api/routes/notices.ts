import { z } from 'zod';
import { NoticeList, NoticeRecord, Problem, UploadAccepted } from '../../../schemas/api.ts';
import { JobView } from '../../../schemas/job.ts';
import { DEFAULT_LIMITS } from '../../formats/types.ts';
import { problem } from '../../http/problem.ts';
import type { ApiServer, Guard } from '../../http/types.ts';
import { HTTP_MESSAGES } from '../../messages.ts';
import type { App } from '../../pipeline/app.ts';
import { submitUpload, uploadName } from '../../pipeline/submit.ts';
import { extractionSummary, summarize } from '../../store/summary.ts';
import { readWithinLimit } from '../upload-body.ts';
import { noticeFileRoutes } from './notice-files.ts';

/** Room for the multipart boundaries and part headers around an upload of the largest size. */
const MULTIPART_ENVELOPE = 64 * 1024;
const TOO_LARGE = `文件超过 ${(DEFAULT_LIMITS.maxBytes / 2 ** 20).toFixed(1)} MiB 的上限`;

/** Upload, jobs and notices (shapes in ../shared/CONTRACT.md). */
export function noticeRoutes(server: ApiServer, app: App, guard: Guard): void {
  server.post(
    '/api/notices',
    {
      preHandler: guard('upload'),
      schema: {
        summary: 'Upload a notice (multipart field "file"); answered once the original is stored',
        consumes: ['multipart/form-data'],
        response: {
          202: UploadAccepted,
          400: Problem,
          401: Problem,
          403: Problem,
          413: Problem,
          415: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        return problem(reply, 415, '请以 multipart/form-data 上传，文件放在字段 file 中', 'not_multipart');
      const file = await request.file();
      if (file?.fieldname !== 'file')
        return problem(reply, 400, '请把通知文件放在 multipart 字段 file 中', 'no_file_field');
      const tooLarge = `${uploadName(file.filename)}: ${TOO_LARGE}`;
      // A declared length over the limit is refused before the body is read (and the connection
      // closed); an undeclared one is read up to the limit only, never whole.
      if (Number(request.headers['content-length']) > DEFAULT_LIMITS.maxBytes + MULTIPART_ENVELOPE)
        return problem(reply.header('connection', 'close'), 413, tooLarge);
      const bytes = await readWithinLimit(file.file);
      if (!bytes) return problem(reply, 413, tooLarge);
      const { jobId, sha256, duplicate } = await submitUpload(app, bytes, file.filename || 'upload');
      return reply.code(202).send({ noticeId: sha256, jobId, duplicate });
    },
  );

  server.get(
    '/api/jobs/:jobId',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'An ingest job: state, progress, error',
        params: z.object({ jobId: z.string() }),
        response: { 200: JobView, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const job = await app.runner.getJob(request.params.jobId);
      if (!job) return problem(reply, 404, HTTP_MESSAGES.noJob(request.params.jobId));
      if (job.state !== 'completed' || !job.noticeId) return job;
      const record = await app.store.getNotice(job.noticeId, job.version);
      return record ? { ...job, summary: extractionSummary(record.notice) } : job;
    },
  );

  server.get(
    '/api/notices',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'Every stored notice version',
        response: { 200: NoticeList, 401: Problem, 403: Problem },
      },
    },
    async () => ({ notices: (await app.store.listNotices()).map(summarize) }),
  );

  server.get(
    '/api/notices/:id',
    {
      preHandler: guard('read'),
      schema: {
        summary: 'A normalized notice by id (current or ?version=N) or by the sha-256 of its upload',
        params: z.object({ id: z.string() }),
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: NoticeRecord, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const record = /^[0-9a-f]{64}$/.test(id)
        ? await app.store.findBySha(id)
        : await app.store.getNotice(id, request.query.version);
      if (!record) return problem(reply, 404, HTTP_MESSAGES.noNotice(id));
      const { id: noticeId, version, current, sourceFile, renditions, reviewed } = record;
      return { ...record.notice, id: noticeId, version, current, sourceFile, renditions, reviewed };
    },
  );

  noticeFileRoutes(server, app, guard);
}
