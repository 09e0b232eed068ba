import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { problem } from './problem.ts';
import type { ApiServer } from './types.ts';

/**
 * What keeps a page of another site from acting with the user's session (CSRF), and pages from
 * being framed or sniffed. Three defences, for every state-changing request a browser sends:
 *
 * 1. **Same origin.** A request from a page of another origin (`Sec-Fetch-Site` other than
 *    `same-origin` / `none`, else an `Origin` that is not this server's) is refused — unless it
 *    carries its own key in a header and its origin is one CORS allows (another tool's page).
 *    Another port of the same host is another origin. This holds in open local mode too.
 * 2. **A token.** A same-origin browser request that relies on the session cookie (or on open
 *    mode) must also send the per-browser token (`x-csrf-token` header, or the `csrf` field of
 *    a form), equal to the `pkb_csrf` cookie (double submit). Pages render it into their forms
 *    and a `<meta name="csrf-token">` for scripts.
 * 3. **Headers.** Every response: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
 *    same-origin`; HTML also `X-Frame-Options: DENY` and a Content-Security-Policy without
 *    inline scripts (the queue dashboard's inline styles allowed on its own path only).
 *
 * Requests without `Origin` and `Sec-Fetch-Site` do not come from a browser page (the CLI,
 * other tools with their key): there is no session to forge, and nothing more is asked.
 */
export const CSRF_COOKIE = 'pkb_csrf';
export const CSRF_FIELD = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Tokens issued in this request (the cookie is set on the response, not yet readable). */
const issued = new WeakMap<FastifyRequest, string>();

export function registerBrowserGuard(server: ApiServer, corsOrigins: string[]): void {
  server.addHook('onRequest', async (request, reply) => {
    if (request.cookies?.[CSRF_COOKIE]) return;
    const token = randomBytes(24).toString('base64url');
    issued.set(request, token);
    reply.setCookie(CSRF_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
    });
  });
  server.addHook('preHandler', async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const refusal = refuse(request, corsOrigins);
    if (refusal) await problem(reply, 403, refusal);
  });
  server.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('x-frame-options', 'DENY');
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/app')) reply.header('content-security-policy', APP_CSP);
      else if (path.startsWith('/admin')) reply.header('content-security-policy', DASHBOARD_CSP);
    }
    return payload;
  });
}

/** The token of this browser, to render into forms and the page's meta tag. */
export function csrfToken(request: FastifyRequest): string {
  return issued.get(request) ?? request.cookies?.[CSRF_COOKIE] ?? '';
}

/** Why a state-changing request is refused, or null when it may go on. */
function refuse(request: FastifyRequest, corsOrigins: string[]): string | null {
  const site = header(request, 'sec-fetch-site');
  const origin = header(request, 'origin');
  if (site === undefined && origin === undefined) return null;
  const ownKey = header(request, 'authorization') !== undefined || header(request, 'x-api-key') !== undefined;
  const sameOrigin =
    site !== undefined ? site === 'same-origin' || site === 'none' : origin === ownOrigin(request);
  if (!sameOrigin) {
    const allowed = origin !== undefined && (corsOrigins.includes('*') || corsOrigins.includes(origin));
    return ownKey && allowed ? null : 'cross-site request refused: a page of another origin may not act here';
  }
  if (ownKey) return null;
  const expected = request.cookies?.[CSRF_COOKIE];
  const body = request.body as Record<string, unknown> | undefined;
  const given =
    header(request, CSRF_HEADER) ?? (typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined);
  return expected && given && same(expected, given as string)
    ? null
    : 'missing or wrong CSRF token: reload the page and try again';
}

function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? ''}`;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function same(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
