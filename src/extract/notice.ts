import type { DocumentModel } from '../../schemas/document.ts';
import { NOTICE_SCHEMA_VERSION, type Notice, type SourceInfo } from '../../schemas/notice.ts';
import { extractArticles } from './articles.ts';
import { extractMeta, readMasthead } from './meta.ts';
import { assessNotice, assessTables } from './review.ts';
import { extractTables } from './tables.ts';

/**
 * Document model → normalized notice. Pure: the same document always gives the same notice.
 * Tables first (a table read from running text takes its paragraphs, so statute text quoted
 * in its cells is never taken for the notice's own articles), then articles, metadata, and
 * the confidence and warnings that say what a person should check.
 */
export function extractNotice(document: DocumentModel, source: SourceInfo | null = null): Notice {
  const { blocks } = document;
  const masthead = readMasthead(blocks);
  const found = extractTables(blocks, masthead.title);
  const inTables = new Set<number>();
  for (const { recognized } of found) {
    if (recognized.layout === 'grid' || recognized.layout === 'delimited') continue;
    for (let i = recognized.blocks[0]; i <= recognized.blocks[1]; i++) inTables.add(i);
  }
  const articles = extractArticles(blocks.filter((_, index) => !inTables.has(index)));
  const tables = found.map(({ table }) => table);
  const { warnings, review } = assessNotice(blocks, tables, articles, assessTables(found));
  return {
    schemaVersion: NOTICE_SCHEMA_VERSION,
    meta: extractMeta(masthead, articles, tables),
    tables,
    articles,
    source,
    warnings,
    review,
  };
}
