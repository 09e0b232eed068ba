import type { NoticeStatus } from '../../../schemas/notice.ts';
import type { StoredNotice } from '../../../schemas/store.ts';
import { noticeLabel } from '../../store/summary.ts';
import { html, type SafeHtml } from '../html.ts';

/** Notice statuses in words (a badge always carries its word: never colour alone). */
export const STATUS_LABELS: Record<NoticeStatus, string> = {
  'in-force': '现行有效',
  draft: '征求意见稿',
  trial: '试行',
  expired: '已失效',
  unknown: '状态未标明',
};

/** The status as a badge with its word and a symbol. */
export function statusBadge(status: string): SafeHtml {
  const label = STATUS_LABELS[status as NoticeStatus] ?? status;
  const symbol = status === 'expired' ? '✕ ' : status === 'draft' || status === 'trial' ? '◆ ' : '';
  return html`<span class="badge status-${status}">${symbol}${label}</span>`;
}

/** The metadata block of one version: title line, 文号, issuer, date, region, status, source. */
export function noticeMeta(record: StoredNotice): SafeHtml {
  const { meta } = record.notice;
  const region = meta.region
    ? [meta.region.name, ...meta.region.parents.map((p) => p.name)].reverse().join(' › ')
    : null;
  const rows: [string, SafeHtml | string | null][] = [
    ['状态', statusBadge(meta.status)],
    ['文号', meta.docNumber],
    ['发文机关', meta.issuer],
    ['发布日期', meta.issuedOn],
    ['有效期至', meta.expiresOn],
    [
      '地区',
      region
        ? html`${region}${meta.region?.code ? html` <span class="muted">（${meta.region.code}）</span>` : ''}`
        : null,
    ],
    [
      '版本',
      html`第 ${record.version} 版${record.current ? html` <span class="badge status-current">现行版本</span>` : html` <span class="badge status-old">旧版本</span>`}`,
    ],
    ['来源文件', record.sourceFile],
    ['入库时间', record.createdAt.slice(0, 19).replace('T', ' ')],
  ];
  return html`<dl class="meta">${rows.map(
    ([label, value]) =>
      html`<div><dt>${label}</dt><dd>${value ?? html`<span class="muted">未注明</span>`}</dd></div>`,
  )}</dl>`;
}

/** The notice's title; without one, who issued it and what it lists (never its file name). */
export function noticeTitle(record: StoredNotice): string {
  return noticeLabel(record.notice);
}
