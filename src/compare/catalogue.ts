/**
 * A compared side: one notice (a file, a stored notice) or a region's current catalogues. Its
 * tables are numbered across its notices in order: a single notice keeps its own table indexes;
 * for several, the tables are concatenated in the order of `sources` (stored notices by id) and
 * `DiffSide.notices` says where each notice's tables start. Pure.
 */
import type { DiffSide, ItemRef } from '../../schemas/compare.ts';
import type { Item, Notice } from '../../schemas/notice.ts';

export interface CatalogueSource {
  /** The stored notice id, or the file name of an extracted file. */
  id: string;
  version: number | null;
  notice: Notice;
}

export interface Catalogue {
  /** What was asked for (a path, a region name, a notice id). */
  label: string;
  kind: DiffSide['kind'];
  sources: CatalogueSource[];
}

export interface CatalogueItem {
  item: Item;
  ref: ItemRef;
}

/** A single notice as a side. */
export function noticeCatalogue(label: string, notice: Notice, id?: string): Catalogue {
  return {
    label,
    kind: 'file',
    sources: [{ id: id ?? notice.source?.file ?? label, version: null, notice }],
  };
}

/** Every item of the side with its reference (table index across the side's notices). */
export function catalogueItems(catalogue: Catalogue): CatalogueItem[] {
  const out: CatalogueItem[] = [];
  let firstTable = 0;
  for (const source of catalogue.sources) {
    source.notice.tables.forEach((table, t) => {
      for (const item of table.items) {
        out.push({
          item,
          ref: {
            table: firstTable + t,
            seq: item.seq,
            name: item.name,
            powerType: item.powerType,
            notice: source.id,
          },
        });
      }
    });
    firstTable += source.notice.tables.length;
  }
  return out;
}

/** The side as the diff output describes it. */
export function describeSide(catalogue: Catalogue): DiffSide {
  let firstTable = 0;
  const notices = catalogue.sources.map((source) => {
    const entry = {
      id: source.id,
      title: source.notice.meta.title,
      region: source.notice.meta.region?.name ?? null,
      version: source.version,
      firstTable,
      tables: source.notice.tables.length,
      docNumber: source.notice.meta.docNumber,
      sourceFile: source.notice.source?.file ?? null,
    };
    firstTable += source.notice.tables.length;
    return entry;
  });
  return { label: catalogue.label, kind: catalogue.kind, notices };
}
