/**
 * `npm run load`: the load and fault experiment. 1,000 uploads (variations of the seeds, a few
 * duplicates, bad files and refused requests) sent by 50 concurrent clients as multipart POST
 * /api/notices to `policy-kb serve`, processed by two `policy-kb worker` processes over a Redis
 * of our own with AOF persistence. Meanwhile: one worker is killed with SIGKILL (and replaced),
 * Redis is killed with SIGKILL and restarted from its AOF minus its last second, and the index is
 * made unavailable for a while (POLICY_KB_INDEX_FAULT_FILE). Then the queues drain, `policy-kb recover` queues what the
 * Redis crash lost, and every upload is accounted for through the API and the store. Prints a
 * table, writes bench/results/load-<time>.json, exits 1 when an upload is lost or ends otherwise
 * than it should.
 *
 * Settings (environment): LOAD_UPLOADS (1000), LOAD_CLIENTS (50), LOAD_WORKERS (2),
 * LOAD_OUTAGE_MS (20000), LOAD_REDIS_DOWN_MS (3000), LOAD_AOF_LOST_MS (1000: the writes a host crash
 * under `appendfsync everysec` may lose, see load/aof.ts), LOAD_KEEP=1 keeps the run's directory.
 */
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { accountAll } from './load/account.ts';
import { type Outcome, sendAll } from './load/clients.ts';
import { startCluster } from './load/cluster.ts';
import { buildCorpus } from './load/corpus.ts';
import { watchQueues } from './load/queue.ts';
import { summarize, table, writeResult } from './load/summary.ts';

export const LoadSettings = z.object({
  LOAD_UPLOADS: z.coerce.number().int().min(100).default(1000),
  LOAD_CLIENTS: z.coerce.number().int().positive().default(50),
  LOAD_WORKERS: z.coerce.number().int().min(2).default(2),
  LOAD_OUTAGE_MS: z.coerce.number().int().nonnegative().default(20_000),
  LOAD_REDIS_DOWN_MS: z.coerce.number().int().nonnegative().default(3_000),
  LOAD_AOF_LOST_MS: z.coerce.number().int().nonnegative().default(1_000),
  LOAD_KEEP: z.stringbool().default(false),
});

export type LoadSettings = z.infer<typeof LoadSettings>;

/** Runs the experiment, prints its table and writes its result file; the summary. */
export async function runLoadExperiment(settings: LoadSettings) {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'policy-kb-load-'));
  const uploads = buildCorpus(settings.LOAD_UPLOADS);
  const cluster = await startCluster(dir, { workers: settings.LOAD_WORKERS, started });
  const watch = watchQueues(cluster.redisUrl);
  try {
    // Faults by upload progress: a worker at a quarter, Redis at half.
    const faults: Promise<unknown>[] = [];
    // After the Redis restart, the first worker to see it sweeps the store for lost jobs.
    let sweep: { dropped: { bytes: number; ms: number }; found: RegExpExecArray } | undefined;
    const restart = async () => {
      const dropped = await cluster.restartRedis(settings.LOAD_REDIS_DOWN_MS, settings.LOAD_AOF_LOST_MS);
      const line = new RegExp(`Redis run ${await watch.runId()}: swept (\\d+) stored uploads, queued (\\d+)`);
      const found = await cluster.workerLine(line, 120_000);
      cluster.timeline.push({ atMs: Date.now() - started, event: found[0] });
      sweep = { dropped, found };
    };
    const plan = [
      { at: 0.25, run: () => cluster.killWorker() },
      { at: 0.5, run: restart },
    ];
    const onAnswered = (answered: number) => {
      while (plan[0] && answered >= plan[0].at * uploads.length)
        faults.push((plan.shift() as (typeof plan)[0]).run());
    };
    // The index outage when half of the catalogues are stored: in the middle of the processing.
    // Meanwhile the stage jobs waiting out a retry backoff are noted (the index stage's).
    const variants = uploads.filter((u) => u.kind === 'variant').length;
    const retried = new Set<string>();
    const outage = (async () => {
      const notices = join(dir, 'data', 'store', 'notices');
      while (((await readdir(notices).catch(() => [])) as string[]).length < variants / 2) await sleep(500);
      let on = true;
      const during = cluster.indexOutage(settings.LOAD_OUTAGE_MS).finally(() => {
        on = false;
      });
      for (; on; await sleep(250)) for (const id of await watch.retrying()) retried.add(id);
      await during;
    })();

    process.stderr.write(
      `load: ${uploads.length} uploads, ${settings.LOAD_CLIENTS} clients, ${cluster.baseUrl}\n`,
    );
    const outcomes: Outcome[] = await sendAll(uploads, {
      baseUrl: cluster.baseUrl,
      uploadKey: cluster.uploadKey,
      concurrency: settings.LOAD_CLIENTS,
      onAnswered: (answered) => {
        onAnswered(answered);
        if (answered % 100 === 0) process.stderr.write(`load: ${answered} answered\n`);
      },
    });
    const lastAnswer = Date.now();
    cluster.timeline.push({ atMs: lastAnswer - started, event: 'last upload answered' });
    await Promise.all([...faults, outage]);
    if (!sweep) throw new Error('Redis was not restarted');
    const drained = await watch.drained();
    cluster.timeline.push({ atMs: drained - started, event: 'queues drained' });

    const recovery = await cluster.cli(['recover', '--json']);
    if (recovery.code !== 0) throw new Error(`policy-kb recover failed: ${recovery.stderr}`);
    const recovered = JSON.parse(recovery.stdout) as { counts: Record<string, number>; entries: unknown[] };
    process.stderr.write(`load: recover ${JSON.stringify(recovered.counts)}\n`);
    const recoveredAt =
      recovered.counts.resubmitted || recovered.counts.retried ? await watch.drained() : Date.now();
    cluster.timeline.push({ atMs: recoveredAt - started, event: 'drained after recover' });

    const accounts = await accountAll(uploads, outcomes, {
      baseUrl: cluster.baseUrl,
      readKey: cluster.readKey,
      dataDir: join(dir, 'data'),
    });
    const summary = summarize(
      accounts,
      outcomes,
      { started, lastAnswer, drained, recovered: recoveredAt },
      {
        recover: recovered.counts,
        sweptAfterRestart: {
          originals: Number(sweep.found[1]),
          resubmitted: Number(sweep.found[2]),
          aofDropped: sweep.dropped,
        },
        retriedDuringOutage: [...retried].length,
        retriedStagesDuringOutage: [...new Set([...retried].map((id) => id.replace(/-[0-9a-f]{64}$/, '')))],
        recoverEntries: recovered.entries,
        settings: { ...settings, LOAD_KEEP: undefined },
        timeline: cluster.timeline,
        command: 'npm run load',
        machine: 'shared 2-core machine; other test runs may be active',
      },
    );
    process.stdout.write(`\n${table(summary)}\n\n`);
    for (const a of summary.unexpected.slice(0, 20))
      process.stdout.write(`unexpected: #${a.n} ${a.fileName} ${a.verdict} ${a.reason ?? ''}\n`);
    process.stdout.write(`results: ${await writeResult(summary)}\n`);
    if (settings.LOAD_KEEP) process.stdout.write(`run directory kept: ${dir}\n`);
    return summary;
  } finally {
    await watch.close();
    await cluster.stop(settings.LOAD_KEEP);
  }
}

async function main(): Promise<number> {
  const summary = await runLoadExperiment(LoadSettings.parse(process.env));
  return summary.lost > 0 || summary.unexpected.length > 0 ? 1 : 0;
}

// `npm run load`; imported (by test/queue/faults.test.ts) it only exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main();
