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
    items: notice.tables.reduce((count, table) => count + table.items.length, 0),
    articles: notice.articles.length,
    status: notice.meta.status,
    sourceFile: record.sourceFile,
    sha256: record.sha256,
  };
}
