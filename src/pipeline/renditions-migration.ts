/**
 * `policy-kb reindex --renditions`: brings a knowledge base saved before renditions existed in
 * line with src/store/identity.ts. Versions that are the same notice as an earlier version (the
 * same content, or the same notice read from another format) become its renditions; each notice
 * also gets its identity by 文号 or title, so its next upload joins it; then the search index is
 * rebuilt (a folded version's documents go). Safe to run again: what is folded stays folded.
 */
import { reindex } from '../search/index-record.ts';
import type { SearchIndex } from '../search/types.ts';
import { noticeKey, planFolds, renditionDifferences, renditionName } from '../store/identity.ts';
import type { NoticeStore } from '../store/types.ts';

export interface RenditionsMigration {
  /** Notices looked at. */
  notices: number;
  /** Versions that became renditions. */
  folded: { id: string; version: number; into: number }[];
  /** Identity keys added. */
  identities: number;
  /** Documents in the rebuilt index. */
  documents: number;
}

export async function migrateRenditions(
  store: NoticeStore,
  index: SearchIndex,
  onProgress?: (done: number, total: number) => void,
): Promise<RenditionsMigration> {
  const ids = [...new Set((await store.listNotices({ currentOnly: true })).map((record) => record.id))];
  const folded: RenditionsMigration['folded'] = [];
  let identities = 0;
  for (const [done, id] of ids.entries()) {
    const versions = await store.listVersions(id);
    for (const fold of planFolds(versions)) {
      const into = versions.find((v) => v.version === fold.into);
      const source = versions.find((v) => v.version === fold.version);
      if (!into || !source) continue;
      const differences = fold.sameContent
        ? []
        : renditionDifferences(
            into.notice,
            source.notice,
            renditionName(source.notice.source?.format ?? 'unknown'),
          );
      await store.foldVersion(id, fold.version, fold.into, differences);
      folded.push({ id, version: fold.version, into: fold.into });
    }
    for (const record of versions) {
      const key = noticeKey(record.notice);
      if (key === record.catalogueKey) continue;
      if (await store.addIdentity(key, id)) identities++;
    }
    onProgress?.(done + 1, ids.length);
  }
  const { documents } = await reindex(store, index);
  return { notices: ids.length, folded, identities, documents };
}
