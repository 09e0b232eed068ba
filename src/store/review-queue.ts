import type { StoredNotice } from '../../schemas/store.ts';

/** A table whose rows and columns the extractor is less sure of than this waits for review. */
export const LOW_CONFIDENCE = 0.8;

/** Whether a person should check this version: the extractor said so, or a table's confidence is low. */
export function waitsForReview(record: StoredNotice): boolean {
  if (record.reviewed) return false;
  const { review } = record.notice;
  return review.needed || review.confidence < LOW_CONFIDENCE;
}

/**
 * The review queue: current versions waiting for review (never a reviewed one), oldest first,
 * with how many wait per region (most first); optionally of one region.
 */
export function reviewQueue(records: readonly StoredNotice[], region?: string) {
  const waiting = records
    .filter((record) => record.current && waitsForReview(record))
    .filter((record) => !region || record.notice.meta.region?.name === region)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const counts = new Map<string, number>();
  for (const record of waiting) {
    const name = record.notice.meta.region?.name ?? '未识别地区';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const regions = [...counts]
    .map(([name, count]) => ({ region: name, count }))
    .sort((a, b) => b.count - a.count || a.region.localeCompare(b.region, 'zh'));
  return { total: waiting.length, regions, notices: waiting };
}
