import { parseArgs } from 'node:util';
import { runWorkersUntilSignal } from '../../queue/workers.ts';
import type { Command } from '../io.ts';
import { SPECS, UsageError } from '../specs.ts';

/** `policy-kb worker [--concurrency N]`: runs the BullMQ stage workers until SIGTERM/SIGINT. */
export const workerCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({ args, options: SPECS.worker.options });
  const config = context.config;
  if (!config.REDIS_URL) {
    io.stderr('policy-kb worker: set REDIS_URL (without it, ingest runs the stages in its own process)\n');
    return 1;
  }
  const concurrency = Number.parseInt(values.concurrency ?? '2', 10);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError('worker', '--concurrency 须是正整数');
  }
  io.stderr(`policy-kb worker: ${concurrency} per queue on ${config.REDIS_URL}\n`);
  // After a Redis restart the first worker queues again the stored uploads whose jobs were lost.
  await runWorkersUntilSignal({
    redisUrl: config.REDIS_URL,
    concurrency,
    storeConfig: config,
    recoverAfterRestartMs: 10_000,
  });
  return 0;
};
