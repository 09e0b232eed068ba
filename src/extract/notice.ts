import type { DocumentModel } from '../../schemas/document.ts';
import { NOTICE_SCHEMA_VERSION, type Notice, type SourceInfo } from '../../schemas/notice.ts';
import { extractArticles } from './articles.ts';
import { extractMeta } from './meta.ts';
import { extractTables } from './tables.ts';

/** Document model → normalized notice. Pure: the same document always gives the same notice. */
export function extractNotice(document: DocumentModel, source: SourceInfo | null = null): Notice {
  const articles = extractArticles(document.blocks);
  const tables = extractTables(document.blocks);
  const warnings: string[] = [];
  for (const [index, table] of tables.entries()) {
    const gaps = table.items.filter((item, k) => k > 0 && item.seq !== (table.items[k - 1]?.seq ?? 0) + 1);
    if (gaps.length > 0)
      warnings.push(`table ${index}: 序号 not consecutive at ${gaps.map((i) => i.seq).join(', ')}`);
  }
  if (tables.length === 0 && articles.length === 0) warnings.push('no catalogue table and no articles found');
  return {
    schemaVersion: NOTICE_SCHEMA_VERSION,
    meta: extractMeta(document.blocks, articles),
    tables,
    articles,
    source,
    warnings,
  };
}
