/**
 * What makes two uploads the same notice, the same version, or two renditions of one version.
 *
 * - A notice is its region and 文号; without a 文号, its region and normalized title; without
 *   either (a bare catalogue table), its region and catalogue kind (`catalogueKey`).
 * - A version is a notice's normalized content (`contentKey`: metadata, items and articles, not
 *   the file, its format or the extractor's confidence). An upload whose content a version of
 *   its notice already has is another rendition of that version, not a new version.
 * - The same notice (same identity and issue date) arriving in a format its version has no
 *   rendition in yet is a rendition too, even when the formats disagree: what this file gave
 *   otherwise is kept with it (`renditionDifferences`) and shown as a warning.
 *
 * Pure functions; the stores apply them under their save lock.
 */
import { createHash } from 'node:crypto';
import type { Item, Notice, NoticeTable } from '../../schemas/notice.ts';
import type { Rendition, StoredNotice } from '../../schemas/store.ts';
import { catalogueKey } from './catalogue-key.ts';

/** 文号 written the way it compares: no spaces, one kind of bracket around the year. */
export function docNumberKey(docNumber: string): string {
  return docNumber
    .replace(/\s+/gu, '')
    .replace(/[[［(（【〔]/gu, '〔')
    .replace(/[\]］)）】〕]/gu, '〕');
}

