/**
 * What the pickers and filters of the compare, matrix and search pages list, read from the
 * store's current notices: regions (with their province), the region tree the search filter
 * offers (every region with notices and its parents), the comparable notices and the cited laws.
 * Cached for a few seconds, so typing in the search box does not reread the store each time.
 */
import type { RegionSummary } from '../../../schemas/compare.ts';
import type { RegionRef } from '../../../schemas/notice.ts';
import type { StoredNotice } from '../../../schemas/store.ts';
import { regionsOf } from '../../compare/regions.ts';
import type { App } from '../../pipeline/app.ts';

/** One division in the filter tree: province, then city, then county, in display order. */
export interface RegionNode {
  /** The search filter value: the GB/T 2260 code, or the name when there is none. */
  value: string;
  name: string;
  depth: number;
}

export interface CatalogueFacts {
  regions: RegionSummary[];
  tree: RegionNode[];
  /** Current notices with catalogue items (a compare side each). */
  notices: { id: string; title: string | null; region: string | null; items: number }[];
  /** Laws the current catalogues cite, most cited first. */
  laws: string[];
}

const TTL_MS = 5_000;
const cache = new WeakMap<App, { at: number; facts: Promise<CatalogueFacts> }>();

export function catalogueFacts(app: App): Promise<CatalogueFacts> {
  const hit = cache.get(app);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.facts;
  const facts = app.store.listNotices({ currentOnly: true }).then(factsOf);
  cache.set(app, { at: Date.now(), facts });
  facts.catch(() => cache.delete(app));
  return facts;
}

function factsOf(records: StoredNotice[]): CatalogueFacts {
  const laws = new Map<string, number>();
  for (const r of records)
    for (const table of r.notice.tables)
      for (const item of table.items)
        for (const c of item.citations) laws.set(c.law, (laws.get(c.law) ?? 0) + 1);
  return {
    regions: regionsOf(records),
    tree: regionTree(records),
    notices: records
      .map((r) => ({
        id: r.id,
        title: r.notice.meta.title,
        region: r.notice.meta.region?.name ?? null,
        items: r.notice.tables.reduce((n, t) => n + t.items.length, 0),
      }))
      .filter((n) => n.items > 0),
    laws: [...laws].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN')).map(([law]) => law),
  };
}

/** Every region of the records and its parents, as a depth-first list (province → city → county). */
function regionTree(records: StoredNotice[]): RegionNode[] {
  type Branch = { ref: RegionRef; children: Map<string, Branch> };
  const root = new Map<string, Branch>();
  for (const { notice } of records) {
    const region = notice.meta.region;
    if (!region) continue;
    let level = root;
    for (const ref of [...region.parents].reverse().concat(region)) {
      const key = ref.code ?? ref.name;
      const branch = level.get(key) ?? { ref, children: new Map() };
      level.set(key, branch);
      level = branch.children;
    }
  }
  const out: RegionNode[] = [];
  const walk = (level: Map<string, Branch>, depth: number) => {
    const sorted = [...level.values()].sort((a, b) => a.ref.name.localeCompare(b.ref.name, 'zh-CN'));
    for (const { ref, children } of sorted) {
      out.push({ value: ref.code ?? ref.name, name: ref.name, depth });
      walk(children, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}
