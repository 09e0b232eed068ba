import { Redis } from 'ioredis';

/** How queue code reaches Redis: an existing client, or a URL to open one from. */
export interface QueueConnectionOptions {
  /**
   * A shared ioredis client (must have `maxRetriesPerRequest: null`). Left open on close: its
   * owner closes it. BullMQ duplicates it for the workers' blocking connections.
   */
  connection?: Redis;
  /** Opens (and on close, quits) a client of its own when no `connection` is given. */
  redisUrl?: string;
  /**
   * Prefix of the queue names: `<prefix>-heavy` and `<prefix>-light`; also the Redis client name
   * (`CLIENT LIST`). @defaultValue 'policy-kb'
   */
  prefix?: string;
}

export const DEFAULT_QUEUE_PREFIX = 'policy-kb';

/**
 * The client to use and whether this caller owns it. BullMQ's ESM build cannot load ioredis
 * from plain connection options, so a client instance is always passed; it reconnects by itself
 * (retrying forever with `maxRetriesPerRequest: null`, which BullMQ requires).
 */
export function openConnection(options: QueueConnectionOptions): { client: Redis; owned: boolean } {
  if (options.connection) return { client: options.connection, owned: false };
  if (!options.redisUrl) throw new Error('the BullMQ runner needs a Redis connection or REDIS_URL');
  const client = new Redis(options.redisUrl, {
    maxRetriesPerRequest: null,
    connectionName: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    retryStrategy: (times) => Math.min(200 * times, 5_000),
  });
  // ioredis retries on its own; the listener keeps connection errors from being reported as unhandled.
  client.on('error', () => {});
  return { client, owned: true };
}

/** Quits a client this caller opened (falls back to a hard disconnect when Redis is gone). */
export async function closeConnection({ client, owned }: { client: Redis; owned: boolean }): Promise<void> {
  if (!owned || client.status === 'end') return;
  await client.quit().catch(() => client.disconnect());
}

/**
 * A client for checks and bookkeeping that rejects at once, naming `purpose`, when Redis is not
 * there (no endless reconnecting): tests and benchmarks fail instead of hanging or skipping.
 */
export async function connectOnce(redisUrl: string, purpose: string): Promise<Redis> {
  const client = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`${purpose} needs Redis at ${redisUrl}: ${(error as Error).message}`);
  }
  return client;
}
