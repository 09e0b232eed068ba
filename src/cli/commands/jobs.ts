import { parseArgs } from 'node:util';
import { alignColumns } from '../../export/text-table.ts';
import type { App } from '../../pipeline/app.ts';
import type { Command } from '../io.ts';
import { JOB_STATES } from '../labels.ts';
import { SPECS } from '../specs.ts';

/** `policy-kb jobs [--json]`: job counts by state and the failed jobs with their reasons. */
export const jobsCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({ args, options: SPECS.jobs.options });
  const app = await context.openApp();
  try {
    const counts = await app.runner.counts();
    const failed = await app.runner.listJobs('failed');
    if (values.json) {
      io.stdout(`${JSON.stringify({ runner: app.runner.kind, counts, failed }, null, 2)}\n`);
      return 0;
    }
    io.stdout(`运行方式：${app.runner.kind === 'inline' ? '本进程' : 'BullMQ 队列'}\n`);
    io.stdout(
      `${
        Object.entries(counts)
          .map(([state, n]) => `${JOB_STATES[state] ?? state}：${n}`)
          .join('  ') || '没有任务'
      }\n`,
    );
    if (failed.length > 0) {
      const rows = failed.map((job) => [job.jobId.slice(0, 20), String(job.attempts), job.error ?? '']);
      io.stdout(
        `\n失败的任务：\n${alignColumns([['任务', '尝试次数', '原因'], ...rows], [22, 8, 100]).join('\n')}\n`,
      );
    }
    return 0;
  } finally {
    await app.close();
  }
};

/** `policy-kb retry <jobId…> | --all-failed`: runs failed jobs again from their first stage. */
export const retryCommand: Command = async (args, io, context) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: SPECS.retry.options,
  });
  const app = await context.openApp({ resumeJobs: true });
  try {
    const ids = values['all-failed']
      ? (await app.runner.listJobs('failed')).map((job) => job.jobId)
      : positionals;
    if (ids.length === 0) {
      io.stderr(
        values['all-failed'] ? 'no failed jobs\n' : 'policy-kb retry: give job ids or --all-failed\n',
      );
      return values['all-failed'] ? 0 : 1;
    }
    let failures = 0;
    for (const id of ids) {
      const jobId = await resolveJobId(app, id);
      await app.runner.retry(jobId);
      const view = await app.runner.wait(jobId);
      io.stderr(`${jobId}: ${view.state}${view.error ? ` — ${view.error}` : ''}\n`);
      if (view.state !== 'completed') failures++;
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
};

/** Accepts a full job id or a unique prefix of one (as `jobs` prints them shortened). */
async function resolveJobId(app: App, id: string): Promise<string> {
  if (await app.runner.getJob(id)) return id;
  const matches = (await app.runner.listJobs()).filter((job) => job.jobId.startsWith(id));
  if (matches.length !== 1) throw new Error(`no single job matches '${id}'`);
  return (matches[0] as { jobId: string }).jobId;
}
