import { createHash } from 'node:crypto';
import type { Notice } from '../../schemas/notice.ts';

/**
 * A notice's catalogue identity: its region plus its kind. Tables → the power types they list
 * (a region's 行政检查 catalogue is superseded by its next 行政检查 catalogue); articles only →
 * the title without status marks, years and brackets (a corrected 实施办法 replaces the last).
 */
export function catalogueKey(notice: Notice): string {
  const region =
    notice.meta.region?.code ?? notice.meta.region?.name ?? notice.meta.issuer ?? 'unknown-region';
  const powerTypes = [
    ...new Set(notice.tables.flatMap((t) => t.items.map((i) => i.powerType ?? '未分类'))),
  ].sort();
  if (powerTypes.length > 0) return `${region}|catalogue|${powerTypes.join('+')}`;
  const title = (notice.meta.title ?? notice.source?.file ?? '')
    .replace(/[（(](?:试行|暂行|征求意见稿|草案|送审稿|修订|\d{4}年[^）)]*)[）)]/g, '')
    .replace(/\d{4}年?/g, '')
    .replace(/[《》〈〉“”"'\s]/g, '');
  return `${region}|text|${title}`;
}

/**
 * Of several notices' current versions, the newest per region and catalogue kind
 * (`catalogueKey`): a region's 2025 行政检查 catalogue supersedes its 2023 one although the two
 * are separate notices (their 文号 differ). Order kept. What a region's side of a comparison
 * and the coverage matrix read.
 */
export function latestPerCatalogue<T extends Ranked & { notice: Notice }>(records: readonly T[]): T[] {
  const newest = new Map<string, T>();
  for (const record of records) {
    const key = catalogueKey(record.notice);
    const held = newest.get(key);
    if (!held || newer(record, held)) newest.set(key, record);
  }
  const kept = new Set(newest.values());
  return records.filter((record) => kept.has(record));
}

/** Stable notice id for a catalogue: region code + a short hash of the key (all its versions share it). */
export function noticeIdFor(key: string, notice: Notice): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${notice.meta.region?.code ?? 'x'}-${hash}`;
}

/**
 * Which version of a catalogue is current: the newest by issue date, then by the time it was
 * stored (so re-issuing an old notice later does not demote the newer one).
 */
export function currentVersion(versions: readonly Ranked[]): number | null {
  let best: (typeof versions)[number] | null = null;
  for (const candidate of versions) {
    if (!best || newer(candidate, best)) best = candidate;
  }
  return best?.version ?? null;
}

/** What ranks a version: its issue date, then when it was stored. */
export interface Ranked {
  version: number;
  createdAt: string;
  notice: { meta: { issuedOn?: string | null | undefined } };
}

function newer(a: Ranked, b: Ranked): boolean {
  const [da, db] = [a.notice.meta.issuedOn, b.notice.meta.issuedOn];
  if (da && db && da !== db) return da > db;
  return a.createdAt >= b.createdAt;
}
