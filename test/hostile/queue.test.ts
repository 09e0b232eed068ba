import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { connectRedis, removeTempDirs } from '../queue/helpers.ts';
import { startPipeline, type TestPipeline } from '../queue/pipeline.ts';
import { expectBatchSurvived } from './batch.ts';
import { NOTICE_TEXT } from './notices.ts';

/**
 * The hostile corpus through BullMQ with real workers (Redis at 127.0.0.1:6379, a unique queue
 * prefix): each bad file fails its job without taking the worker down, and the good seed
 * submitted after the batch completes.
 */

let redis: Redis;
let pipeline: TestPipeline;
beforeAll(async () => {
  redis = await connectRedis();
  pipeline = await startPipeline(redis, { workers: 1, runner: { attempts: 2, backoffMs: 50 } });
});
afterAll(async () => {
  await pipeline?.close();
  redis?.disconnect();
  removeTempDirs();
});

describe('hostile batch through BullMQ workers', () => {
  it('fails each bad file with its reason, keeps every original, and still serves the next job', {
    timeout: 300_000,
  }, async () => {
    const views = await expectBatchSurvived(pipeline, 60_000);
    // Bad input is not retried: one attempt each, although two are allowed.
    expect(views.filter((view) => view.state === 'failed').every((view) => view.attempts === 1)).toBe(true);
    expect((await pipeline.runner.counts()).active ?? 0).toBe(0);
  });

  it('10 racing submits of the same bytes make one flow and one notice', { timeout: 240_000 }, async () => {
    const bytes = Buffer.from(`${NOTICE_TEXT}备注：队列并发\n`);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submitUpload(pipeline, bytes, `copy-${i}.txt`)),
    );
    expect(new Set(results.map((r) => r.jobId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const view = await pipeline.runner.wait(results[0]?.jobId as string, { timeoutMs: 30_000 });
    expect(view.state).toBe('completed');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // recorded once, as a version's file or as a rendition of an earlier notice with the same content
    const files = (await pipeline.store.listNotices()).flatMap((r) => r.renditions);
    expect(files.filter((r) => r.sha256 === sha256)).toHaveLength(1);
  });
});
