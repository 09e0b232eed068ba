import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { App } from '../app/open.ts';
import { isBadInput } from '../errors.ts';
import { DEFAULT_LIMITS } from '../formats/types.ts';
import { submitUpload } from '../pipeline/submit.ts';
import { summarize } from '../store/summary.ts';
import { type ApiKey, allows, type Role, roleOf } from './keys.ts';

/**
 * The HTTP API (shapes in ../shared/CONTRACT.md): upload, jobs, notices. With no keys
 * configured the server is in open local mode (the caller binds it to 127.0.0.1).
 */
export async function buildServer(app: App, keys: ApiKey[]): Promise<FastifyInstance> {
  const server = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  await server.register(multipart, { limits: { fileSize: DEFAULT_LIMITS.maxBytes, files: 1 } });
  const guard = (needed: Role) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (keys.length === 0) return;
    const header =
      request.headers.authorization?.replace(/^Bearer\s+/i, '') ??
      (request.headers['x-api-key'] as string | undefined);
    if (!allows(roleOf(keys, header), needed))
      await problem(
        reply,
        header ? 403 : 401,
        header ? 'this key may not do that' : 'an API key is required',
      );
  };

  server.setErrorHandler(async (error, _request, reply) => {
    if (isBadInput(error)) return problem(reply, 422, error.message);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return problem(reply, status, status === 500 ? 'internal error' : (error as Error).message);
  });

  server.post('/api/notices', { preHandler: guard('upload') }, async (request, reply) => {
    const file = await request.file();
    if (!file || file.fieldname !== 'file')
      return problem(reply, 400, 'send the notice as multipart field "file"');
    const bytes = new Uint8Array(await file.toBuffer());
    if (file.file.truncated)
      return problem(reply, 413, `${file.filename}: the file is larger than the size limit`);
    const { jobId, sha256 } = await submitUpload(app, bytes, file.filename || 'upload');
    return reply.code(202).send({ noticeId: sha256, jobId });
  });

  server.get<{ Params: { jobId: string } }>(
    '/api/jobs/:jobId',
    { preHandler: guard('read') },
    async (request, reply) => {
      const job = await app.runner.getJob(request.params.jobId);
      if (!job) return problem(reply, 404, `no job ${request.params.jobId}`);
      return { ...job, progress: job.progress };
    },
  );

  server.get('/api/notices', { preHandler: guard('read') }, async () => ({
    notices: (await app.store.listNotices()).map(summarize),
  }));

  server.get<{ Params: { id: string }; Querystring: { version?: string } }>(
    '/api/notices/:id',
    { preHandler: guard('read') },
    async (request, reply) => {
      const { id } = request.params;
      const version = request.query.version ? Number(request.query.version) : undefined;
      const record = /^[0-9a-f]{64}$/.test(id)
        ? await app.store.findBySha(id)
        : await app.store.getNotice(id, version);
      if (!record) return problem(reply, 404, `no notice ${id}`);
      return {
        id: record.id,
        version: record.version,
        current: record.current,
        sourceFile: record.sourceFile,
        ...record.notice,
      };
    },
  );

  server.get('/healthz', async () => ({ ok: true, runner: app.runner.kind }));
  return server;
}

/** Errors as RFC 9457 problem details. */
function problem(reply: FastifyReply, status: number, detail: string) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: titleOf(status), status, detail });
}

function titleOf(status: number): string {
  return (
    (
      {
        400: 'Bad Request',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found',
        413: 'Payload Too Large',
        422: 'Unprocessable Content',
      } as Record<number, string>
    )[status] ?? 'Internal Server Error'
  );
}
