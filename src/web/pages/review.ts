import { PowerType } from '../../../schemas/notice.ts';
import { type Correction, ItemField } from '../../../schemas/review.ts';
import type { StoredNotice } from '../../../schemas/store.ts';
import { isBadInput } from '../../errors.ts';
import { columnKeys, FIELD_LABELS } from '../../extract/corrections.ts';
import { csrfToken } from '../../http/browser-guard.ts';
import { auditLog, NoSuchNotice, reviewNotice } from '../../pipeline/review.ts';
import { reviewQueue } from '../../store/review-queue.ts';
import { summarize } from '../../store/summary.ts';
import { errorPage, type WebContext } from '../context.ts';
import { html } from '../html.ts';
import { csrfField } from '../layout.ts';
import { noticeTitle } from '../views/notice-meta.ts';

const NOT_MAPPED = '';

/**
 * /app/review (the review queue: what waits, oldest first, counted per region),
 * /app/notices/:id/review (the correction form: each table's columns mapped to fields, a table
 * that is not a catalogue, its power type, its rows — a cell fixed, a row deleted, merged with the
 * next, split in several or added —, a missed article; why) and its POST, which saves a reviewed
 * version. review.js sends only the cells that changed; without it the whole form is sent.
 */
export function reviewPages(context: WebContext): void {
  const { web, app } = context;
  const read = { schema: { hide: true }, preHandler: context.requireRole('read') };
  const upload = { schema: { hide: true }, preHandler: context.requireRole('upload') };

  web.get('/review', read, async (request, reply) => {
    const { region } = request.query as { region?: string };
    const queue = reviewQueue(await app.store.listNotices({ currentOnly: true }), region || undefined);
    return context.send(reply, request, {
      title: '待复核',
      active: 'review',
      body: html`<p>${region ? html`${region}：` : ''}共 ${queue.total} 个通知等待复核（抽取结果需人工核对，或表格的列是推断的），最早入库的在前。</p>
${
  queue.regions.length > 0
    ? html`<ul class="region-counts">${queue.regions.map(
        (r) =>
          html`<li><a href="/app/review?region=${encodeURIComponent(r.region)}">${r.region}</a> ${r.count}</li>`,
      )}</ul>`
    : ''
}
${
  queue.notices.length === 0
    ? html`<p class="muted">没有等待复核的通知。</p>`
    : html`<div class="table-scroll" role="region" aria-label="待复核的通知" tabindex="0"><table class="items review-queue">
<thead><tr><th scope="col">地区</th><th scope="col">标题</th><th scope="col">原因</th><th scope="col">入库时间</th><th scope="col">操作</th></tr></thead>
<tbody>${queue.notices.map((record) => {
        const row = summarize(record);
        return html`<tr><td>${row.region ?? '未识别'}</td>
<td><a href="/app/notices/${encodeURIComponent(row.id)}?version=${row.version}">${row.label}</a></td>
<td>${
          record.notice.warnings
            .filter((w) => record.notice.review.reasons.includes(w.code))
            .map((w) => w.message)
            .join('；') || `表格可信度 ${Math.round(record.notice.review.confidence * 100)}%`
        }</td>
<td>${record.createdAt.slice(0, 19).replace('T', ' ')}</td>
<td><a href="/app/notices/${encodeURIComponent(row.id)}/review?version=${row.version}">复核</a></td></tr>`;
      })}</tbody></table></div>`
}`,
    });
  });

  web.get('/notices/:id/review', upload, async (request, reply) => {
    const { id } = request.params as { id: string };
    const version = Number((request.query as { version?: string }).version) || undefined;
    const record = await app.store.getNotice(id, version);
    if (!record) return errorPage(context, request, reply, 404, `没有这个通知：${id}`);
    return context.send(reply, request, {
      title: `复核：${noticeTitle(record)}`,
      active: 'review',
      scripts: ['review.js'],
      body: html`${reviewForm(record, csrfToken(request, reply))}
${await auditSection(context, record.id)}`,
    });
  });

  web.post('/notices/:id/review', upload, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Record<string, string>;
    const base = await app.store.getNotice(id, Number(form.version) || undefined);
    if (!base) return errorPage(context, request, reply, 404, `没有这个通知：${id}`);
    const built = correctionsOf(base, form);
    if ('problem' in built) return errorPage(context, request, reply, 422, built.problem);
    const corrections = built.corrections;
    if (corrections.length === 0)
      return errorPage(
        context,
        request,
        reply,
        422,
        '没有任何更正：请改动列的对应、职权类型、单元格、行或条文，或勾选“不是执法事项清单”。',
      );
    const reason = (form.reason ?? '').trim();
    if (!reason) return errorPage(context, request, reply, 422, '请填写复核理由。');
    try {
      const { record } = await reviewNotice(
        app,
        id,
        { version: base.version, reason, corrections },
        context.actorOf(request),
      );
      return reply.redirect(
        `/app/notices/${encodeURIComponent(id)}?version=${record.version}&reviewed=1`,
        303,
      );
    } catch (error) {
      if (error instanceof NoSuchNotice) return errorPage(context, request, reply, 404, error.message);
      if (isBadInput(error)) return errorPage(context, request, reply, 422, (error as Error).message);
      throw error;
    }
  });
}

