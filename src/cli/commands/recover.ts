import { parseArgs } from 'node:util';
import { alignColumns } from '../../export/text-table.ts';
import { recoverUploads } from '../../pipeline/recover.ts';
import type { Command } from '../io.ts';
import { SPECS } from '../specs.ts';

/**
 * `policy-kb recover [--dry-run] [--json]`: queues again every stored upload whose job was lost
 * (a Redis crash or failover, a wiped queue) and retries the failed jobs whose notice is stored
 * (an index outage longer than the stage's retries); see src/pipeline/recover.ts. Run it after
 * Redis comes back from a crash; it is safe to run at any time.
 */
export const recoverCommand: Command = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: SPECS.recover.options,
  });
  const app = await context.openApp({ resumeJobs: true });
  try {
    const dryRun = values['dry-run'] ?? false;
    const result = await recoverUploads(app, { dryRun });
    if (values.json) {
      io.stdout(`${JSON.stringify({ runner: app.runner.kind, dryRun, ...result }, null, 2)}\n`);
      return 0;
    }
    const { counts } = result;
    const verb = dryRun ? '将重新排队' : '已重新排队';
    io.stderr(
      `已保存的上传 ${result.originals} 个：${verb}任务丢失的 ${counts.resubmitted} 个、因系统原因失败的 ${counts.retried} 个；` +
        `处理中 ${counts.running} 个，已完成 ${counts.done} 个，因文件本身失败 ${counts.failed} 个\n`,
    );
    if (result.entries.length > 0) {
      const rows = result.entries.map((e) => [e.action, e.jobId.slice(0, 20), e.fileName, e.error ?? '']);
      io.stdout(
        `${alignColumns([['操作', '任务', '文件', '原因'], ...rows], [12, 22, 40, 100]).join('\n')}\n`,
      );
    }
    return 0;
  } finally {
    await app.close();
  }
};
