import { timingSafeEqual } from 'node:crypto';

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
}

/** Parses `POLICY_KB_KEYS` (`upload:<secret>,read:<secret>`); an unknown role is a configuration error. */
export function parseKeys(spec: string | undefined): ApiKey[] {
  if (!spec?.trim()) return [];
  return spec.split(',').map((entry) => {
    const [role, ...rest] = entry.trim().split(':');
    const secret = rest.join(':');
    if (role === undefined || !isRole(role) || secret.length < 8) {
      throw new Error(
        `POLICY_KB_KEYS: '${role}:…' must be read:<secret>, upload:<secret> or admin:<secret> with a secret of 8+ characters`,
      );
    }
    return { role, secret };
  });
}

/** The role of a presented key, compared in constant time against every configured key. */
export function roleOf(keys: ApiKey[], presented: string | undefined): Role | null {
  if (!presented) return null;
  let found: Role | null = null;
  const given = Buffer.from(presented);
  for (const key of keys) {
    const expected = Buffer.from(key.secret);
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    if (same && (found === null || RANK[key.role] > RANK[found])) found = key.role;
  }
  return found;
}

/** Whether a role may do what a request needs. */
export function allows(role: Role | null, needed: Role): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}