/**
 * A table's rows, folded: each cell editable, and per row 删除 / 与下一行合并 / 拆分为 (one row a
 * line, cells split by |), then an empty row to add. Inputs are named by the row's index in the
 * version shown (`cell-<t>-<i>-<c>`), so the corrections can be ordered to keep indexes valid.
 */
function rowsEditor(record: StoredNotice, t: number) {
  const table = record.notice.tables[t];
  if (!table) return '';
  const label = (i: number, c: number) => `表${t + 1}第${i + 1}行「${table.headers[c] ?? `第${c + 1}列`}」`;
  return html`<details class="review-rows"><summary>逐行更正（${table.items.length} 项）：改单元格、删除、合并、拆分、补充一行</summary>
<div class="table-scroll" role="region" aria-label="表${t + 1}的各行" tabindex="0"><table class="items review-rows">
<thead><tr><th scope="col">行</th>${table.headers.map((h) => html`<th scope="col">${h}</th>`)}<th scope="col">操作</th></tr></thead>
<tbody>${table.items.map(
    (item, i) => html`<tr><th scope="row">${i + 1}</th>${table.headers.map(
      (_, c) =>
        html`<td><label class="visually-hidden" for="cell-${t}-${i}-${c}">${label(i, c)}</label><textarea id="cell-${t}-${i}-${c}" name="cell-${t}-${i}-${c}" rows="2" data-cell>${item.cells[c] ?? ''}</textarea></td>`,
    )}<td class="row-actions">
<label><input type="checkbox" name="delete-${t}-${i}" value="1"> 删除</label>
${i + 1 < table.items.length ? html`<label><input type="checkbox" name="merge-${t}-${i}" value="1"> 与下一行合并</label>` : ''}
<label for="split-${t}-${i}">拆分为</label><textarea id="split-${t}-${i}" name="split-${t}-${i}" rows="2" placeholder="每行一项，单元格之间用 | 分隔"></textarea></td></tr>`,
  )}
<tr class="new-row"><th scope="row">新增</th>${table.headers.map(
    (h, c) =>
      html`<td><label class="visually-hidden" for="new-${t}-${c}">表${t + 1}新增一行「${h}」</label><textarea id="new-${t}-${c}" name="new-${t}-${c}" rows="2"></textarea></td>`,
  )}<td></td></tr></tbody></table></div></details>`;
}

/** The form: per table, a field for each column (as extracted), 不是执法事项清单, its power type, its rows; a missed article; the reason. */
function reviewForm(record: StoredNotice, csrf: string | undefined) {
  const fields = ItemField.options;
  return html`<p>复核第 ${record.version} 版（${record.reviewed ? `已由 ${record.reviewed.by} 复核` : '抽取结果'}）。保存后生成新的“复核版本”，原抽取版本保留；确认的列对应会用于以后同样表头的通知。</p>
<form method="post" class="review-form">${csrfField(csrf)}
<input type="hidden" name="version" value="${record.version}">
${record.notice.tables.map((table, t) => {
  const keys = columnKeys(table);
  return html`<fieldset class="review-table"><legend>表${t + 1}：${table.title ?? '无标题'}（${table.items.length} 项）</legend>
<div class="table-scroll" role="region" aria-label="表${t + 1}的列" tabindex="0"><table class="items">
<thead><tr><th scope="col">列（原表头）</th><th scope="col">第一行的内容</th><th scope="col">对应字段</th></tr></thead>
<tbody>${table.headers.map(
    (
      header,
      c,
    ) => html`<tr><td>${header}</td><td class="muted">${(table.items[0]?.cells[c] ?? '').slice(0, 40)}</td>
<td><label class="visually-hidden" for="map-${t}-${c}">表${t + 1}「${header}」列对应的字段</label><select id="map-${t}-${c}" name="map-${t}-${c}">
<option value="${NOT_MAPPED}"${keys[c] ? '' : ' selected'}>不对应任何字段</option>
${fields.map((f) => html`<option value="${f}"${keys[c] === f ? ' selected' : ''}>${FIELD_LABELS[f]}</option>`)}
</select></td></tr>`,
  )}</tbody></table></div>
<p><label for="power-${t}">职权类型</label> <select id="power-${t}" name="power-${t}">
<option value=""${table.powerType ? '' : ' selected'}>（按各行）</option>
${PowerType.options.map((p) => html`<option value="${p}"${table.powerType === p ? ' selected' : ''}>${p}</option>`)}
</select>
<label><input type="checkbox" name="not-catalogue-${t}" value="1"> 不是执法事项清单（移除此表）</label></p>
${rowsEditor(record, t)}
</fieldset>`;
})}
<fieldset class="review-articles"><legend>补充漏掉的条文（现有 ${record.notice.articles.length} 条）</legend>
<p><label for="article-number">第几条</label> <input id="article-number" name="article-number" type="number" min="1" step="1" inputmode="numeric">
<label for="article-chapter">所在章</label> <input id="article-chapter" name="article-chapter" type="text" maxlength="80" placeholder="如：第二章 监督检查（可不填）"></p>
<p><label for="article-text">条文内容</label><br><textarea id="article-text" name="article-text" rows="3" cols="60"></textarea></p>
</fieldset>
<p><label for="reason">复核理由</label><br><textarea id="reason" name="reason" rows="2" cols="60" required></textarea></p>
<p><button type="submit">保存复核版本</button> <a href="/app/notices/${encodeURIComponent(record.id)}?version=${record.version}">取消</a></p>
</form>`;
}

