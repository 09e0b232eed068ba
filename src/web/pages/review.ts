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
 * that is not a catalogue, its power type; why) and its POST, which saves a reviewed version.
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
      body: html`${reviewForm(record, csrfToken(request, reply))}
${await auditSection(context, record.id)}`,
    });
  });

  web.post('/notices/:id/review', upload, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Record<string, string>;
    const base = await app.store.getNotice(id, Number(form.version) || undefined);
    if (!base) return errorPage(context, request, reply, 404, `没有这个通知：${id}`);
    const corrections = correctionsOf(base, form);
    if (corrections.length === 0)
      return errorPage(
        context,
        request,
        reply,
        422,
        '没有任何更正：请改动列的对应、职权类型或勾选“不是执法事项清单”。',
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

/** The form: per table, a field for each column (as extracted), 不是执法事项清单, its power type; the reason. */
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
</fieldset>`;
})}
<p><label for="reason">复核理由</label><br><textarea id="reason" name="reason" rows="2" cols="60" required></textarea></p>
<p><button type="submit">保存复核版本</button> <a href="/app/notices/${encodeURIComponent(record.id)}?version=${record.version}">取消</a></p>
</form>`;
}

/**
 * The corrections a submitted form asks for: columns whose field changed, a table's power type
 * when changed, tables marked as not a catalogue (last, from the highest index down, so the
 * indexes of the others hold).
 */
export function correctionsOf(record: StoredNotice, form: Record<string, string>): Correction[] {
  const corrections: Correction[] = [];
  const removed: number[] = [];
  record.notice.tables.forEach((table, t) => {
    if (form[`not-catalogue-${t}`]) {
      removed.push(t);
      return;
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
  });
  for (const t of removed.reverse()) corrections.push({ kind: 'not-catalogue', table: t });
  return corrections;
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
