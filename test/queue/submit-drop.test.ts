import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqRunner } from '../../src/queue/bullmq-runner.ts';
import { connectRedis, dropConnections, obliterate, REDIS_URL, uniquePrefix } from './helpers.ts';

let redis: Redis;
const prefix = uniquePrefix();
beforeAll(async () => {
  redis = await connectRedis();
});
afterAll(async () => {
  await obliterate(redis, prefix);
  redis?.disconnect();
});

// 30 drops under 40 submitting clients: without the resend, about every other run catches a
// transaction cut off midway (ioredis rejects it instead of resending it).
describe('BullMQ runner: submits while the connection drops', () => {
  it('a submit whose transaction the connection cut off is sent again: every submit resolves, once', async () => {
    const runner = await createBullmqRunner({ redisUrl: REDIS_URL, prefix });
    const submitted: string[] = [];
    const errors: string[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        const sha256 = createHash('sha256').update(randomBytes(16)).digest('hex');
        await runner.submit({ sha256, fileName: 'x.txt' }).then(
          ({ jobId, duplicate }) => submitted.push(`${jobId}${duplicate ? ' duplicate' : ''}`),
          (error: Error) => errors.push(error.message),
        );
      }
    };
    const clients = Array.from({ length: 40 }, client);
    for (let drop = 0; drop < 30; drop++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await dropConnections(redis, prefix);
    }
    stop = true;
    await Promise.all(clients);
    expect(errors).toEqual([]);
    expect(submitted.filter((line) => line.endsWith('duplicate'))).toEqual([]);
    for (const jobId of submitted.slice(-50)) expect(await runner.getJob(jobId), jobId).not.toBeNull();
    await runner.close();
  }, 240_000);
});
