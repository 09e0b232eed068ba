import { z } from 'zod';
import { NoticeStatus, PowerType } from './notice.ts';

/** What a search hit is: one catalogue item, one article of a measure, or a whole notice. */
export const SearchKind = z.enum(['item', 'article', 'notice']).meta({ id: 'SearchKind' });
export type SearchKind = z.infer<typeof SearchKind>;

/** One search result (`policy-kb search --json`, `GET /api/search`). Never carries file system paths. */
export const SearchHit = z
  .object({
    kind: SearchKind,
    /** The notice's region (官渡区), or null when the notice names none. */
    region: z.string().nullable(),
    /** The region and its parents, most specific first: 官渡区, 昆明市, 云南省. */
    regionPath: z.array(z.string()),
    noticeId: z.string(),
    version: z.int().positive(),
    /** False for a superseded version (seen only with `current=false`). */
    current: z.boolean(),
    /** Item name, notice title, or the article's 第N条 with its notice's title. */
    title: z.string(),
    /** The best-matching text around the match, HTML-escaped, matches wrapped in `<mark>`. */
    snippet: z.string(),
    powerType: PowerType.nullable(),
    status: NoticeStatus,
    /** The version waits for a person's review (需复核): the extractor asked for it or a table's confidence is low, and no one has reviewed it yet. */
    needsReview: z.boolean(),
    /** 0-based table index and the row's 序号, for items. */
    table: z.int().nonnegative().nullable(),
    seq: z.int().nonnegative().nullable(),
    /** 第N条, for articles. */
    article: z.int().positive().nullable(),
    /** Relevance; higher is better; only comparable within one response. */
    score: z.number(),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;

/** Counts of the matching documents (after filters) by value, per facet. */
export const SearchFacets = z
  .object({
    kind: z.record(z.string(), z.int()),
    powerType: z.record(z.string(), z.int()),
    status: z.record(z.string(), z.int()),
    /** At most the 100 most frequent regions. */
    region: z.record(z.string(), z.int()),
    /** The laws the matching items cite (law names without articles), at most 20. */
    lawCited: z.record(z.string(), z.int()),
  })
  .meta({ id: 'SearchFacets' });
export type SearchFacets = z.infer<typeof SearchFacets>;

/** A page of hits, best first, with the total number of matches and, when asked for, the facets. */
export const SearchResult = z
  .object({
    query: z.string(),
    /** Matching documents (after filters); Meilisearch reports an estimate. */
    total: z.int().nonnegative(),
    hits: z.array(SearchHit),
    /** Present when the search asked for facets (`facets: true`; over HTTP `facets=true`). */
    facets: SearchFacets.optional(),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResult>;

/** Filters and paging of a search; every filter is optional. */
export const SearchOptions = z
  .object({
    /** A region name (云南省, 云南, 官渡区) or GB/T 2260 code: it and every division inside it. */
    region: z.string().min(1).optional(),
    powerType: PowerType.optional(),
    /** A cited law (社会保险法, with or without 《》/中华人民共和国), optionally `#article` (社会保险法#84). */
    lawCited: z.string().min(1).optional(),
    status: NoticeStatus.optional(),
    kind: SearchKind.optional(),
    /** true: only what waits for review (需复核, as the review queue lists it); false or absent: no such filter. */
    needsReview: z.boolean().optional(),
    /** Only current versions. @defaultValue true */
    currentOnly: z.boolean().default(true),
    /** @defaultValue 20 */
    limit: z.int().min(1).max(100).default(20),
    /** @defaultValue 0 */
    offset: z.int().min(0).max(10_000).default(0),
    /**
     * Count the matches by kind, power type, status, region and cited law. Costs a pass over the
     * match set (a quarter of a common word's search time at 100k items), so the HTTP API asks
     * for it only with `facets=true`. @defaultValue true
     */
    facets: z.boolean().default(true),
  })
  .meta({ id: 'SearchOptions' });
export type SearchOptions = z.input<typeof SearchOptions>;
