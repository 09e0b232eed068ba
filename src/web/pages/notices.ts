import type { StoredNotice } from '../../../schemas/store.ts';
import { allows } from '../../http/keys.ts';
import { proposalFor, type ReextractProposal } from '../../pipeline/reextract.ts';
import { summarize } from '../../store/summary.ts';
import { errorPage, type WebContext } from '../context.ts';
import { html } from '../html.ts';
import { noticeArticles } from '../views/notice-articles.ts';
import { noticeMeta, noticeTitle, statusBadge } from '../views/notice-meta.ts';
import { noticeRenditions } from '../views/notice-renditions.ts';
import { noticeTables } from '../views/notice-tables.ts';
import { noticeVersions, versionDiff } from '../views/notice-versions.ts';

/** /app/notices (every stored version) and /app/notices/:id (one version, ?version=N, ?diff=M). */
export function noticePages(context: WebContext): void {
  const { web, app } = context;
  const read = { schema: { hide: true }, preHandler: context.requireRole('read') };

  web.get('/notices', read, async (request, reply) => {
    const rows = (await app.store.listNotices()).map(summarize);
    return context.send(reply, request, {
      title: '通知',
      active: 'notices',
      body: html`<p class="muted">共 ${rows.length} 个通知版本。</p>
<div class="table-scroll" role="region" aria-label="通知列表" tabindex="0">
<table class="items notice-list">
<thead><tr><th scope="col">地区</th><th scope="col">标题</th><th scope="col">版本</th><th scope="col">状态</th><th scope="col">事项</th><th scope="col">条文</th></tr></thead>
<tbody>${rows.map(
        (row) => html`<tr>
<td>${row.region ?? html`<span class="muted">未识别</span>`}</td>
<td><a href="/app/notices/${encodeURIComponent(row.id)}?version=${row.version}">${row.label}</a></td>
<td>第 ${row.version} 版${row.current ? html` <span class="badge status-current">现行</span>` : ''}</td>
<td>${statusBadge(row.status)}${row.needsReview ? html` <span class="badge status-review">需复核</span>` : ''}</td>
<td class="num">${row.items}</td>
<td class="num">${row.articles}</td>
</tr>`,
      )}</tbody>
</table>
</div>`,
    });
  });

  web.get('/notices/:id', read, async (request, reply) => {
    const { id } = request.params as { id: string };
    const query = request.query as { version?: string; diff?: string };
    const version = positive(query.version);
    const record = /^[0-9a-f]{64}$/.test(id)
      ? await app.store.findBySha(id)
      : await app.store.getNotice(id, version ?? undefined);
    if (!record) return errorPage(context, request, reply, 404, `没有这个通知：${id}`);
    const versions = await app.store.listVersions(record.id);
    const otherNumber = positive(query.diff);
    const other = versions.find((v) => v.version === otherNumber && v.version !== record.version) ?? null;
    const original = `/api/notices/${encodeURIComponent(record.id)}/original?version=${record.version}`;
    const proposal = await proposalFor(app.store, record.id);
    return context.send(reply, request, {
      title: noticeTitle(record),
      active: 'notices',
      body: html`${banner(record)}
${reviewBanner(record)}
${reviewedBanner(record)}
${proposal && proposal.version === record.version ? proposalBanner(proposal) : ''}
<p class="actions"><a class="button" href="${original}" download>下载原件</a> <span class="muted">${record.sourceFile}</span>${
        allows(context.roleOf(request), 'upload')
          ? html` <a class="button" href="/app/notices/${encodeURIComponent(record.id)}/review?version=${record.version}">复核更正</a>`
          : ''
      }</p>
${noticeMeta(record)}
${noticeTables(record.notice.tables)}
${noticeArticles(record.notice.articles)}
${noticeRenditions(record)}
${noticeVersions(record, versions, other?.version ?? null)}
${other ? versionDiff(other, record) : ''}
${record.notice.warnings.length > 0 ? html`<details class="warnings"><summary>抽取提示（${record.notice.warnings.length}）</summary><ul>${record.notice.warnings.map((w) => html`<li>${w.message}</li>`)}</ul></details>` : ''}`,
    });
  });
}

/** What reading the original again with today's extractor gives otherwise (never applied to a reviewed version). */
function proposalBanner(proposal: ReextractProposal) {
  return html`<div class="banner review" role="note">重新抽取原件的结果与${proposal.reviewed ? '复核前的' : '此'}版本不同${proposal.reviewed ? '（复核版本保持不变，如需采用请再次复核）' : ''}：<ul>${proposal.differences.map(
    (d) => html`<li>${d.message}</li>`,
  )}</ul></div>`;
}

/** A reviewed version says who corrected it, when, why and what changed. */
function reviewedBanner(record: StoredNotice) {
  const { reviewed } = record;
  if (!reviewed) return html``;
  return html`<div class="banner reviewed" role="note"><span class="badge status-current">已复核</span> ${reviewed.by} 于 ${reviewed.at.slice(0, 19).replace('T', ' ')} 基于第 ${reviewed.basedOn} 版复核：${reviewed.reason}<ul>${reviewed.changes.map(
    (change) => html`<li>${change}</li>`,
  )}</ul></div>`;
}

/** What a person should check, when the extraction needs review: the warnings that call for it. */
function reviewBanner(record: StoredNotice) {
  const { review, warnings } = record.notice;
  if (!review.needed) return html``;
  const reasons = warnings.filter((warning) => review.reasons.includes(warning.code));
  const lowConfidence = review.reasons.includes('low-confidence');
  return html`<div class="banner review" role="note"><span class="badge status-review">需复核</span> 抽取结果需要人工复核：<ul>${reasons.map(
    (warning) => html`<li>${warning.message}</li>`,
  )}${lowConfidence ? html`<li>有表格的列是推断的（可信度 ${Math.round(review.confidence * 100)}%），请对照原件核对。</li>` : ''}</ul></div>`;
}

/** A clear banner for notices that are not simply in force, and for superseded versions. */
function banner(record: StoredNotice) {
  const { status } = record.notice.meta;
  const notes = [
    status === 'draft' ? '本通知为征求意见稿，尚未生效。' : null,
    status === 'trial' ? '本通知为试行版本。' : null,
    status === 'expired' ? '本通知已失效。' : null,
    record.current ? null : '这是旧版本，已被更新的版本取代。',
  ].filter((n): n is string => n !== null);
  if (notes.length === 0) return html``;
  return html`<div class="banner status-${status}" role="note">${statusBadge(status)} ${notes.join(' ')}</div>`;
}

function positive(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
