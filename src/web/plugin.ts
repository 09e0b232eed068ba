import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { packageFile } from '../fs/package-files.ts';
import { KEY_COOKIE } from '../http/auth.ts';
import { csrfToken, securityHeaders } from '../http/browser-guard.ts';
import { type ApiKey, allows, roleOf } from '../http/keys.ts';
import { describeError } from '../http/problem.ts';
import type { ApiServer } from '../http/types.ts';
import { HTTP_MESSAGES } from '../messages.ts';
import type { App } from '../pipeline/app.ts';
import { createWebContext, errorPage, type WebContext } from './context.ts';
import { html } from './html.ts';
import { csrfField, page } from './layout.ts';
import { comparePage } from './pages/compare.ts';
import { matrixPage } from './pages/matrix.ts';
import { noticePages } from './pages/notices.ts';
import { registerQueues } from './pages/queues.ts';
import { reviewPages } from './pages/review.ts';
import { searchPage } from './pages/search.ts';
import { uploadPage } from './pages/upload.ts';

/** Page modules: each registers its routes on the /app scope. */
const PAGES: ((context: WebContext) => void)[] = [
  uploadPage,
  noticePages,
  searchPage,
  comparePage,
  matrixPage,
  reviewPages,
];

/**
 * The web app for policy staff and the legal office, served by the API process under `/app`
 * (server-rendered HTML, htmx and a little plain JS; no build step, nothing downloaded). It signs
 * in with the same API keys and roles as other tools: the login screen keeps the key in an
 * HttpOnly, SameSite=Strict session cookie that the API's guard accepts too.
 */
export async function registerWeb(server: ApiServer, app: App, keys: ApiKey[]): Promise<void> {
  server.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app'));
  await server.register(
    async (scope) => {
      const web = scope.withTypeProvider<ZodTypeProvider>() as ApiServer;
      const context = createWebContext(web, app, keys);
      web.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      web.setErrorHandler(async (error: FastifyError, request, reply) => {
        const { status, detail } = describeError(error, request);
        if (status >= 500 && app.config.POLICY_KB_DEBUG) console.error(error);
        return errorPage(
          context,
          request,
          reply,
          status,
          status >= 500 ? '服务器内部错误，请稍后再试。' : detail,
        );
      });
      web.setNotFoundHandler(async (request, reply) =>
        errorPage(context, request, reply, 404, `没有这个页面：${request.url}`),
      );
      sessionRoutes(context, keys);
      assetRoutes(web);
      web.get('/', { schema: { hide: true } }, async (request, reply) =>
        reply.redirect(allows(context.roleOf(request), 'upload') ? '/app/upload' : '/app/search'),
      );
      for (const register of PAGES) register(context);
    },
    { prefix: '/app' },
  );
  await registerQueues(server, app, keys);
}

/** Whether a path is the web app's or the queue pages' (answered with pages, not problem documents). */
export function isWebPath(path: string): boolean {
  return /^\/(?:app|admin)(?:[/?#.]|$)/.test(path);
}

/**
 * An error page for a request that never reached the web app's routes (a path that is not a URL):
 * the layout without navigation, as for a visitor not signed in.
 */
export function webErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  const body = html`<p class="error" role="alert">${message}</p><p><a href="/app">返回首页</a></p>`;
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store');
  securityHeaders(request, reply);
  return reply.send(page({ title: HTTP_MESSAGES.pageTitle(status), role: null, body }).value);
}

function sessionRoutes(context: WebContext, keys: ApiKey[]): void {
  const { web } = context;
  const loginPage = (request: FastifyRequest, reply: FastifyReply, next: string, message?: string) =>
    html`<form method="post" action="/app/login" class="login">
  ${csrfField(csrfToken(request, reply))}
  ${message ? html`<p class="error" role="alert">${message}</p>` : ''}
  ${context.openMode ? html`<p>本机模式：未配置密钥，无需登录。</p>` : ''}
  <input type="hidden" name="next" value="${next}">
  <label for="key">API 密钥</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
  <button type="submit">登录</button>
  <p class="hint">使用管理员分配的密钥：上传角色（upload）可上传并查看队列，只读角色（read）可检索和比较。</p>
</form>`;
  web.get('/login', { schema: { hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as { next?: string }).next);
    if (context.openMode) return reply.redirect(next);
    return context.send(reply, request, { title: '登录', body: loginPage(request, reply, next) });
  });
  web.post('/login', { schema: { hide: true } }, async (request, reply) => {
    const { key = '', next } = (request.body ?? {}) as { key?: string; next?: string };
    const target = safeNext(next);
    if (context.openMode) return reply.redirect(target);
    if (!roleOf(keys, key))
      return context.send(reply.code(401), request, {
        title: '登录',
        body: loginPage(request, reply, target, '密钥无效，请重试。'),
      });
    reply.setCookie(KEY_COOKIE, key, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
    });
    return reply.redirect(target, 303);
  });
  web.post('/logout', { schema: { hide: true } }, async (_request, reply) =>
    reply.clearCookie(KEY_COOKIE, { path: '/' }).redirect('/app/login', 303),
  );
}

/**
 * Where a login may go on to: a path of this app or of the queue dashboards (where `requireRole`
 * sends a visitor without a key from), never another site. Browsers drop tabs and line breaks
 * from a URL (`/\t/evil.com` is `//evil.com`) and read `\` as `/`, so only printable URL
 * characters without `\` are accepted, after one of those prefixes and a `/`, `?` or `#` (so
 * `//evil.com` and `/apple` are refused). Such a path cannot leave this origin; the browser still
 * resolves its dot segments (`/app/../x` is `/x`), so the resolved path must match too. Anything
 * else goes to /app.
 */
function safeNext(next: string | undefined): string {
  if (!next || !NEXT_PATH.test(next) || next.includes('\\')) return '/app';
  return NEXT_PATH.test(new URL(next, 'http://policy-kb.invalid').pathname) ? next : '/app';
}

const NEXT_PATH = /^\/(?:app|admin\/queues|admin\/queues-admin)(?:[/?#][\x21-\x7e]*)?$/u;

const require = createRequire(import.meta.url);
const ASSET_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The app's own files in src/web/assets/ and htmx from node_modules, read once. */
function assetRoutes(web: ApiServer): void {
  const cache = new Map<string, Buffer>();
  const locate = (name: string): string | null => {
    if (name === 'htmx.min.js') return require.resolve('htmx.org/dist/htmx.min.js');
    return /^[a-z0-9-]+\.(css|js|svg)$/.test(name) ? packageFile(`src/web/assets/${name}`).pathname : null;
  };
  web.get('/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const path = locate(name);
    let bytes = cache.get(name);
    if (!bytes && path) {
      try {
        bytes = readFileSync(path);
        cache.set(name, bytes);
      } catch {
        bytes = undefined;
      }
    }
    if (!bytes) return reply.code(404).type('text/plain; charset=utf-8').send(HTTP_MESSAGES.noAsset(name));
    return reply
      .type(ASSET_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream')
      .header('cache-control', 'public, max-age=300')
      .send(bytes);
  });
}
