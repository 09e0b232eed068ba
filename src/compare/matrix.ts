/**
 * The coverage matrix: canonical powers (clusters of matched items, see cluster.ts) × regions.
 * A row is named by its most common item name and power type; a cell is `absent` when the region
 * lists no item of the power, `differs` when its item cites other provisions or names other
 * targets than the row's consensus (the value most of the items stating it share; when no value
 * is ahead, every stated value differs), else `present`. Rows: most regions first, then by name.
 * Pure.
 */
import type { CoverageCell, Matrix, MatrixRow } from '../../schemas/compare.ts';
import type { PowerType } from '../../schemas/notice.ts';
import type { StoredNotice } from '../../schemas/store.ts';
import { lawKey } from '../chinese/law.ts';
import { latestPerCatalogue } from '../store/catalogue-key.ts';
import { type CatalogueItem, catalogueItems } from './catalogue.ts';
import { type ClusterOptions, clusterItems, type RegionItems } from './cluster.ts';
import { DEFAULT_THRESHOLD } from './item-similarity.ts';
import type { ItemProfile } from './profile.ts';

export interface MatrixOptions extends ClusterOptions {
  /** The computation time recorded. @defaultValue now */
  now?: Date;
  /** The notice versions the regions' items come from (recorded as `sources`). @defaultValue [] */
  sources?: Matrix['sources'];
}

/** The matrix of these regions' items (a region's column index = its position). */
export function buildMatrix(regions: readonly RegionItems[], options: MatrixOptions = {}): Matrix {
  const clusters = clusterItems(regions, options);
  const rows = clusters.map((cluster) => {
    const members = cluster.members;
    const signatures = members.map((m) => ({
      citations: citationSignature(m.profile),
      targets: targetSignature(m.profile),
    }));
    const citations = consensus(signatures.map((x) => x.citations));
    const targets = consensus(signatures.map((x) => x.targets));
    const cells: CoverageCell[] = regions.map(() => 'absent');
    // ≠ only against the variant most regions share; with no such variant (a tie) nobody is ≠,
    // so a row is never all ≠ and no ✓
    const differs = signatures.map((x) => [
      ...(citations !== null && x.citations !== '' && x.citations !== citations
        ? (['citations'] as const)
        : []),
      ...(targets !== null && x.targets !== '' && x.targets !== targets ? (['targets'] as const) : []),
    ]);
    members.forEach(({ region }, i) => {
      cells[region] = differs[i]?.length ? 'differs' : 'present';
    });
    const powerType = modal(members.map((m) => m.profile.powerType ?? ''));
    const row: Omit<MatrixRow, 'id'> = {
      name: modal(members.map((m) => m.profile.item.name)),
      powerType: (powerType || null) as PowerType | null,
      cells,
      members: members.map(({ region, profile: { ref } }, i) => ({
        region,
        notice: ref.notice,
        table: ref.table,
        seq: ref.seq,
        name: ref.name,
        ...(differs[i]?.length ? { differs: differs[i] } : {}),
      })),
    };
    return row;
  });
  rows.sort((x, y) => y.members.length - x.members.length || x.name.localeCompare(y.name, 'zh'));
  return {
    regions: regions.map((r) => r.region),
    rows: rows.map((row, i) => ({ id: `p${i + 1}`, ...row })),
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
    items: regions.reduce((n, r) => n + r.items.length, 0),
    computedAt: (options.now ?? new Date()).toISOString(),
    sources: options.sources ?? [],
  };
}

/** The matrix of the current catalogues among these stored notices, with their versions as sources. */
export function matrixOfRecords(records: readonly StoredNotice[], options: MatrixOptions = {}): Matrix {
  return buildMatrix(regionItems(records), { ...options, sources: currentSources(records) });
}

/** The (id, version) of every current notice with items, by id: what a matrix is computed from. */
export function currentSources(records: readonly StoredNotice[]): Matrix['sources'] {
  return records
    .filter((r) => r.current && r.notice.tables.some((t) => t.items.length > 0))
    .map((r) => ({ id: r.id, version: r.version }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The current catalogues grouped into regions (by the notice's region name, or its id when it
 * names none), regions sorted by name; notices without items are left out.
 */
export function regionItems(records: readonly StoredNotice[]): RegionItems[] {
  const byRegion = new Map<string, CatalogueItem[]>();
  // a region's newer catalogue of a kind supersedes its older one (separate notices: other 文号)
  const sorted = latestPerCatalogue(records.filter((r) => r.current)).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  for (const record of sorted) {
    const region = record.notice.meta.region?.name ?? record.id;
    const items = catalogueItems({
      label: region,
      kind: 'notice',
      sources: [{ id: record.id, version: record.version, notice: record.notice }],
    });
    if (items.length === 0) continue;
    byRegion.set(region, [...(byRegion.get(region) ?? []), ...items]);
  }
  return [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b, 'zh'))
    .map(([region, items]) => ({ region, items }));
}

/** Cited provisions as one comparable string (law#article.paragraph, law-only as law#*). */
function citationSignature(p: ItemProfile): string {
  const keys = p.item.citations.map(
    (c) => `${lawKey(c.law)}#${c.article ?? '*'}${c.paragraph ? `.${c.paragraph}` : ''}`,
  );
  return [...new Set(keys)].sort().join('|');
}

function targetSignature(p: ItemProfile): string {
  return [...new Set(p.item.targets.map((t) => t.replace(/\s+/gu, '')))].sort().join('|');
}

/**
 * The value the stated (non-empty) values agree on: the only one, or the one strictly more common
 * than any other; null when two or more are tied ahead (then none is the reference).
 */
function consensus(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  const ranked = [...counts.values()].sort((a, b) => b - a);
  if (ranked.length > 1 && ranked[0] === ranked[1]) return null;
  return modal(values);
}

/** The most common non-empty value (the first seen wins a tie); '' when there is none. */
function modal(values: string[]): string {
  const counts = new Map<string, number>();
  let best = '';
  for (const value of values) {
    if (value === '') continue;
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    if (n > (counts.get(best) ?? 0)) best = value;
  }
  return best;
}
