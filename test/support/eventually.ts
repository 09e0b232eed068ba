import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves with `probe()`'s value once `predicate` holds for it, probing every 100 ms; rejects
 * after `timeoutMs`, naming `what` is awaited (when given) and the last value probed.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 20_000,
  what?: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline) {
      const last = `last value ${JSON.stringify(value)}`;
      throw new Error(
        what
          ? `timed out waiting for: ${what} (${timeoutMs} ms; ${last})`
          : `condition not met in ${timeoutMs} ms; ${last}`,
      );
    }
    await sleep(100);
  }
}
