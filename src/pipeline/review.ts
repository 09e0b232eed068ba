/**
 * Staff review: a person's corrections to an extracted notice saved as a **reviewed version**
 * (the extracted one stays), searchable and compared at once, written to the audit log; the
 * column mappings it confirmed become header aliases that later extractions apply, so the same
 * layout is right next time. The HTTP API, the web app and `policy-kb review import` call this.
 */
import { AuditEntry, HeaderAlias, type Reviewed, type ReviewRequest } from '../../schemas/review.ts';
import type { StoredNotice } from '../../schemas/store.ts';
import { refreshComparisons } from '../compare/refresh.ts';
import { BadInputError } from '../errors.ts';
import { applyCorrections } from '../extract/corrections.ts';
import { headerForm } from '../extract/headers.ts';
import { indexRecord } from '../search/index-record.ts';
import type { SearchIndex } from '../search/types.ts';
import type { NoticeStore } from '../store/types.ts';

export interface ReviewResult {
  record: StoredNotice;
  changes: string[];
  /** Column mappings learned from this review. */
  learned: HeaderAlias[];
}

/** Thrown when the notice (or version) to review does not exist. */
export class NoSuchNotice extends Error {
  override readonly name = 'NoSuchNotice';
}

export async function reviewNotice(
  deps: { store: NoticeStore; index: SearchIndex },
  id: string,
  request: ReviewRequest,
  by: string,
): Promise<ReviewResult> {
  const { store, index } = deps;
  const base = await store.getNotice(id, request.version);
  if (!base)
    throw new NoSuchNotice(`没有这个通知：${id}${request.version ? ` 第 ${request.version} 版` : ''}`);
  const { notice, changes, mapped } = applyCorrections(base.notice, request.corrections, id);
  if (changes.length === 0) throw new BadInputError(id, 'malformed', '没有任何更正');
  const at = new Date().toISOString();
  const reviewed: Reviewed = {
    by,
    at,
    reason: request.reason,
    basedOn: base.version,
    corrections: request.corrections,
    changes,
  };
  // the review's own original: what the reviewer sent, kept like any upload
  const bytes = new TextEncoder().encode(`${JSON.stringify({ noticeId: id, ...reviewed }, null, 2)}\n`);
  const ref = await store.putOriginal(bytes, `复核-${id}-v${base.version}.json`);
  const { record } = await store.saveNotice({
    notice,
    sha256: ref.sha256,
    catalogueKey: base.catalogueKey,
    sourceFile: ref.fileName,
    reviewed,
  });
  await indexRecord(index, record, { store });
  await store.setStatus(record.id, record.version, 'indexed');
  await refreshComparisons({ store }, record);

  // each column mapping the reviewer set, by its header, in the notice's region
  const learned = mapped.map(
    ({ header, field }): HeaderAlias => ({
      header: headerForm(header),
      field,
      regionCode: base.notice.meta.region?.code ?? null,
      noticeId: record.id,
      version: record.version,
      by,
      at,
    }),
  );
  for (const alias of learned) {
    await store.appendEntry('header-aliases', HeaderAlias.parse(alias));
    await audit(store, {
      at,
      by,
      action: 'learn-alias',
      noticeId: id,
      version: record.version,
      detail: `表头「${alias.header}」记为${alias.field ?? '不对应任何字段'}（${alias.regionCode ?? '全部地区'}）`,
    });
  }
  await audit(store, {
    at,
    by,
    action: 'review',
    noticeId: id,
    version: record.version,
    detail: `基于第 ${base.version} 版复核：${request.reason}；${changes.join('；')}`,
  });
  return { record, changes, learned };
}

async function audit(store: NoticeStore, entry: AuditEntry): Promise<void> {
  await store.appendEntry('audit', AuditEntry.parse(entry));
}

/** The column mappings reviewers confirmed, oldest first (entries that fail their schema are skipped). */
export async function headerAliases(store: NoticeStore): Promise<HeaderAlias[]> {
  return (await store.listEntries('header-aliases')).flatMap((entry) => {
    const parsed = HeaderAlias.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The audit log, oldest first, optionally of one notice. */
export async function auditLog(store: NoticeStore, noticeId?: string): Promise<AuditEntry[]> {
  return (await store.listEntries('audit')).flatMap((entry) => {
    const parsed = AuditEntry.safeParse(entry);
    return parsed.success && (!noticeId || parsed.data.noticeId === noticeId) ? [parsed.data] : [];
  });
}
