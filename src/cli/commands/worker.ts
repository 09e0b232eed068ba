import { parseArgs } from 'node:util';
import { runWorkersUntilSignal } from '../../queue/workers.ts';
import type { Command } from '../io.ts';
import { SPECS, UsageError } from '../specs.ts';

/** `policy-kb worker [--concurrency N]`: runs the BullMQ stage workers until SIGTERM/SIGINT. */
export const workerCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({ args, options: SPECS.worker.options });
  const config = context.config;
  if (!config.REDIS_URL) {
    throw new UsageError('worker', '请设置 REDIS_URL（不设置时，ingest 在本进程内运行各步骤）');
  }
  const concurrency = Number.parseInt(values.concurrency ?? '2', 10);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError('worker', '--concurrency 须是正整数');
  }
  io.stderr(`policy-kb worker：每个队列同时处理 ${concurrency} 个任务，Redis：${config.REDIS_URL}\n`);
  // After a Redis restart the first worker queues again the stored uploads whose jobs were lost.
  await runWorkersUntilSignal({
    redisUrl: config.REDIS_URL,
    concurrency,
    storeConfig: config,
    recoverAfterRestartMs: 10_000,
  });
  return 0;
};
