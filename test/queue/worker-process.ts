// A worker process as `policy-kb worker` runs it, for the tests that kill or signal one.
// Usage: node --import tsx test/queue/worker-process.ts <queue prefix> <lockDuration> <stalledInterval>
// (REDIS_URL, POLICY_KB_DATA and POLICY_KB_STAGE_DELAY_MS come from the environment).
import { loadConfig } from '../../src/config.ts';
import { runWorkersUntilSignal } from '../../src/queue/workers.ts';

const [prefix, lockDuration, stalledInterval] = process.argv.slice(2);
const config = loadConfig();
const signal = await runWorkersUntilSignal({
  redisUrl: config.REDIS_URL,
  prefix,
  storeConfig: config,
  concurrency: 2,
  lockDuration: Number(lockDuration),
  stalledInterval: Number(stalledInterval),
});
process.stderr.write(`stopped on ${signal}\n`);
