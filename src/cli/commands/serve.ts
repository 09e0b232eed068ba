import { parseArgs } from 'node:util';
import { parseKeys } from '../../http/keys.ts';
import type { App } from '../../pipeline/app.ts';
import { expandPaths, readUploadFile, submitUpload } from '../../pipeline/submit.ts';
import { reindex } from '../../search/index-record.ts';
import { buildServer } from '../../server/server.ts';
import type { Command, Io } from '../io.ts';
import { JOB_STATES } from '../labels.ts';
import { SPECS } from '../specs.ts';

/** `policy-kb serve`: the HTTP API on PORT until SIGINT/SIGTERM. */
export const serveCommand: Command = async (_args, io, context) => {
  const app = await context.openApp({ resumeJobs: true });
  return serveUntilSignal(app, io, []);
};

/**
 * `policy-kb start` (what `npm start` runs): ingests seeds/ (or the given paths) through the
 * configured runner, then serves the API. With REDIS_URL it also runs the queue workers in
 * this process, so the one command works on either setup.
 */
export const startCommand: Command = async (args, io, context) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: SPECS.start.options });
  const app = await context.openApp({ resumeJobs: true });
  const closers: (() => Promise<void>)[] = [];
  if (app.config.REDIS_URL) {
    const { startWorkers } = await import('../../queue/workers.ts');
    const workers = await startWorkers({
      redisUrl: app.config.REDIS_URL,
      concurrency: 2,
      storeConfig: app.config,
      // One store and one index per process: the workers use the server's.
      adapters: { store: app.store, index: app.index },
    });
    closers.push(() => workers.close());
  }
  const files = await expandPaths(positionals.length > 0 ? positionals : ['seeds']);
  let failed = 0;
  for (const file of files) {
    const { jobId } = await submitUpload(app, await readUploadFile(file), file);
    const job = await app.runner.wait(jobId);
    if (job.state !== 'completed') failed++;
    io.stderr(
      `入库 ${file}：${JOB_STATES[job.state] ?? job.state}${job.noticeId ? ` → ${job.noticeId} 第 ${job.version} 版` : ''}${job.error ? `（${job.error}）` : ''}\n`,
    );
  }
  io.stderr(
    `已入库 ${files.length - failed}/${files.length} 个文件，数据目录 ${app.config.POLICY_KB_DATA}\n`,
  );
  // catch-up: whatever is stored but not yet indexed (a failed index stage, an outage) is indexed now
  const caughtUp = await reindex(app.store, app.index, { pending: true });
  if (caughtUp.indexed > 0) io.stderr(`为检索补建索引：${caughtUp.indexed} 个通知版本\n`);
  return serveUntilSignal(app, io, closers);
};

async function serveUntilSignal(app: App, io: Io, closers: (() => Promise<void>)[]): Promise<number> {
  const keys = parseKeys(app.config.POLICY_KB_KEYS);
  const host = keys.length === 0 ? '127.0.0.1' : '0.0.0.0';
  const server = await buildServer(app, keys);
  await server.listen({ port: app.config.PORT, host });
  io.stderr(
    keys.length === 0
      ? `policy-kb：本机模式（未设置 POLICY_KB_KEYS），正在 http://127.0.0.1:${app.config.PORT} 上提供服务，仅限本机访问\n`
      : `policy-kb：正在 http://${host}:${app.config.PORT} 上提供服务（${keys.length} 个 API 密钥）\n`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await server.close();
  for (const close of closers) await close();
  await app.close();
  return 0;
}