/** A title the way it compares: no quotation marks, brackets' width or white space. */
export function titleKey(title: string): string {
  return title
    .replace(/[《》〈〉“”"'‘’\s]/gu, '')
    .replace(/\(/gu, '（')
    .replace(/\)/gu, '）');
}

/** The notice's identity: region + 文号, else region + title, else region + catalogue kind. */
export function noticeKey(notice: Notice): string {
  const region =
    notice.meta.region?.code ?? notice.meta.region?.name ?? notice.meta.issuer ?? 'unknown-region';
  if (notice.meta.docNumber) return `${region}|doc|${docNumberKey(notice.meta.docNumber)}`;
  if (notice.meta.title) return `${region}|title|${titleKey(notice.meta.title)}`;
  return catalogueKey(notice);
}

/** What a version is: the notice's normalized content, without anything that depends on the file. */
export function contentKey(notice: Notice): string {
  const { meta } = notice;
  const content = {
    meta: {
      title: meta.title,
      docNumber: meta.docNumber,
      issuer: meta.issuer,
      issuedOn: meta.issuedOn,
      region: meta.region?.code ?? meta.region?.name ?? null,
      status: meta.status,
      expiresOn: meta.expiresOn,
    },
    tables: notice.tables.map((table) => ({
      title: table.title,
      kind: table.kind,
      powerType: table.powerType,
      headers: table.headers,
      items: table.items.map(itemContent),
    })),
    articles: notice.articles.map(({ chapter, number, text }) => ({ chapter, number, text })),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

function itemContent(item: Item) {
  const { verbatim: _verbatim, ...content } = item;
  return content;
}

/** A version as the placing rule sees it. */
export interface VersionFacts {
  version: number;
  /** Null for versions saved before content keys were recorded: they match nothing. */
  contentKey: string | null;
  issuedOn: string | null;
  /** The formats of its renditions so far. */
  formats: readonly string[];
}

/** Where an upload of a known notice goes: into an existing version as a rendition, or a new version. */
export type Placement =
  | { kind: 'rendition'; version: number; sameContent: boolean }
  | { kind: 'new-version' };

/**
 * The version an upload (its content key, issue date and format) is a rendition of, newest
 * first: one with the same content; else, for a format the notice has no rendition in yet, the
 * version of the same issue date (the same notice read from another format). Otherwise a new
 * version: the same format with other content is a corrected or re-issued notice.
 */
export function placeUpload(
  versions: readonly VersionFacts[],
  upload: { contentKey: string; issuedOn: string | null; format: string },
): Placement {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const same = newestFirst.find((v) => v.contentKey === upload.contentKey);
  if (same) return { kind: 'rendition', version: same.version, sameContent: true };
  // only a version whose formats are known can be told to lack this one
  const known = (v: VersionFacts) => v.formats.length > 0 && !v.formats.includes('unknown');
  const sibling = newestFirst.find(
    (v) =>
      v.contentKey !== null &&
      known(v) &&
      upload.format !== 'unknown' &&
      v.issuedOn === upload.issuedOn &&
      !v.formats.includes(upload.format),
  );
  if (sibling) return { kind: 'rendition', version: sibling.version, sameContent: false };
  return { kind: 'new-version' };
}

/** Formats as staff name them. */
const FORMAT_NAMES: Record<string, string> = {
  docx: 'Word',
  pdf: 'PDF',
  html: '网页',
  txt: '文本',
  review: '复核更正',
};
export const formatName = (format: string): string => FORMAT_NAMES[format] ?? format;

/** At most this many differences are recorded per rendition (then one line saying how many more). */
const MAX_DIFFERENCES = 12;

/** How the differences name a rendition in format `format`: PDF版, Word版 … */
export const renditionName = (format: string): string => `${formatName(format)}版`;

/**
 * What `other` (`name`: a rendition, renditionName(format), or a new extraction) gave otherwise
 * than the version's notice: metadata, items missing or added (by table and 序号), item fields
 * that differ, articles missing, added or worded otherwise. Each with a stable code and a
 * Chinese message.
 */
export function renditionDifferences(version: Notice, other: Notice, name: string): Rendition['differences'] {
  const out: Rendition['differences'] = [];
  const META: [keyof Notice['meta'], string][] = [
    ['title', '标题'],
    ['docNumber', '文号'],
    ['issuer', '发文机关'],
    ['issuedOn', '发文日期'],
    ['status', '状态'],
  ];
  for (const [field, label] of META) {
    const [a, b] = [version.meta[field], other.meta[field]];
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push({
        code: 'rendition_meta',
        message: `${name}的${label}为“${String(b ?? '无')}”，原版本为“${String(a ?? '无')}”`,
      });
  }
  const tables = Math.max(version.tables.length, other.tables.length);
  for (let t = 0; t < tables; t++) {
    const [a, b] = [version.tables[t], other.tables[t]];
    if (!a || !b) {
      out.push({
        code: b ? 'rendition_extra_table' : 'rendition_missing_table',
        message: `${name}${b ? '多出' : '缺少'}表${t + 1}（${(a ?? b)?.title ?? '无标题'}，${(a ?? b)?.items.length ?? 0} 项）`,
      });
      continue;
    }
    out.push(...tableDifferences(a, b, t, name));
  }
  const articles = new Map(version.articles.map((a) => [a.number, a.text]));
  const otherArticles = new Map(other.articles.map((a) => [a.number, a.text]));
  const missingArticles = [...articles.keys()].filter((n) => !otherArticles.has(n));
  const extraArticles = [...otherArticles.keys()].filter((n) => !articles.has(n));
  const reworded = [...articles].filter(([n, text]) => otherArticles.has(n) && otherArticles.get(n) !== text);
  if (missingArticles.length > 0)
    out.push({ code: 'rendition_missing_articles', message: `${name}缺少第${missingArticles.join('、')}条` });
  if (extraArticles.length > 0)
    out.push({ code: 'rendition_extra_articles', message: `${name}多出第${extraArticles.join('、')}条` });
  if (reworded.length > 0)
    out.push({
      code: 'rendition_article_text',
      message: `${name}第${reworded.map(([n]) => n).join('、')}条的文字不同`,
    });
  if (out.length <= MAX_DIFFERENCES) return out;
  return [
    ...out.slice(0, MAX_DIFFERENCES),
    { code: 'rendition_more', message: `另有 ${out.length - MAX_DIFFERENCES} 处不同` },
  ];
}

const ITEM_FIELDS: [keyof Item, string][] = [
  ['name', '名称'],
  ['powerType', '职权类型'],
  ['targets', '对象'],
  ['levels', '层级'],
  ['basis', '依据'],
  ['fields', '其他字段'],
  ['grades', '裁量阶次'],
];

function tableDifferences(a: NoticeTable, b: NoticeTable, t: number, name: string) {
  const out: Rendition['differences'] = [];
  const key = (item: Item, k: number) => (item.seq > 0 ? item.seq : k + 1);
  const ours = new Map(a.items.map((item, k) => [key(item, k), item]));
  const theirs = new Map(b.items.map((item, k) => [key(item, k), item]));
  const missing = [...ours.keys()].filter((seq) => !theirs.has(seq));
  const extra = [...theirs.keys()].filter((seq) => !ours.has(seq));
  if (missing.length > 0)
    out.push({
      code: 'rendition_missing_items',
      message: `${name}表${t + 1}缺少 ${missing.length} 项（第${missing.join('、')}项）`,
    });
  if (extra.length > 0)
    out.push({
      code: 'rendition_extra_items',
      message: `${name}表${t + 1}多出 ${extra.length} 项（第${extra.join('、')}项）`,
    });
  for (const [seq, item] of ours) {
    const other = theirs.get(seq);
    if (!other) continue;
    const differing = ITEM_FIELDS.filter(
      ([field]) => JSON.stringify(item[field]) !== JSON.stringify(other[field]),
    );
    if (differing.length > 0)
      out.push({
        code: 'rendition_item_fields',
        message: `${name}表${t + 1}·第${seq}项的${differing.map(([, label]) => label).join('、')}不同`,
      });
  }
  return out;
}

/** The rendition a version was made from: its own file. */
export function primaryRendition(
  record: Pick<StoredNotice, 'sha256' | 'sourceFile' | 'createdAt' | 'notice'> & { reviewed?: unknown },
): Rendition {
  return {
    sha256: record.sha256,
    sourceFile: record.sourceFile,
    // a reviewed version was made from the reviewer's corrections
    format: record.reviewed ? 'review' : (record.notice.source?.format ?? 'unknown'),
    storedAt: record.createdAt,
    differences: [],
  };
}

/**
 * The files a version can be downloaded as: its renditions, or its own file alone for a record
 * that lists none (stored before renditions were kept).
 */
export function renditionsOf(record: StoredNotice): Rendition[] {
  return record.renditions.length > 0 ? record.renditions : [primaryRendition(record)];
}

/** A version to fold into another as its rendition (migration of stores with format-only versions). */
export interface Fold {
  version: number;
  into: number;
  sameContent: boolean;
}

/**
 * Which of a notice's versions (saved before renditions existed) are renditions of an earlier
 * one: the rule an upload is placed by (`placeUpload`), replayed in the order they were saved.
 */
export function planFolds(versions: readonly Pick<StoredNotice, 'version' | 'notice'>[]): Fold[] {
  const kept: { version: number; contentKey: string; issuedOn: string | null; formats: string[] }[] = [];
  const folds: Fold[] = [];
  for (const record of [...versions].sort((a, b) => a.version - b.version)) {
    const upload = {
      contentKey: contentKey(record.notice),
      issuedOn: record.notice.meta.issuedOn,
      format: record.notice.source?.format ?? 'unknown',
    };
    const placement = placeUpload(kept, upload);
    if (placement.kind === 'rendition') {
      folds.push({ version: record.version, into: placement.version, sameContent: placement.sameContent });
      kept.find((v) => v.version === placement.version)?.formats.push(upload.format);
    } else kept.push({ version: record.version, ...upload, formats: [upload.format] });
  }
  return folds;
}
