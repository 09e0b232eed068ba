import type { FlowJob } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { INGEST_PIPELINE } from '../../pipelines/ingest.ts';
import type { JobProgress } from '../../schemas/job.ts';
import { extractFile } from '../../src/extract/from-file.ts';
import type { IngestState } from '../../src/pipeline/stages.ts';
import { buildIngestFlow, ingestSteps, isRootJobId, queueNames, stageJobId } from '../../src/queue/flow.ts';
import { processStage, type StageJob } from '../../src/queue/stage-processor.ts';
import type { NoticeStore } from '../../src/store/types.ts';

const SHA = 'ab'.repeat(32);
const UPLOAD = { sha256: SHA, fileName: 'notice.pdf' };

describe('buildIngestFlow', () => {
  it('groups the declared stages into steps of one kind and chains them: the last is the root', () => {
    expect(ingestSteps()).toEqual([
      { name: 'read', heavy: true, stages: ['read', 'extract'] },
      { name: 'normalize', heavy: false, stages: ['normalize', 'store', 'index', 'compare-refresh'] },
    ]);
    expect(ingestSteps().flatMap((step) => step.stages)).toEqual(INGEST_PIPELINE.map((stage) => stage.name));
    const chain: FlowJob[] = [];
    for (let node: FlowJob | undefined = buildIngestFlow(UPLOAD, { prefix: 'p' }); node; ) {
      chain.push(node);
      expect(node.children?.length ?? 0).toBeLessThanOrEqual(1);
      node = node.children?.[0] as FlowJob | undefined;
    }
    expect(chain.map((job) => [job.name, job.queueName, job.opts?.jobId])).toEqual([
      ['normalize', 'p-light', `ingest-${SHA}`],
      ['read', 'p-heavy', `read-${SHA}`],
    ]);
    expect([stageJobId('extract', SHA), stageJobId('index', SHA)]).toEqual([`read-${SHA}`, `ingest-${SHA}`]);
    const [root, ...children] = chain;
    expect(root?.opts?.failParentOnFailure).toBeUndefined();
    for (const child of children) expect(child.opts?.failParentOnFailure).toBe(true);
    for (const job of chain) {
      expect(job.data).toEqual({ ...UPLOAD, priorAttempts: 0 });
      expect(job.opts?.backoff).toEqual({ type: 'exponential', delay: 1000 });
      expect(job.opts?.removeOnFail).toMatchObject({ age: expect.any(Number), count: expect.any(Number) });
    }
    // The step holding the index stage retries longer: it rides out an index outage of about two minutes.
    expect(chain.map((job) => job.opts?.attempts)).toEqual([8, 3]);
    // Completed roots are kept long (a week); heavy step jobs an hour.
    expect(chain.map((job) => job.opts?.removeOnComplete)).toEqual([
      { age: 7 * 24 * 3600, count: 10_000 },
      { age: 3600, count: 200 },
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

  /** The heavy step's result for a real seed: what the light step starts from. */
  const extractedUpload = async (): Promise<IngestState> => ({
    ...UPLOAD,
    notice: await extractFile('seeds/003_2a9d65f420513247.txt'),
  });

  it('runs the first step on the upload and reports progress', async () => {
    const { job, progress } = fakeJob('read');
    const reading = processStage(job, { store: { getOriginal: async () => null } as unknown as NoticeStore });
    await expect(reading).rejects.toThrow(`notice.pdf: original ${SHA} of notice.pdf is not in the store`);
    expect(progress).toEqual([{ stage: 'read', done: [], total: INGEST_PIPELINE.length }]);
  });

  it('feeds a later step its child’s result and runs its stages in order, each as progress', async () => {
    const previous = await extractedUpload();
    const { job, progress } = fakeJob('normalize', { 'bull:p-heavy:read-x': previous });
    const saved: string[] = [];
    const store = {
      listEntries: async () => [],
      saveNotice: async (input: { catalogueKey: string }) => {
        saved.push(input.catalogueKey);
        throw new Error('database\ngone');
      },
    } as unknown as NoticeStore;
    await expect(processStage(job, { store }, { progressEveryMs: 0 })).rejects.toThrow(
      /^notice\.pdf: database gone$/,
    );
    expect(saved).toHaveLength(1);
    expect(progress).toEqual([
      { stage: 'normalize', done: ['read', 'extract'], total: INGEST_PIPELINE.length },
      { stage: 'store', done: ['read', 'extract', 'normalize'], total: INGEST_PIPELINE.length },
    ]);
  });

  it('reports a quick later stage of a step only when it is still running after the interval', async () => {
    const previous = await extractedUpload();
    const storeProgress = (progress: JobProgress[]) => progress.filter((p) => p.stage === 'store').length;
    // a store that answers at once: normalize is reported, store is not (it ends within the interval)
    const quick = fakeJob('normalize', { 'bull:p-heavy:read-x': previous });
    const failing = {
      listEntries: async () => [],
      saveNotice: async () => Promise.reject(new Error('database gone')),
    } as unknown as NoticeStore;
    await expect(processStage(quick.job, { store: failing }, { progressEveryMs: 60_000 })).rejects.toThrow(
      'database gone',
    );
    expect(quick.progress.map((p) => p.stage)).toEqual(['normalize']);
    // a store that waits until its stage has been reported: the timer reports it while it runs
    const slow = fakeJob('normalize', { 'bull:p-heavy:read-x': previous });
    const reported = new Promise<void>((resolve) => {
      const push = slow.job.updateProgress;
      slow.job.updateProgress = async (value) => {
        await push(value);
        if (storeProgress(slow.progress) > 0) resolve();
      };
    });
    const waiting = {
      listEntries: async () => [],
      saveNotice: async () => {
        await reported;
        throw new Error('database gone');
      },
    } as unknown as NoticeStore;
    await expect(processStage(slow.job, { store: waiting }, { progressEveryMs: 200 })).rejects.toThrow(
      'database gone',
    );
    expect(slow.progress).toEqual([
      { stage: 'normalize', done: ['read', 'extract'], total: INGEST_PIPELINE.length },
      { stage: 'store', done: ['read', 'extract', 'normalize'], total: INGEST_PIPELINE.length },
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
