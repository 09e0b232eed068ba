import type { FlowJob } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { INGEST_PIPELINE } from '../../pipelines/ingest.ts';
import type { JobProgress } from '../../schemas/job.ts';
import type { IngestState } from '../../src/pipeline/stages.ts';
import { buildIngestFlow, isRootJobId, queueNames } from '../../src/queue/flow.ts';
import { processStage, type StageJob } from '../../src/queue/stage-processor.ts';
import type { NoticeStore } from '../../src/store/types.ts';

const SHA = 'ab'.repeat(32);
const UPLOAD = { sha256: SHA, fileName: 'notice.pdf' };

describe('buildIngestFlow', () => {
  it('chains the declared stages: the last is the root, each earlier one the single child of the next', () => {
    const chain: FlowJob[] = [];
    for (let node: FlowJob | undefined = buildIngestFlow(UPLOAD, { prefix: 'p' }); node; ) {
      chain.push(node);
      expect(node.children?.length ?? 0).toBeLessThanOrEqual(1);
      node = node.children?.[0] as FlowJob | undefined;
    }
    expect(chain.map((job) => job.name).reverse()).toEqual(INGEST_PIPELINE.map((stage) => stage.name));
    expect(chain.map((job) => [job.name, job.queueName, job.opts?.jobId])).toEqual([
      ['compare-refresh', 'p-light', `ingest-${SHA}`],
      ['index', 'p-light', `index-${SHA}`],
      ['store', 'p-light', `store-${SHA}`],
      ['normalize', 'p-light', `normalize-${SHA}`],
      ['extract', 'p-heavy', `extract-${SHA}`],
      ['read', 'p-heavy', `read-${SHA}`],
    ]);
    const [root, ...children] = chain;
    expect(root?.opts?.failParentOnFailure).toBeUndefined();
    for (const child of children) expect(child.opts?.failParentOnFailure).toBe(true);
    for (const job of chain) {
      expect(job.data).toEqual({ ...UPLOAD, priorAttempts: 0 });
      // The index stage retries longer: it rides out an index outage of about two minutes.
      const attempts = job.name === 'index' ? 8 : 3;
      expect(job.opts).toMatchObject({ attempts, backoff: { type: 'exponential', delay: 1000 } });
      expect(job.opts?.removeOnFail).toMatchObject({ age: expect.any(Number), count: expect.any(Number) });
    }
    // Completed roots are kept long (a week); light stage jobs, which share the roots' queue, are
    // removed as they complete: an age or count of theirs would trim the roots from the set.
    expect(chain.map((job) => [job.name, job.opts?.removeOnComplete])).toEqual([
      ['compare-refresh', { age: 7 * 24 * 3600, count: 10_000 }],
      ['index', true],
      ['store', true],
      ['normalize', true],
      ['extract', { age: 3600, count: 200 }],
      ['read', { age: 3600, count: 200 }],
    ]);
  });

  it('takes attempts, backoff and earlier attempts as options; names queues by prefix', () => {
    const root = buildIngestFlow(UPLOAD, { attempts: 5, backoffMs: 10, priorAttempts: 2 });
    expect(root.queueName).toBe('policy-kb-light');
    expect(root.opts).toMatchObject({ attempts: 5, backoff: { delay: 10 } });
    expect(root.data).toMatchObject({ priorAttempts: 2 });
    expect(queueNames('x')).toEqual({ heavy: 'x-heavy', light: 'x-light' });
    expect([
      isRootJobId(`ingest-${SHA}`),
      isRootJobId(`read-${SHA}`),
      isRootJobId('ingest-'),
      isRootJobId(undefined),
    ]).toEqual([true, false, false, false]);
  });
});

describe('processStage', () => {
  const store = {} as NoticeStore;
  const fakeJob = (name: string, children: Record<string, unknown> = {}) => {
    const progress: JobProgress[] = [];
    const job: StageJob = {
      name,
      data: UPLOAD,
      getChildrenValues: async () => children,
      updateProgress: async (value) => void progress.push(value),
      updateData: async (data) => {
        job.data = data;
      },
    };
    return { job, progress };
  };

  it('runs the first stage on the upload and reports progress', async () => {
    const { job, progress } = fakeJob('read');
    const reading = processStage(job, { store: { getOriginal: async () => null } as unknown as NoticeStore });
    await expect(reading).rejects.toThrow(`notice.pdf: original ${SHA} of notice.pdf is not in the store`);
    expect(progress).toEqual([{ stage: 'read', done: [], total: INGEST_PIPELINE.length }]);
  });

  it('feeds a later stage its child’s result', async () => {
    const previous: IngestState = { ...UPLOAD };
    const { job, progress } = fakeJob('normalize', { 'bull:p-heavy:extract-x': previous });
    await expect(processStage(job, { store })).rejects.toThrow(
      'notice.pdf: stage input is missing its notice',
    );
    expect(progress).toEqual([
      { stage: 'normalize', done: ['read', 'extract'], total: INGEST_PIPELINE.length },
    ]);
  });

  it('fails bad input at once (UnrecoverableError) and internal errors retryably, on one line', async () => {
    const bad = {
      getOriginal: async () => new Uint8Array([0xff, 0, 1, 2, 0, 0, 3]),
    } as unknown as NoticeStore;
    const badJob = fakeJob('read').job;
    const failure = await processStage(badJob, { store: bad }).catch((error: Error) => error);
    expect(failure).toMatchObject({ name: 'UnrecoverableError' });
    expect((failure as Error).message).toMatch(/^notice\.pdf: /);
    expect(badJob.data).toMatchObject({ failure: 'input' });
    const broken = {
      getOriginal: async () => Promise.reject(new Error('disk\nfull')),
    } as unknown as NoticeStore;
    const brokenJob = fakeJob('read').job;
    await expect(processStage(brokenJob, { store: broken })).rejects.toThrow(/^notice\.pdf: disk full$/);
    expect(brokenJob.data).not.toHaveProperty('failure');
    await expect(processStage(fakeJob('publish').job, { store })).rejects.toThrow(
      "no ingest stage is named 'publish'",
    );
  });
});
