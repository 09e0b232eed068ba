/** The load experiment's figures: counts by verdict and reason, retries, drain time, throughput; a table and a JSON file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { Account } from './account.ts';
import type { Outcome } from './clients.ts';

export interface Timing {
  started: number;
  lastAnswer: number;
  drained: number;
  recovered: number;
}

export interface Extra {
  recover: Record<string, number>;
  sweptAfterRestart: { originals: number; resubmitted: number; aofDropped: { bytes: number; ms: number } };
  retriedDuringOutage: number;
  retriedStagesDuringOutage: string[];
  [key: string]: unknown;
}

export function summarize(accounts: Account[], outcomes: Outcome[], timing: Timing, extra: Extra) {
  const by = (verdict: Account['verdict']) => accounts.filter((a) => a.verdict === verdict);
  const reasons = (list: Account[]) => {
    const counts: Record<string, number> = {};
    for (const a of list) {
      // Counted by the problem, without the file it names.
      const reason = (a.reason ?? '').replaceAll(`${a.fileName}: `, '');
      counts[reason] = (counts[reason] ?? 0) + 1;
    }
    return counts;
  };
  const waits = outcomes.map((o) => o.answeredAt - o.sentAt).sort((a, b) => a - b);
  const rank = (q: number) => waits[Math.min(waits.length - 1, Math.ceil(q * waits.length) - 1)] ?? 0;
  const processed = accounts.filter((a) => a.verdict === 'completed' || a.verdict === 'failed').length;
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return {
    uploads: accounts.length,
    accepted: outcomes.filter((o) => o.status === 202).length,
    completed: by('completed').length,
    duplicates: by('duplicate').length,
    failed: by('failed').length,
    failedReasons: reasons(by('failed')),
    rejected: by('rejected').length,
    rejectedReasons: reasons(by('rejected')),
    lost: by('lost').length,
    lostUploads: by('lost'),
    unexpected: accounts.filter((a) => a.unexpected),
    clientRetries: outcomes.reduce((sum, o) => sum + o.retries, 0),
    uploadsRetried: outcomes.filter((o) => o.retries > 0).length,
    retryReasons: [...new Set(outcomes.flatMap((o) => o.retryReasons))],
    answerMs: { p50: rank(0.5), p95: rank(0.95), max: waits.at(-1) ?? 0 },
    uploadSeconds: seconds(timing.lastAnswer - timing.started),
    uploadsPerSecond: Math.round((accounts.length / (timing.lastAnswer - timing.started)) * 10_000) / 10,
    drainAfterLastUploadSeconds: seconds(timing.drained - timing.lastAnswer),
    drainWithRecoverySeconds: seconds(timing.recovered - timing.lastAnswer),
    totalSeconds: seconds(timing.recovered - timing.started),
    processedPerSecond: Math.round((processed / (timing.recovered - timing.started)) * 10_000) / 10,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    ...extra,
  };
}
export type Summary = ReturnType<typeof summarize>;

export function table(summary: Summary): string {
  const rows: [string, string][] = [
    ['uploads sent', String(summary.uploads)],
    ['accepted (202)', String(summary.accepted)],
    ['completed and searchable', String(summary.completed)],
    ['duplicates (same job as the first)', String(summary.duplicates)],
    ['failed with a reason', `${summary.failed}  ${JSON.stringify(summary.failedReasons)}`],
    ['rejected with a reason', `${summary.rejected}  ${JSON.stringify(summary.rejectedReasons)}`],
    ['lost', String(summary.lost)],
    ['not the expected verdict', String(summary.unexpected.length)],
    ['client retries (uploads retried)', `${summary.clientRetries} (${summary.uploadsRetried})`],
    ['uploads: time, rate', `${summary.uploadSeconds} s, ${summary.uploadsPerSecond}/s`],
    [
      'answer time p50 / p95 / max',
      `${summary.answerMs.p50} / ${summary.answerMs.p95} / ${summary.answerMs.max} ms`,
    ],
    ['drain after the last upload', `${summary.drainAfterLastUploadSeconds} s`],
    ['… including recover', `${summary.drainWithRecoverySeconds} s`],
    ['throughput (processed/s, whole run)', `${summary.processedPerSecond}/s over ${summary.totalSeconds} s`],
    [
      'Redis restart: AOF cut back by',
      `${summary.sweptAfterRestart.aofDropped.ms} ms (${(summary.sweptAfterRestart.aofDropped.bytes / 2 ** 20).toFixed(1)} MiB)`,
    ],
    [
      'lost jobs queued again by the workers',
      `${summary.sweptAfterRestart.resubmitted} (sweep of ${summary.sweptAfterRestart.originals} stored uploads after the Redis restart)`,
    ],
    [
      '… and by `policy-kb recover` at the end',
      `${summary.recover.resubmitted ?? 0} queued, ${summary.recover.retried ?? 0} retried`,
    ],
    [
      'jobs retrying during the index outage',
      `${summary.retriedDuringOutage} (${summary.retriedStagesDuringOutage.join(', ')})`,
    ],
    ['load average at the end', summary.loadAverage.join(' ')],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** Writes bench/results/load-<ISO time>.json; returns its path. */
export async function writeResult(summary: Summary): Promise<string> {
  const dir = new URL('../results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`load-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, dir);
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file.pathname;
}
