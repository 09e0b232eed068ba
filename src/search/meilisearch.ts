/**
 * The Meilisearch adapter (used when MEILI_HOST is set): a thin layer over the official client.
 * The index is configured explicitly on first use (meili-doc.ts); every write waits for its task,
 * so a resolved `indexNotice` is searchable. An unreachable server or a failed task becomes an
 * IndexUnavailableError — the caller retries; the store of record is never touched from here.
 */
import { type Index, Meilisearch, MeilisearchError, type Task } from 'meilisearch';
import type { SearchResult } from '../../schemas/search.ts';
import { documentsOf } from './documents.ts';
import { resolveOptions } from './filters.ts';
import { toHit } from './hits.ts';
import { fieldsOf, type MeiliDoc, meiliQuery, meiliSettings, toMeiliDoc } from './meili-doc.ts';
import { parseQuery } from './query.ts';
import { type IndexStats, IndexUnavailableError, type SearchIndex } from './types.ts';

export interface MeilisearchIndexOptions {
  host: string;
  apiKey?: string | undefined;
  /** Index uid. @defaultValue policy_kb */
  indexUid?: string;
  /** Per request and per awaited task, in ms. @defaultValue 30_000 */
  timeoutMs?: number;
}

const MAX_LAWS = 20;
/** What a hit needs back (not the gram fields). */
const RETRIEVED = [
  ...['id', 'kind', 'noticeId', 'version', 'current', 'region', 'regionPath', 'regionCodes', 'status'],
  'needsReview',
  ...['issuedOn', 'docNumber', 'powerType', 'table', 'seq', 'article', 'title', 'laws', 'lawNames'],
  ...['name', 'targets', 'body', 'context'],
];

export function createMeilisearchIndex(options: MeilisearchIndexOptions): SearchIndex {
  const { host, apiKey, indexUid = 'policy_kb', timeoutMs = 30_000 } = options;
  const client = new Meilisearch({ host, apiKey, timeout: timeoutMs });
  const index: Index<MeiliDoc> = client.index<MeiliDoc>(indexUid);
  let ready: Promise<void> | undefined;

  const wait = async (pending: ReturnType<Index['addDocuments']>, what: string): Promise<Task> => {
    const task = await pending.waitTask({ timeout: timeoutMs, interval: 50 });
    if (task.status !== 'succeeded')
      throw new IndexUnavailableError(`Meilisearch ${what} ${task.status}: ${task.error?.message ?? ''}`);
    return task;
  };
  /** Creates and configures the index once; a failure is retried by the next call. */
  const ensureReady = () => {
    ready ??= (async () => {
      const created = await client
        .createIndex(indexUid, { primaryKey: 'id' })
        .waitTask({ timeout: timeoutMs });
      if (created.status === 'failed' && created.error?.code !== 'index_already_exists')
        throw new IndexUnavailableError(
          `Meilisearch could not create ${indexUid}: ${created.error?.message}`,
        );
      await wait(index.updateSettings(meiliSettings()), 'settings update');
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  const guarded =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        await ensureReady();
        return await fn(...args);
      } catch (error) {
        throw unavailable(error, `${what} at ${host}`);
      }
    };

  const indexNotices = guarded('indexing', async (records: Parameters<SearchIndex['indexNotices']>[0]) => {
    for (const record of records) {
      const version = `noticeId = ${quote(record.id)} AND version = ${record.version}`;
      await wait(index.deleteDocuments({ filter: version }), 'delete');
      const docs = documentsOf(record).map((doc) => toMeiliDoc({ ...doc, current: record.current }));
      await wait(index.addDocuments(docs, { primaryKey: 'id' }), 'document addition');
      if (!record.current) continue;
      const older = await index.getDocuments({
        filter: `noticeId = ${quote(record.id)} AND version != ${record.version} AND current = true`,
        fields: ['id'],
        limit: 100_000,
      });
      const superseded = older.results.map((doc) => ({ id: doc.id, current: false }));
      if (superseded.length > 0) await wait(index.updateDocuments(superseded), 'supersede');
    }
  });

  return {
    kind: 'meilisearch',
    indexNotice: (record) => indexNotices([record]),
    indexNotices,
    removeNotice: guarded('removal', async (id: string) => {
      await wait(index.deleteDocuments({ filter: `noticeId = ${quote(id)}` }), 'delete');
    }),
    search: guarded('search', async (query, options): Promise<SearchResult> => {
      const resolved = resolveOptions(options);
      const parsed = parseQuery(query);
      const empty = { kind: {}, powerType: {}, status: {}, region: {}, lawCited: {} };
      if (parsed.words.length === 0)
        return { query, total: 0, hits: [], ...(resolved.facets ? { facets: empty } : {}) };
      const filter: string[] = [];
      if (resolved.currentOnly) filter.push('current = true');
      if (resolved.region)
        filter.push(`(regionCodes = ${quote(resolved.region)} OR regionPath = ${quote(resolved.region)})`);
      if (resolved.powerType) filter.push(`powerType = ${quote(resolved.powerType)}`);
      if (resolved.lawCited) filter.push(`laws = ${quote(resolved.lawCited)}`);
      if (resolved.status) filter.push(`status = ${quote(resolved.status)}`);
      if (resolved.kind) filter.push(`kind = ${quote(resolved.kind)}`);
      if (resolved.needsReview) filter.push('needsReview = true');
      const response = await index.search(meiliQuery(parsed), {
        filter: filter.join(' AND ') || undefined,
        limit: resolved.limit,
        offset: resolved.offset,
        matchingStrategy: 'all',
        showRankingScore: true,
        ...(resolved.facets ? { facets: ['kind', 'powerType', 'status', 'region', 'lawNames'] } : {}),
        attributesToRetrieve: RETRIEVED,
      });
      const facets = response.facetDistribution;
      return {
        query,
        total: response.estimatedTotalHits ?? response.hits.length,
        hits: response.hits.map((hit) => {
          const doc = { ...hit, key: hit.id, fields: fieldsOf(hit) as MeiliDocFields };
          return toHit(doc, hit._rankingScore ?? 0, parsed);
        }),
        ...(resolved.facets && {
          facets: {
            kind: facets?.kind ?? {},
            powerType: facets?.powerType ?? {},
            status: facets?.status ?? {},
            region: facets?.region ?? {},
            lawCited: Object.fromEntries(
              Object.entries(facets?.lawNames ?? {})
                .sort((a, b) => b[1] - a[1])
                .slice(0, MAX_LAWS),
            ),
          },
        }),
      };
    }),
    clear: guarded('clear', async () => {
      await wait(index.deleteAllDocuments(), 'clear');
    }),
    flush: async () => {},
    stats: guarded('stats', async (): Promise<IndexStats> => {
      const documents = { item: 0, article: 0, notice: 0 };
      const byKind = await index.search('', { limit: 0, facets: ['kind'] });
      Object.assign(documents, byKind.facetDistribution?.kind ?? {});
      const stats = await index.getStats();
      const versions = await index.search('', { limit: 0, filter: 'kind = notice' });
      return {
        kind: 'meilisearch',
        documents,
        versions: versions.estimatedTotalHits ?? 0,
        bytes: stats.rawDocumentDbSize,
      };
    }),
    close: async () => {},
  };
}

type MeiliDocFields = [string, string, string, string];

/** A filter value in double quotes. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function unavailable(error: unknown, what: string): Error {
  if (error instanceof IndexUnavailableError) return error;
  if (error instanceof MeilisearchError || error instanceof TypeError)
    return new IndexUnavailableError(`Meilisearch ${what} failed: ${error.message}`, { cause: error });
  return error as Error;
}
