import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import type { JobView } from '../../../schemas/job.ts';
import { isBadInput } from '../../errors.ts';
import { alignColumns } from '../../export/text-table.ts';
import type { App } from '../../pipeline/app.ts';
import { expandPaths, jobAsUploaded, readUploadFile, submitUpload } from '../../pipeline/submit.ts';
import { extractionSummary } from '../../store/summary.ts';
import type { Command, Io } from '../io.ts';
import { JOB_STATES } from '../labels.ts';
import { SPECS, UsageError } from '../specs.ts';

/**
 * `policy-kb ingest <files or dirs…>`: stores every file, runs (or queues, with REDIS_URL) its
 * pipeline, waits for all jobs, and prints a summary. Exits 1 when any file failed.
 */
export const ingestCommand: Command = async (args, io, context) => {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: SPECS.ingest.options,
  });
  if (positionals.length === 0) {
    throw new UsageError('ingest', '请给出文件或目录');
  }
  const files = await expandPaths(positionals);
  const app = await context.openApp({ resumeJobs: true });
  try {
    const bar = io.interactive
      ? new SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr })
      : null;
    bar?.start(files.length, 0, { file: '' });
    const submitted: { file: string; jobId?: string; duplicate?: boolean; error?: string }[] = [];
    for (const file of files) {
      try {
        submitted.push({ file, ...(await submitUpload(app, await readUploadFile(file), file)) });
      } catch (error) {
        if (!isBadInput(error)) throw error;
        submitted.push({ file, error: error.message });
      }
    }
    const views: (JobView | { file: string; error: string })[] = [];
    for (const entry of submitted) {
      const view = entry.jobId
        ? await app.runner.wait(entry.jobId)
        : { file: entry.file, error: entry.error ?? '' };
      views.push(
        'jobId' in view && entry.duplicate ? { ...jobAsUploaded(view, entry.file), duplicate: true } : view,
      );
      bar?.increment(1, { file: entry.file });
    }
    bar?.stop();
    const rows = await Promise.all(views.map((view) => summaryRow(app, view)));
    if (values.json) io.stdout(`${JSON.stringify({ files: rows }, null, 2)}\n`);
    else printSummary(rows, io);
    return rows.some((row) => row.state === 'failed') ? 1 : 0;
  } finally {
    await app.close();
  }
};

interface SummaryRow {
  file: string;
  state: string;
  noticeId: string | null;
  version: number | null;
  region: string | null;
  items: number;
  articles: number;
  status: string | null;
  /** A person should check what was extracted (rows missing, a row cut off, columns guessed …). */
  needsReview: boolean;
  /** `7 项 · 0 条 · 需复核`, or why it failed. */
  result: string;
  error?: string;
}

async function summaryRow(app: App, view: JobView | { file: string; error: string }): Promise<SummaryRow> {
  if (!('jobId' in view)) {
    return {
      file: view.file,
      state: 'failed',
      noticeId: null,
      version: null,
      region: null,
      items: 0,
      articles: 0,
      status: null,
      needsReview: false,
      result: '失败',
      error: view.error,
    };
  }
  const record = view.noticeId ? await app.store.getNotice(view.noticeId, view.version) : null;
  const notice = record?.notice;
  const summary = notice ? extractionSummary(notice) : null;
  return {
    file: view.fileName,
    state: view.state === 'completed' && view.duplicate ? 'duplicate' : view.state,
    noticeId: view.noticeId ?? null,
    version: view.version ?? null,
    region: notice?.meta.region?.name ?? null,
    items: summary?.items ?? 0,
    articles: summary?.articles ?? 0,
    status: notice?.meta.status ?? null,
    needsReview: summary?.needsReview ?? false,
    result:
      view.state === 'failed'
        ? '失败'
        : view.duplicate
          ? `重复 · ${summary?.text ?? ''}`
          : (summary?.text ?? view.state),
    ...(view.error ? { error: view.error } : {}),
  };
}

function printSummary(rows: SummaryRow[], io: Io): void {
  const table = [
    ['文件', '通知', '版本', '地区', '事项', '条文', '状态', '任务', '结果'],
    ...rows.map((r) => [
      r.file,
      r.noticeId ?? '—',
      r.version ? String(r.version) : '—',
      r.region ?? '—',
      String(r.items),
      String(r.articles),
      r.status ?? '—',
      JOB_STATES[r.state] ?? r.state,
      r.result,
    ]),
  ];
  io.stdout(`${alignColumns(table, [40]).join('\n')}\n`);
  for (const row of rows) if (row.error) io.stderr(`失败：${row.error}\n`);
}
