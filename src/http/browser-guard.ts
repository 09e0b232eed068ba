import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * 2. **A token, for what a form could send.** A same-origin POST that another site's page could
 *    also send without a CORS preflight (no content type, or a form's: urlencoded, multipart,
 *    text/plain) and that relies on the session cookie (or on open mode) must also carry the
 *    per-browser token (`x-csrf-token` header, or the `csrf` field of a form), equal to the
 *    `pkb_csrf` cookie (double submit). PUT, PATCH, DELETE and JSON POSTs (the queue dashboard's
 *    actions) need a preflight, which no other origin passes: for them the same-origin check is
 *    the defence. Pages render the token into their forms and a `<meta name="csrf-token">` for
 *    scripts; the cookie is set by the first page that renders one.
 * 3. **Headers.** Every response: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
 *    same-origin`; HTML also `X-Frame-Options: DENY` and a Content-Security-Policy without
 *    inline scripts (the queue dashboard's inline styles allowed on its own path only).
 *
 * Requests without `Origin` and `Sec-Fetch-Site` do not come from a browser page (the CLI,
 * other tools with their key): there is no session to forge, and nothing more is asked.
 * Refusals are read by people (only browsers are refused): Chinese `detail`, English `code`.
 */
const CSRF_COOKIE = 'pkb_csrf';
/** The form field that carries the token (see `csrfField` in src/web/layout.ts). */
export const CSRF_FIELD = 'csrf';
const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The content types a cross-site form or no-cors fetch may POST without a preflight ('' for none). */
const FORM_TYPES = new Set(['', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Host names a browser uses for this machine (DNS rebinding gives any other name this address). */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Why a request is refused: the stable code for programs, the sentence for the person. */
const REFUSALS = {
  'cross-site': '请求来自其他网站，已拒绝。',
  'csrf-token': '缺少或错误的 CSRF 令牌，请刷新页面后重试。',
  'host-not-local': '本机模式只接受以 localhost、127.0.0.1 或 [::1] 访问的请求，已拒绝。',
} as const;
type Refusal = keyof typeof REFUSALS;

/** Tokens issued in this request (the cookie is set on the response, not yet readable). */
const issued = new WeakMap<FastifyRequest, string>();

export function registerBrowserGuard(server: ApiServer, corsOrigins: string[]): void {
  server.addHook('preHandler', async (request, reply) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const refusal = refuse(request, corsOrigins);
    if (refusal) return problem(reply, 403, REFUSALS[refusal], refusal);
  });
  server.addHook('onSend', async (request, reply, payload) => {
    securityHeaders(request, reply);
    return payload;
  });
}

/**
 * The headers of every response (set by the onSend hook; called directly by answers that bypass
 * the hooks, such as Fastify's `frameworkErrors`). Call it after the content type is set.
 */
export function securityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
  const type = String(reply.getHeader('content-type') ?? '');
  if (type.startsWith('text/html')) {
    reply.header('x-frame-options', 'DENY');
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/app')) reply.header('content-security-policy', APP_CSP);
    else if (path.startsWith('/admin')) reply.header('content-security-policy', DASHBOARD_CSP);
  }
}

/**
 * Open local mode (no keys: whoever reaches the server is admin) serves this machine only. The
 * server listens on 127.0.0.1, but a site whose name is made to resolve to 127.0.0.1 (DNS
 * rebinding) would reach it from the user's browser as its own origin; its requests carry its
 * own name in `Host`, so every request whose host is not a local name is refused. Register it
 * before any other plugin, so it applies to every route.
 */
export function registerLocalHostOnly(server: ApiServer): void {
  server.addHook('onRequest', async (request, reply) => {
    if (!LOCAL_HOSTS.has(hostName(request.headers.host))) {
      return problem(reply, 403, REFUSALS['host-not-local'], 'host-not-local');
    }
  });
}

/**
 * The token of this browser, to render into forms and the page's meta tag: the `pkb_csrf`
 * cookie, set on this reply when the browser has none yet.
 */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const known = issued.get(request) ?? request.cookies?.[CSRF_COOKIE];
  if (known) return known;
  const token = randomBytes(24).toString('base64url');
  issued.set(request, token);
  reply.setCookie(CSRF_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
  return token;
}

/** Why a state-changing request is refused, or null when it may go on. */
function refuse(request: FastifyRequest, corsOrigins: string[]): Refusal | null {
  const site = header(request, 'sec-fetch-site');
  const origin = header(request, 'origin');
  if (site === undefined && origin === undefined) return null;
  const ownKey = header(request, 'authorization') !== undefined || header(request, 'x-api-key') !== undefined;
  const sameOrigin =
    site !== undefined ? site === 'same-origin' || site === 'none' : origin === ownOrigin(request);
  if (!sameOrigin) {
    const allowed = origin !== undefined && (corsOrigins.includes('*') || corsOrigins.includes(origin));
    return ownKey && allowed ? null : 'cross-site';
  }
  if (ownKey || !formLike(request)) return null;
  const expected = request.cookies?.[CSRF_COOKIE];
  const body = request.body as Record<string, unknown> | undefined;
  const given =
    header(request, CSRF_HEADER) ?? (typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined);
  return expected && given && same(expected, given as string) ? null : 'csrf-token';
}

/** A POST another site's page could send without a preflight (a form, a no-cors fetch). */
function formLike(request: FastifyRequest): boolean {
  if (request.method !== 'POST') return false;
  const type = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return FORM_TYPES.has(type);
}

/** The host name of a `Host` header, without its port (`[::1]:8080` → `[::1]`), lower case. */
function hostName(host: string | undefined): string {
  const value = (host ?? '').trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  const colons = value.split(':').length - 1;
  return colons === 1 ? (value.split(':')[0] ?? '') : value;
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
