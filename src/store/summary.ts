import type { ExtractionSummary } from '../../schemas/job.ts';
import type { Notice } from '../../schemas/notice.ts';
import type { NoticeSummary, StoredNotice } from '../../schemas/store.ts';

/** The list row of a stored notice version. */
export function summarize(record: StoredNotice): NoticeSummary {
  const { notice } = record;
  return {
    id: record.id,
    region: notice.meta.region?.name ?? null,
    title: notice.meta.title,
    label: noticeLabel(notice),
    version: record.version,
    current: record.current,
    items: itemCount(notice),
    articles: notice.articles.length,
    needsReview: notice.review.needed,
    status: notice.meta.status,
    sourceFile: record.sourceFile,
    sha256: record.sha256,
    renditions: record.renditions.length,
  };
}

/**
 * What people see a notice called: its title; without one (a bare catalogue table), who issued
 * it and what it lists — never its file name, which says nothing and differs per format.
 */
export function noticeLabel(notice: Notice): string {
  if (notice.meta.title) return notice.meta.title;
  const who = notice.meta.issuer ?? notice.meta.region?.name ?? '未识别地区';
  const tableTitle = notice.tables.find((table) => table.title)?.title;
  if (tableTitle) return `${who} · ${tableTitle}`;
  const powers = [
    ...new Set(notice.tables.flatMap((table) => table.items.flatMap((item) => item.powerType ?? []))),
  ];
  if (powers.length > 0) return `${who} · ${powers.join('、')}事项清单（无标题）`;
  if (notice.articles.length > 0) return `${who} · 无标题文件（${notice.articles.length} 条）`;
  return `${who} · 无标题文件`;
}

/** What an ingest found: `N 项 · M 条`, and `需复核` when a person should check it. */
export function extractionSummary(notice: Notice): ExtractionSummary {
  const items = itemCount(notice);
  const articles = notice.articles.length;
  const needsReview = notice.review.needed;
  return {
    items,
    articles,
    needsReview,
    reasons: notice.review.reasons,
    text: `${items} 项 · ${articles} 条${needsReview ? ' · 需复核' : ''}`,
  };
}

function itemCount(notice: Notice): number {
  return notice.tables.reduce((count, table) => count + table.items.length, 0);
}
