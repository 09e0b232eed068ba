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
    version: record.version,
    current: record.current,
    items: itemCount(notice),
    articles: notice.articles.length,
    needsReview: notice.review.needed,
    status: notice.meta.status,
    sourceFile: record.sourceFile,
    sha256: record.sha256,
  };
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
