import { resolve } from 'node:path';
import { z } from 'zod';

/** Every setting the program reads from the environment; the only reader of process.env. */
export const Config = z.object({
  /** HTTP port of `policy-kb serve` / `npm start`. @defaultValue 8080 */
  PORT: z.coerce.number().int().positive().default(8080),
  /** Directory of the embedded store and index. @defaultValue ./data */
  POLICY_KB_DATA: z.string().default('./data'),
  /** Switches ingestion to BullMQ workers when set. */
  REDIS_URL: z.string().optional(),
  /** Switches the store of record to PostgreSQL (schema `policy_kb`) when set, e.g. `postgres://user@host/db`. */
  DATABASE_URL: z.string().optional(),
  /** Switches the search index to Meilisearch when set. */
  MEILI_HOST: z.string().optional(),
  MEILI_API_KEY: z.string().optional(),
  /** The Meilisearch index uid. @defaultValue policy_kb */
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('policy_kb'),
  /** API keys with roles: `upload:<secret>,read:<secret>`. */
  POLICY_KB_KEYS: z.string().optional(),
  /**
   * Origins (comma-separated) whose web pages may call the API (CORS), e.g.
   * `https://legal.example.gov.cn`, or `*`. Unset: no CORS headers, same-origin only.
   */
  POLICY_KB_CORS_ORIGINS: z.string().optional(),
  /** Requests per minute per API key (per IP without a valid key); 0 turns the limit off. @defaultValue 600 */
  POLICY_KB_RATE_LIMIT: z.coerce.number().int().nonnegative().default(600),
  /**
   * Wall time, in seconds, that parsing one upload may take in the embedded runner's parse
   * thread before it is stopped and the job fails (文件过大或过于复杂). @defaultValue 120
   */
  POLICY_KB_PARSE_TIMEOUT_S: z.coerce.number().positive().default(120),
  /** Heap of the parse thread, in MB: a file that needs more fails, the server lives. @defaultValue 1024 */
  POLICY_KB_PARSE_HEAP_MB: z.coerce.number().int().min(64).default(1024),
  /** The gold file `npm run eval` scores against. @defaultValue ../shared/gold/seeds.json */
  POLICY_KB_GOLD: z.string().default('../shared/gold/seeds.json'),
  /**
   * Fault-injection knob for tests and demos: every queued ingest stage sleeps this long before it
   * runs, so a worker can be killed mid-job. Leave at 0 in production. @defaultValue 0
   */
  POLICY_KB_STAGE_DELAY_MS: z.coerce.number().int().nonnegative().default(0),
  /**
   * Fault-injection knob for `npm run load` and the outage tests: while a file exists at this path,
   * every call to the search index fails with IndexUnavailableError, as if Meilisearch were down.
   * Leave unset in production.
   */
  POLICY_KB_INDEX_FAULT_FILE: z.string().optional(),
  /** Print stack traces of internal errors. */
  POLICY_KB_DEBUG: z.stringbool().default(false),
});
export type Config = z.infer<typeof Config>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = Config.parse(env);
  return {
    ...config,
    POLICY_KB_DATA: resolve(config.POLICY_KB_DATA),
    POLICY_KB_GOLD: resolve(config.POLICY_KB_GOLD),
  };
}