/** A submitted cell or line as the notice holds it: LF line ends, no surrounding blanks. */
function plain(value: string | undefined): string {
  return (value ?? '').replace(/\r\n?/g, '\n').trim();
}

/**
 * The corrections a submitted form asks for, ordered so each one's indexes hold when it applies:
 * per table, the column mappings, the power type and the fixed cells (indexes as shown), then the
 * row changes from the last row up (a split, merge or deletion moves only the rows after it),
 * then the added row; the missed article; tables marked as not a catalogue last, from the
 * highest index down. A row both deleted and merged, or merged into a deleted or split row, is
 * refused with the reason.
 */
export function correctionsOf(
  record: StoredNotice,
  form: Record<string, string>,
): { corrections: Correction[] } | { problem: string } {
  const corrections: Correction[] = [];
  const removed: number[] = [];
  for (const [t, table] of record.notice.tables.entries()) {
    if (form[`not-catalogue-${t}`]) {
      removed.push(t);
      continue;
    }
    const keys = columnKeys(table);
    table.headers.forEach((_, c) => {
      const chosen = form[`map-${t}-${c}`];
      if (chosen === undefined) return;
      const field = chosen === NOT_MAPPED ? null : ItemField.safeParse(chosen).data;
      if (field === undefined || field === (keys[c] ?? null)) return;
      corrections.push({ kind: 'map-column', table: t, column: c, field });
    });
    const power = PowerType.safeParse(form[`power-${t}`]).data;
    if (power && power !== table.powerType)
      corrections.push({ kind: 'set-power-type', table: t, item: null, powerType: power });
    const row = (i: number) => `表${t + 1}第${i + 1}行`;
    const rowChanges: Correction[] = [];
    for (const [i, item] of table.items.entries()) {
      table.headers.forEach((_, c) => {
        const sent = form[`cell-${t}-${i}-${c}`];
        if (sent === undefined || plain(sent) === plain(item.cells[c])) return;
        corrections.push({ kind: 'set-cell', table: t, item: i, column: c, value: plain(sent) });
      });
      const deleted = Boolean(form[`delete-${t}-${i}`]);
      const merged = Boolean(form[`merge-${t}-${i}`]) && i + 1 < table.items.length;
      const split = plain(form[`split-${t}-${i}`])
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => line.split('|').map((cell) => cell.trim()));
      const actions = [deleted, merged, split.length > 0].filter(Boolean).length;
      if (actions > 1) return { problem: `${row(i)}只能删除、合并或拆分其中一种。` };
      if (split.length === 1) return { problem: `${row(i)}拆分后至少要有两行（每行一项）。` };
      if (merged && (form[`delete-${t}-${i + 1}`] || plain(form[`split-${t}-${i + 1}`])))
        return { problem: `${row(i)}要与下一行合并，下一行就不能删除或拆分。` };
      if (deleted) rowChanges.push({ kind: 'delete-row', table: t, item: i });
      else if (merged) rowChanges.push({ kind: 'merge-rows', table: t, item: i });
      else if (split.length > 1) rowChanges.push({ kind: 'split-row', table: t, item: i, rows: split });
    }
    corrections.push(...rowChanges.reverse());
    const added = table.headers.map((_, c) => plain(form[`new-${t}-${c}`]));
    if (added.some(Boolean)) corrections.push({ kind: 'add-row', table: t, cells: added });
  }
  const articleText = plain(form['article-text']);
  const articleNumber = Number(plain(form['article-number']));
  if (articleText || plain(form['article-number'])) {
    if (!articleText || !Number.isInteger(articleNumber) || articleNumber < 1)
      return { problem: '补充条文要填写第几条（正整数）和条文内容。' };
    corrections.push({
      kind: 'add-article',
      number: articleNumber,
      text: articleText,
      chapter: plain(form['article-chapter']) || null,
    });
  }
  for (const t of removed.reverse()) corrections.push({ kind: 'not-catalogue', table: t });
  return { corrections };
}

async function auditSection(context: WebContext, noticeId: string) {
  const entries = await auditLog(context.app.store, noticeId);
  return html`<section aria-labelledby="audit-title"><h2 id="audit-title">修改记录（${entries.length}）</h2>
${
  entries.length === 0
    ? html`<p class="muted">尚无人工修改。</p>`
    : html`<ol class="audit">${entries.map(
        (e) =>
          html`<li>${e.at.slice(0, 19).replace('T', ' ')} · ${e.by} · 第 ${e.version} 版 · ${e.detail}</li>`,
      )}</ol>`
}</section>`;
}
