import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_MESSAGES } from '../messages.ts';
import { type ApiKey, allows, keyOf, type Role, roleOf } from './keys.ts';
import { problem } from './problem.ts';
import type { Guard } from './types.ts';

/** The cookie the web app's login screen stores the key in (HttpOnly, SameSite=Strict). */
export const KEY_COOKIE = 'pkb_key';

/**
 * The key a request presents: `Authorization: Bearer <key>`, `x-api-key: <key>`, or the web
 * app's session cookie.
 */
export function presentedKey(request: FastifyRequest): string | undefined {
  const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, '');
  const header = request.headers['x-api-key'];
  return bearer ?? (Array.isArray(header) ? header[0] : header) ?? request.cookies?.[KEY_COOKIE];
}

/** Who made a request the guard let through, as the audit log names them. */
const actors = new WeakMap<FastifyRequest, string>();
/** Without keys (open local mode) requests come from this machine. */
export const LOCAL_ACTOR = '本机';

/** The holder of the key a guarded request presented (`LOCAL_ACTOR` in open local mode). */
export function actorOf(request: FastifyRequest): string {
  return actors.get(request) ?? LOCAL_ACTOR;
}

/** With no keys configured every request passes (open local mode, bound to 127.0.0.1). */
export function createGuard(keys: ApiKey[]): Guard {
  return (needed: Role) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (keys.length === 0) return;
    const presented = presentedKey(request);
    const key = keyOf(keys, presented);
    if (!allows(key?.role ?? null, needed))
      await (presented
        ? problem(reply, 403, HTTP_MESSAGES.keyNotAllowed(needed), 'forbidden')
        : problem(reply, 401, HTTP_MESSAGES.keyRequired(), 'unauthorized'));
    else if (key) actors.set(request, key.name);
  };
}

/**
 * What rate limits count by: a valid key (hashed; the secret is never kept as a map key), else
 * the client's IP, so made-up keys cannot dodge the limit.
 */
export function rateKey(keys: ApiKey[]) {
  return (request: FastifyRequest): string => {
    const key = presentedKey(request);
    if (key && roleOf(keys, key)) return `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    return `ip:${request.ip}`;
  };
}
