import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyError } from 'fastify';
import { csrfToken } from '../../http/browser-guard.ts';
import type { ApiKey, Role } from '../../http/keys.ts';
import type { ApiServer } from '../../http/types.ts';
import { failureText } from '../../messages.ts';
import type { App } from '../../pipeline/app.ts';
import type { BullmqRunner } from '../../queue/bullmq-runner.ts';
import { createWebContext, errorPage, type WebContext } from '../context.ts';
import { html } from '../html.ts';
import { csrfField } from '../layout.ts';
import { STAGE_LABELS } from './upload.ts';

export const QUEUES_PATH = '/admin/queues';
/** The queue dashboard that may act (pause, clean, add jobs): operators (admin role) only. */
export const QUEUES_ADMIN_PATH = '/admin/queues-admin';

const STATE_LABELS: Record<string, string> = {
  waiting: '排队中',
  active: '处理中',
  completed: '已完成',
  failed: '失败',
  delayed: '延迟',
  'waiting-children': '等待前序阶段',
  unknown: '未知',
};

/**
 * /admin/queues for staff with the upload role (no key → the login screen, a read key → 403).
 * With the BullMQ runner: Bull Board over the project's queues, read-only, and a board that
 * may act at /admin/queues-admin for the admin role. With the inline runner there are no
 * queues: a page with the job counts and the failed jobs, each with a retry button.
 */
export async function registerQueues(server: ApiServer, app: App, keys: ApiKey[]): Promise<void> {
  const dashboards: [string, Role, boolean][] = [
    [QUEUES_PATH, 'upload', true],
    [QUEUES_ADMIN_PATH, 'admin', false],
  ];
  for (const [prefix, role, readOnly] of dashboards) {
    if (app.runner.kind !== 'bullmq' && prefix !== QUEUES_PATH) continue;
    await server.register(
      async (scope) => {
        const context = createWebContext(scope as ApiServer, app, keys);
        scope.addHook('onRequest', context.requireRole(role));
        scope.setErrorHandler(async (error: FastifyError, request, reply) => {
          const status = error.statusCode ?? 500;
          if (status >= 400 && status < 500)
            return errorPage(context, request, reply, status, '队列面板无法处理这个请求，请检查后重试。');
          if (app.config.POLICY_KB_DEBUG) console.error(error);
          return errorPage(context, request, reply, 500, '队列面板暂时不可用，请稍后再试。');
        });
        if (app.runner.kind === 'bullmq')
          await mountBullBoard(scope as ApiServer, app.runner as BullmqRunner, prefix, readOnly);
        else inlineQueuePage(context);
      },
      { prefix },
    );
  }
}

/**
 * Bull Board over the project's queues. Read-only for staff (they retry their own uploads on
 * the upload page); the admin role has a second board that may pause, clean and add jobs.
 */
async function mountBullBoard(
  scope: ApiServer,
  runner: BullmqRunner,
  basePath: string,
  readOnlyMode: boolean,
) {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: runner.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode })),
    serverAdapter: adapter,
    options: {
      uiConfig: { boardTitle: readOnlyMode ? '医保政策知识库 · 队列（只读）' : '医保政策知识库 · 队列管理' },
    },
  });
  await scope.register(adapter.registerPlugin());
}

function inlineQueuePage(context: WebContext): void {
  const { web, app } = context;
  web.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  web.get('/', { schema: { hide: true } }, async (request, reply) => {
    const counts = await app.runner.counts();
    const jobs = await app.runner.listJobs();
    const failed = jobs.filter((job) => job.state === 'failed');
    const running = jobs.filter((job) => job.state !== 'failed' && job.state !== 'completed');
    const notice = (request.query as { retried?: string }).retried;
    const csrf = csrfToken(request, reply);
    return context.send(reply, request, {
      title: '处理队列',
      active: 'queues',
      body: html`<p class="muted">当前为内嵌运行模式（未配置 REDIS_URL）：文件在本进程内逐个处理，没有 BullMQ 队列。配置 Redis 后此处显示 Bull Board。</p>
${notice ? html`<p class="ok" role="status">已重新提交：${notice}</p>` : ''}
<h2>任务统计</h2>
<dl class="counts">${Object.keys(STATE_LABELS).map((state) => {
        const n = counts[state as keyof typeof counts] ?? 0;
        return n > 0 || state === 'failed' || state === 'completed'
          ? html`<div><dt>${STATE_LABELS[state]}</dt><dd>${n}</dd></div>`
          : '';
      })}</dl>
<h2>进行中（${running.length}）</h2>
${
  running.length === 0
    ? html`<p class="muted">没有进行中的任务。</p>`
    : html`<ul>${running.map(
        (job) =>
          html`<li>${job.fileName}：${STATE_LABELS[job.state] ?? job.state}${job.progress.stage ? `，${STAGE_LABELS[job.progress.stage] ?? job.progress.stage}` : ''}</li>`,
      )}</ul>`
}
<h2>失败的任务（${failed.length}）</h2>
${
  failed.length === 0
    ? html`<p class="muted">没有失败的任务。</p>`
    : html`<div class="table-scroll" role="region" aria-label="失败的任务" tabindex="0"><table class="items">
<thead><tr><th scope="col">文件</th><th scope="col">原因</th><th scope="col">尝试次数</th><th scope="col">结束时间</th><th scope="col">操作</th></tr></thead>
<tbody>${failed.map(
        (
          job,
        ) => html`<tr><td>${job.fileName}</td><td class="error">${failureText(job)}</td><td class="num">${job.attempts}</td>
<td>${job.finishedAt?.slice(0, 19).replace('T', ' ') ?? ''}</td>
<td><form method="post" action="${QUEUES_PATH}/retry">${csrfField(csrf)}<input type="hidden" name="jobId" value="${job.jobId}"><button type="submit" aria-label="重试 ${job.fileName}">重试</button></form></td></tr>`,
      )}</tbody></table></div>`
}`,
    });
  });
  web.post('/retry', { schema: { hide: true } }, async (request, reply) => {
    const { jobId = '' } = (request.body ?? {}) as { jobId?: string };
    const job = await app.runner.getJob(jobId);
    if (!job) return errorPage(context, request, reply, 404, `没有这个任务：${jobId}`);
    if (job.state !== 'failed')
      return errorPage(
        context,
        request,
        reply,
        409,
        `任务 ${job.fileName} 当前为“${STATE_LABELS[job.state] ?? job.state}”，只有失败的任务可以重试。`,
      );
    await app.runner.retry(jobId);
    return reply.redirect(`${QUEUES_PATH}?retried=${encodeURIComponent(job.fileName)}`, 303);
  });
}
