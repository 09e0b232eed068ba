import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOCAL_ACTOR, presentedKey } from '../http/auth.ts';
import { csrfToken } from '../http/browser-guard.ts';
import { type ApiKey, allows, keyOf, type Role, roleOf } from '../http/keys.ts';
import type { ApiServer } from '../http/types.ts';
import { HTTP_MESSAGES, ROLE_NAMES } from '../messages.ts';
import type { App } from '../pipeline/app.ts';
import { html, type SafeHtml } from './html.ts';
import { type PageOptions, page } from './layout.ts';

/** What every page module gets: the server (routes under /app), the wired app and the session helpers. */
export interface WebContext {
  /** The Fastify scope of the web app; routes registered on it start with `/app`. */
  web: ApiServer;
  app: App;
  /** Without configured keys everyone is `admin` (open local mode, bound to 127.0.0.1: the operator). */
  openMode: boolean;
  /** The role of the request's key (header or the login cookie), or null. */
  roleOf(request: FastifyRequest): Role | null;
  /** Who the request's key belongs to, as the audit log names them (本机 in open mode). */
  actorOf(request: FastifyRequest): string;
  /** preHandler for a page: no key → the login screen; a key without the role → a 403 page. */
  requireRole(role: Role): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Sends a whole page (layout, navigation for the request's role). */
  send(
    reply: FastifyReply,
    request: FastifyRequest,
    options: Omit<PageOptions, 'role' | 'openMode'>,
  ): FastifyReply;
}

export function createWebContext(web: ApiServer, app: App, keys: ApiKey[]): WebContext {
  const openMode = keys.length === 0;
  const roleFor = (request: FastifyRequest): Role | null =>
    openMode ? 'admin' : roleOf(keys, presentedKey(request));
  const context: WebContext = {
    web,
    app,
    openMode,
    roleOf: roleFor,
    actorOf: (request) => keyOf(keys, presentedKey(request))?.name ?? LOCAL_ACTOR,
    requireRole: (needed) => async (request, reply) => {
      const role = roleFor(request);
      if (!role) {
        await reply.redirect(`/app/login?next=${encodeURIComponent(request.url)}`);
        return;
      }
      if (!allows(role, needed))
        await errorPage(context, request, reply, 403, `此页面需要${ROLE_NAMES[needed]}的密钥。`);
    },
    send: (reply, request, options) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(page({ ...options, role: roleFor(request), openMode, csrf: csrfToken(request, reply) }).value),
  };
  return context;
}

/** A page for an error: its status, a plain message, never a stack trace. */
export function errorPage(
  context: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  const title = HTTP_MESSAGES.pageTitle(status);
  return context.send(reply.code(status), request, {
    title,
    body: html`<p class="error" role="alert">${message}</p><p><a href="/app">返回首页</a></p>`,
  });
}

/** A fragment (for htmx swaps) rather than a whole page. */
export function sendFragment(reply: FastifyReply, fragment: SafeHtml): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(fragment.value);
}
