/**
 * The regions of the current notices, for pickers and filters: each region once (by GB/T 2260
 * code, else by name) with its province and parents, and how many notices and catalogue items it
 * has. Pure.
 */
import type { RegionSummary } from '../../schemas/compare.ts';
import type { StoredNotice } from '../../schemas/store.ts';

/** Regions of the given (current) records, sorted by province, then parents, then name. */
export function regionsOf(records: StoredNotice[]): RegionSummary[] {
  const byKey = new Map<string, RegionSummary>();
  for (const { notice } of records) {
    const region = notice.meta.region;
    if (!region) continue;
    const key = region.code ?? region.name;
    const parents = region.parents.map((p) => p.name).reverse();
    const entry = byKey.get(key) ?? {
      name: region.name,
      code: region.code,
      level: region.level,
      parents,
      province: parents[0] ?? region.name,
      notices: 0,
      catalogues: 0,
      items: 0,
    };
    entry.notices += 1;
    const items = notice.tables.reduce((n, t) => n + t.items.length, 0);
    if (items > 0) entry.catalogues += 1;
    entry.items += items;
    byKey.set(key, entry);
  }
  const sortKey = (r: RegionSummary) => [...r.parents, r.name].join('/');
  return [...byKey.values()].sort((a, b) => sortKey(a).localeCompare(sortKey(b), 'zh-CN'));
}

/** The province of each region name (the first region of a name wins when names repeat). */
export function provinceOfName(regions: RegionSummary[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of regions) if (!map.has(r.name)) map.set(r.name, r.province);
  return map;
}
