/**
 * Clustering every region's items once into canonical powers, instead of comparing every pair of
 * regions. Regions are taken in order; each region's items are matched one-to-one (greedy, best
 * score first) against the existing clusters that a blocking index proposes (an item's score
 * against a cluster is its mean score against the cluster's first few distinct names), and an
 * item with no cluster from the threshold up founds a new one. The blocking index is keyed by power type + name
 * gram and power type + cited law#article; keys shared by very many clusters (医疗, 保障) are
 * skipped, and an item is scored only against the few clusters sharing the most key weight with
 * it. Linear in the number of items. Pure.
 */
import { PowerType } from '../../schemas/notice.ts';
import type { CatalogueItem } from './catalogue.ts';
import { DEFAULT_THRESHOLD, DEFAULT_WEIGHTS, type ScoreWeights, scorePair } from './item-similarity.ts';
import { createProfiler, type ItemProfile } from './profile.ts';

export interface RegionItems {
  region: string;
  items: CatalogueItem[];
}

export interface ClusterOptions {
  /** @defaultValue DEFAULT_THRESHOLD */
  threshold?: number;
  /** @defaultValue DEFAULT_WEIGHTS */
  weights?: ScoreWeights;
  /** A blocking key shared by more clusters than this proposes none of them. @defaultValue 256 */
  maxPosting?: number;
  /** Candidate clusters scored per item: those sharing the most key weight. @defaultValue 8 */
  candidates?: number;
  /** Distinct-name members (the first ones) a cluster is scored by. @defaultValue 4 */
  exemplars?: number;
  /**
   * How an item's scores against a cluster's exemplars combine: `mean` (average linkage) or `max`
   * (single linkage, which lets clusters chain into each other through look-alike names: measured
   * in scripts/tune-compare.ts). @defaultValue 'mean'
   */
  linkage?: 'mean' | 'max';
}

export interface Cluster {
  /** Members in region order; at most one per region. */
  members: { region: number; profile: ItemProfile }[];
  exemplars: ItemProfile[];
}

/** Clusters the items of all regions (region index = position in `regions`). */
export function clusterItems(regions: readonly RegionItems[], options: ClusterOptions = {}): Cluster[] {
  const { threshold = DEFAULT_THRESHOLD, weights = DEFAULT_WEIGHTS } = options;
  const { maxPosting = 256, candidates = 8, exemplars = 4, linkage = 'mean' } = options;
  const profiler = createProfiler();
  const profiles = regions.map((r) => r.items.map((x) => profiler.profile(x.item, x.ref)));
  const idf = profiler.idf();
  const clusters: Cluster[] = [];
  const index = new Map<number, number[]>();
  const blockingKeys = (p: ItemProfile) => {
    const type = p.powerType ? PowerType.options.indexOf(p.powerType) + 1 : 0;
    return [...p.name, ...p.articles].map((id) => id * 16 + type);
  };
  const addExemplar = (c: number, p: ItemProfile) => {
    const cluster = clusters[c] as Cluster;
    if (cluster.exemplars.length >= exemplars || cluster.exemplars.some((e) => e.core === p.core)) return;
    cluster.exemplars.push(p);
    for (const key of blockingKeys(p)) {
      const list = index.get(key);
      if (!list) index.set(key, [c]);
      else if (list.at(-1) !== c) list.push(c);
    }
  };

  profiles.forEach((items, region) => {
    const scored: { item: number; cluster: number; score: number }[] = [];
    items.forEach((p, item) => {
      for (const c of proposals(blockingKeys(p), index, idf, { maxPosting, limit: candidates })) {
        const score = linked(
          p,
          (clusters[c] as Cluster).exemplars,
          (x, y) => scorePair(x, y, idf, weights),
          linkage,
        );
        if (score >= threshold) scored.push({ item, cluster: c, score });
      }
    });
    scored.sort((x, y) => y.score - x.score || x.item - y.item || x.cluster - y.cluster);
    const [placed, taken] = [new Set<number>(), new Set<number>()];
    for (const { item, cluster } of scored) {
      if (placed.has(item) || taken.has(cluster)) continue;
      placed.add(item);
      taken.add(cluster);
      (clusters[cluster] as Cluster).members.push({ region, profile: items[item] as ItemProfile });
      addExemplar(cluster, items[item] as ItemProfile);
    }
    items.forEach((p, item) => {
      if (placed.has(item)) return;
      clusters.push({ members: [{ region, profile: p }], exemplars: [] });
      addExemplar(clusters.length - 1, p);
    });
  });
  return clusters;
}

/** An item's score against a cluster: the mean (or max) of its scores against the exemplars. */
function linked(
  p: ItemProfile,
  exemplars: ItemProfile[],
  score: (a: ItemProfile, b: ItemProfile) => number,
  linkage: 'mean' | 'max',
): number {
  let [sum, best] = [0, 0];
  for (const e of exemplars) {
    const s = score(p, e);
    [sum, best] = [sum + s, Math.max(best, s)];
  }
  return linkage === 'max' ? best : sum / Math.max(1, exemplars.length);
}

/** The clusters sharing the most key weight (idf) with the item, at most `limit`. */
function proposals(
  keys: number[],
  index: Map<number, number[]>,
  idf: Float64Array,
  { maxPosting, limit }: { maxPosting: number; limit: number },
): number[] {
  const weight = new Map<number, number>();
  for (const key of keys) {
    const posting = index.get(key);
    if (!posting || posting.length > maxPosting) continue;
    const w = idf[Math.floor(key / 16)] ?? 1;
    for (const c of posting) weight.set(c, (weight.get(c) ?? 0) + w);
  }
  return [...weight]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, limit)
    .map(([c]) => c);
}
