/**
 * What gets indexed, for both adapters: one stored notice version → one document for the notice
 * (title, 文号, issuer, region, date, status), one per catalogue item (name, power type, targets,
 * basis, citations as `law#article`, the region and all its parents) and one per article
 * (number, chapter, text). Every document's context field holds its region names. Pure.
 */
import type { Item, Notice, NoticeStatus, PowerType } from '../../schemas/notice.ts';
import type { SearchKind } from '../../schemas/search.ts';
import type { StoredNotice } from '../../schemas/store.ts';
import { waitsForReview } from '../store/review-queue.ts';
import { searchForm } from './terms.ts';

/** The searchable fields of a document, strongest first; their weights are FIELD_WEIGHTS. */
export const FIELDS = ['name', 'targets', 'body', 'context'] as const;
export type FieldName = (typeof FIELDS)[number];
/** A field mask with every field's bit (bit f: FIELDS[f]): nothing known of where a word is. */
export const ALL_FIELDS = (1 << FIELDS.length) - 1;

/** name > targets > body (basis, article text) > context (region, notice title). */
export const FIELD_WEIGHTS: readonly number[] = [10, 5, 2, 1];

export interface SearchDocument {
  /** Unique per document: `<noticeId>@<version>/i/<table>/<row>`, `/a/<index>` or `/n`. */
  key: string;
  kind: SearchKind;
  noticeId: string;
  version: number;
  current: boolean;
  region: string | null;
  /** Region names, most specific first (官渡区, 昆明市, 云南省). */
  regionPath: string[];
  /** GB/T 2260 codes of the region and its parents. */
  regionCodes: string[];
  status: NoticeStatus;
  /** The version waits for review (需复核; store/review-queue.ts waitsForReview). Absent in documents indexed before it existed. */
  needsReview?: boolean;
  issuedOn: string | null;
  docNumber: string | null;
  powerType: PowerType | null;
  table: number | null;
  seq: number | null;
  article: number | null;
  title: string;
  /** Cited laws, each as `law` and (with an article) `law#article`. */
  laws: string[];
  /** Searchable text per field (in searchForm), in FIELDS order. */
  fields: [name: string, targets: string, body: string, context: string];
}

/** The documents of one stored version: the notice first, then items, then articles. */
export function documentsOf(record: StoredNotice): SearchDocument[] {
  const { notice } = record;
  const base = baseOf(record);
  const context = join(base.regionPath);
  const title = noticeTitle(notice);
  const docs: SearchDocument[] = [
    {
      ...base,
      key: `${base.noticeId}@${base.version}/n`,
      kind: 'notice',
      title,
      laws: [],
      fields: text(title, join([notice.meta.docNumber, notice.meta.issuer]), '', context),
    },
  ];
  notice.tables.forEach((table, t) => {
    table.items.forEach((item, row) => {
      const powerType = item.powerType ?? table.powerType;
      docs.push({
        ...base,
        key: `${base.noticeId}@${base.version}/i/${t}/${row}`,
        kind: 'item',
        powerType,
        table: t,
        seq: item.seq,
        title: item.name,
        laws: lawsOf(item),
        fields: text(item.name, join([item.targets.join('、'), powerType]), bodyOf(item), context),
      });
    });
  });
  notice.articles.forEach((article, a) => {
    docs.push({
      ...base,
      key: `${base.noticeId}@${base.version}/a/${a}`,
      kind: 'article',
      article: article.number,
      title: `${title} 第${article.number}条`,
      laws: [],
      fields: text('', article.chapter ?? '', article.text, context),
    });
  });
  return docs;
}

/** The title a notice is shown by: its own, else its first table's, else its region's catalogue. */
export function noticeTitle(notice: Notice): string {
  const table = notice.tables.find((t) => t.title)?.title;
  return notice.meta.title ?? table ?? `${notice.meta.region?.name ?? ''}行政执法事项清单`;
}

function baseOf(record: StoredNotice) {
  const { meta } = record.notice;
  const region = meta.region;
  const chain = region ? [region, ...region.parents] : [];
  return {
    noticeId: record.id,
    version: record.version,
    current: record.current,
    region: region?.name ?? null,
    regionPath: chain.map((r) => r.name),
    regionCodes: chain.flatMap((r) => (r.code ? [r.code] : [])),
    status: meta.status,
    needsReview: waitsForReview(record),
    issuedOn: meta.issuedOn,
    docNumber: meta.docNumber,
    powerType: null,
    table: null,
    seq: null,
    article: null,
  };
}

/** The basis column, the citations as law#article, and every other column's text. */
function bodyOf(item: Item): string {
  const citations = item.citations.map((c) => (c.article ? `${c.law}#${c.article}` : c.law));
  return join([item.basis, citations.join(' '), ...Object.values(item.fields), ...Object.values(item.extra)]);
}

function lawsOf(item: Item): string[] {
  const laws = item.citations.flatMap((c) => (c.article ? [c.law, `${c.law}#${c.article}`] : [c.law]));
  return [...new Set(laws)];
}

function text(name: string, targets: string, body: string, context: string): SearchDocument['fields'] {
  return [searchForm(name), searchForm(targets), searchForm(body), searchForm(context)];
}

function join(parts: readonly (string | null | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join('\n');
}
