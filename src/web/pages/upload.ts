import { INGEST_STAGES } from '../../../pipelines/ingest.ts';
import { DEFAULT_LIMITS } from '../../formats/types.ts';
import { FAILURE_TEXTS } from '../../messages.ts';
import type { WebContext } from '../context.ts';
import { html } from '../html.ts';

/** The pipeline stages as staff read them (pipelines/ingest.ts order). */
export const STAGE_LABELS: Record<string, string> = {
  read: '读取文件',
  extract: '抽取表格与条文',
  normalize: '规范化',
  store: '入库',
  index: '建立检索索引',
  'compare-refresh': '更新比较结果',
};

/**
 * /app/upload: drop (or choose) one or many files; upload.js sends each to POST /api/notices and
 * polls GET /api/jobs/:jobId, showing the stage, a progress bar, then a link, the reason of a
 * failure with a retry button, or 重复 for bytes already uploaded.
 */
export function uploadPage(context: WebContext): void {
  context.web.get(
    '/upload',
    { schema: { hide: true }, preHandler: context.requireRole('upload') },
    async (request, reply) =>
      context.send(reply, request, {
        title: '上传通知',
        active: 'upload',
        scripts: ['upload.js'],
        body: html`<p class="muted">支持 txt、md、html、docx、pdf（格式按内容识别），可一次选择多个文件。每个文件依次经过：${INGEST_STAGES.map(
          (stage, i) => html`${i > 0 ? ' → ' : ''}${STAGE_LABELS[stage] ?? stage}`,
        )}。</p>
<form class="dropzone" id="dropzone" data-stages="${JSON.stringify(STAGE_LABELS)}" data-failures="${JSON.stringify(FAILURE_TEXTS)}" data-total="${INGEST_STAGES.length}">
  <p class="dropzone-hint" aria-hidden="true">把文件拖放到这里，或</p>
  <label for="files">选择文件（可多选）</label>
  <input id="files" name="files" type="file" multiple
    accept=".txt,.md,.html,.htm,.docx,.pdf,text/plain,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    aria-describedby="dropzone-help">
  <p id="dropzone-help" class="hint">Word、PDF 文件不超过 ${DEFAULT_LIMITS.maxBytes / 2 ** 20} MiB，文本和网页不超过 ${DEFAULT_LIMITS.maxTextBytes / 2 ** 20} MiB；上传后可离开本页，处理在服务器上继续。</p>
</form>
<h2 id="uploads-title">本次上传</h2>
<p id="uploads-empty" class="muted">尚未上传文件。</p>
<ul id="uploads" class="uploads" aria-labelledby="uploads-title"></ul>
<div id="upload-status" class="visually-hidden" aria-live="polite" role="status"></div>`,
      }),
  );
}
