import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiKey, allows, type Role, roleOf } from './keys.ts';
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

/** With no keys configured every request passes (open local mode, bound to 127.0.0.1). */
export function createGuard(keys: ApiKey[]): Guard {
  return (needed: Role) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (keys.length === 0) return;
    const key = presentedKey(request);
    if (!allows(roleOf(keys, key), needed))
      await problem(reply, key ? 403 : 401, key ? 'this key may not do that' : 'an API key is required');
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
