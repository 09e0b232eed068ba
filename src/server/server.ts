import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerOpenApi } from '../api/openapi.ts';
import { compareRoutes } from '../api/routes/compare.ts';
import { noticeRoutes } from '../api/routes/notices.ts';
import { reviewRoutes } from '../api/routes/review.ts';
import { searchRoutes } from '../api/routes/search.ts';
import { DEFAULT_LIMITS } from '../formats/types.ts';
import { createGuard, rateKey } from '../http/auth.ts';
import { registerBrowserGuard, registerLocalHostOnly, securityHeaders } from '../http/browser-guard.ts';
import type { ApiKey } from '../http/keys.ts';
import { errorHandler, problem } from '../http/problem.ts';
import type { ApiServer } from '../http/types.ts';
import { HTTP_MESSAGES } from '../messages.ts';
import type { App } from '../pipeline/app.ts';
import { isWebPath, registerWeb, webErrorPage } from '../web/plugin.ts';

export interface ServerOptions {
  /** Origins allowed by CORS (`*` for any); none: no CORS headers. @defaultValue POLICY_KB_CORS_ORIGINS */
  corsOrigins?: string[];
  /** Requests per minute per key (per IP without one); 0 turns it off. @defaultValue POLICY_KB_RATE_LIMIT */
  rateLimitPerMinute?: number;
}

/**
 * The HTTP API (shapes in ../shared/CONTRACT.md): upload, jobs, notices, search, the OpenAPI
 * document and its docs page. With no keys configured the server is in open local mode (the
 * caller binds it to 127.0.0.1, and only requests addressed to a local host name are served).
 */
export async function buildServer(app: App, keys: ApiKey[], options: ServerOptions = {}): Promise<ApiServer> {
  const corsOrigins = options.corsOrigins ?? splitList(app.config.POLICY_KB_CORS_ORIGINS);
  const perMinute = options.rateLimitPerMinute ?? app.config.POLICY_KB_RATE_LIMIT;
  const server = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // a path that is not a URL (`/app/notices/%E0%A4%A`): a page or a problem in Chinese, like any 400
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const detail = HTTP_MESSAGES.badUrl(path);
      if (isWebPath(path)) return webErrorPage(request, reply, 400, detail);
      securityHeaders(request, reply);
      return problem(reply, 400, detail, error.code === 'FST_ERR_BAD_URL' ? 'bad-url' : 'bad-request');
    },
  }).withTypeProvider<ZodTypeProvider>();
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(errorHandler(app.config.POLICY_KB_DEBUG));
  // an unknown route is a problem document too (the web app's /app pages answer their own 404 page)
  server.setNotFoundHandler(async (request, reply) =>
    problem(reply, 404, HTTP_MESSAGES.noRoute(request.method, request.url.split('?')[0] ?? ''), 'no_route'),
  );
  if (keys.length === 0) registerLocalHostOnly(server);
  if (corsOrigins.length > 0)
    await server.register(cors, {
      origin: corsOrigins.includes('*') ? '*' : corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'x-api-key', 'content-type'],
      exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    });
  if (perMinute > 0)
    await server.register(rateLimit, {
      max: perMinute,
      timeWindow: 60_000,
      keyGenerator: rateKey(keys),
      errorResponseBuilder: (_request, context) => ({
        statusCode: context.statusCode,
        message: HTTP_MESSAGES.rateLimited(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
    });
  await server.register(cookie);
  registerBrowserGuard(server, corsOrigins);
  await server.register(multipart, { limits: { fileSize: DEFAULT_LIMITS.maxBytes, files: 1 } });
  await registerOpenApi(server);

  const guard = createGuard(keys);
  noticeRoutes(server, app, guard);
  searchRoutes(server, app, guard);
  compareRoutes(server, app, guard);
  reviewRoutes(server, app, guard);
  await registerWeb(server, app, keys);
  server.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true, runner: app.runner.kind }));
  return server;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
