import type { SearchHit } from '../../schemas/search.ts';
import { ALL_FIELDS, type SearchDocument } from './documents.ts';
import type { ParsedQuery } from './query.ts';
import { snippetOf } from './snippet.ts';

/**
 * A document as a hit (both adapters): display fields, the snippet, never a file path. `fields`:
 * the fields that may hold a query word (bit f for field f), when the index knows; the snippet
 * reads no other.
 */
export function toHit(
  doc: SearchDocument,
  score: number,
  query: ParsedQuery,
  fields = ALL_FIELDS,
): SearchHit {
  return {
    kind: doc.kind,
    region: doc.region,
    regionPath: doc.regionPath,
    noticeId: doc.noticeId,
    version: doc.version,
    current: doc.current,
    title: doc.title,
    snippet: snippetOf(doc.fields, query.highlights, query.phrases, fields),
    powerType: doc.powerType,
    status: doc.status,
    needsReview: doc.needsReview === true,
    table: doc.table,
    seq: doc.seq,
    article: doc.article,
    score: Math.round(score * 1000) / 1000,
  };
}
