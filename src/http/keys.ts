import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API roles, each allowed what the ones before it are: `read` (legal office, other tools:
 * search, compare, read), `upload` (policy staff: upload, retry their jobs, watch the queues),
 * `admin` (operators: also act on the queues — pause, clean, add jobs in the queue dashboard).
 */
export type Role = 'read' | 'upload' | 'admin';

const RANK: Record<Role, number> = { read: 1, upload: 2, admin: 3 };

function isRole(name: string): name is Role {
  return Object.hasOwn(RANK, name);
}

export interface ApiKey {
  role: Role;
  secret: string;
  /** Who holds it, as the audit log names them: `upload/张三:<secret>`; else the role and a digest of the key. */
  name: string;
}

/**
 * Parses `POLICY_KB_KEYS` (`upload:<secret>,read:<secret>`, a holder's name optional:
 * `upload/张三:<secret>`); an unknown role is a configuration error.
 */
export function parseKeys(spec: string | undefined): ApiKey[] {
  if (!spec?.trim()) return [];
  return spec.split(',').map((entry) => {
    const [label, ...rest] = entry.trim().split(':');
    const secret = rest.join(':');
    const [role, ...named] = (label ?? '').split('/');
    if (role === undefined || !isRole(role) || secret.length < 8) {
      throw new Error(
        `POLICY_KB_KEYS: '${label}:…' must be read:<secret>, upload:<secret> or admin:<secret> (optionally upload/<name>:<secret>) with a secret of 8+ characters`,
      );
    }
    const name =
      named.join('/').trim() || `${role}·${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
    return { role, secret, name };
  });
}

/** The configured key a request presented (the highest role when a secret is listed twice), or null. */
export function keyOf(keys: ApiKey[], presented: string | undefined): ApiKey | null {
  if (!presented) return null;
  let found: ApiKey | null = null;
  const given = Buffer.from(presented);
  for (const key of keys) {
    const expected = Buffer.from(key.secret);
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    if (same && (found === null || RANK[key.role] > RANK[found.role])) found = key;
  }
  return found;
}

/** The role of a presented key, compared in constant time against every configured key. */
export function roleOf(keys: ApiKey[], presented: string | undefined): Role | null {
  return keyOf(keys, presented)?.role ?? null;
}

/** Whether a role may do what a request needs. */
export function allows(role: Role | null, needed: Role): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}
