import { z } from 'zod';
import { Citation, PowerType } from './notice.ts';

/**
 * Records of the regional comparison (`policy-kb diff`, `policy-kb matrix`) and the citation
 * checks. The diff shape is fixed by CONTRACT.md: fields may be added, never removed.
 */

/** One item of a compared side: `table` is its table's index in that side's (concatenated) tables. */
export const ItemRef = z
  .object({
    table: z.int().nonnegative(),
    seq: z.int().nonnegative(),
    name: z.string(),
    powerType: PowerType.nullable(),
    /** The notice the item comes from: its id in the knowledge base, or its file name. */
    notice: z.string(),
  })
  .meta({ id: 'ItemRef' });
export type ItemRef = z.infer<typeof ItemRef>;

/** The item fields a pair's differences are reported on. */
export const DiffField = z
  .enum(['powerType', 'targets', 'levels', 'methods', 'frequency', 'implementer', 'citations'])
  .meta({ id: 'DiffField' });
export type DiffField = z.infer<typeof DiffField>;

/**
 * How two cited provisions differ. `only-a` / `only-b`: a law or article one side cites and the
 * other does not; `article-differs`: same law, same quoted text, different article (or paragraph);
 * `article-unstated`: one side names the law without an article where the other cites articles.
 */
export const CitationDiffKind = z
  .enum(['only-a', 'only-b', 'article-differs', 'article-unstated'])
  .meta({ id: 'CitationDiffKind' });
export type CitationDiffKind = z.infer<typeof CitationDiffKind>;

/** One differing field of a pair; a side that does not state the field is not a difference. */
export const Difference = z
  .object({
    field: DiffField,
    /** Side A's value as the legal office reads it (lists joined with 、), null when A lacks it. */
    a: z.string().nullable(),
    b: z.string().nullable(),
    /** For `citations` only. */
    kind: CitationDiffKind.optional(),
    /** For `citations` only: the normalized law title. */
    law: z.string().optional(),
    /** For `article-differs`: similarity of the two quoted texts (0–1). */
    quoteSimilarity: z.number().optional(),
  })
  .meta({ id: 'Difference' });
export type Difference = z.infer<typeof Difference>;

/** Each signal's similarity (0–1) behind a pair's score; null where one side cannot give it. */
export const Evidence = z
  .object({
    /** Weighted bigram/trigram similarity of the names, boilerplate removed. */
    name: z.number(),
    targets: z.number().nullable(),
    /** Shared cited law#article keys. */
    articles: z.number().nullable(),
    /** Shared cited laws (not scored on their own: see ScoreWeights.lawsOnly). */
    laws: z.number().nullable(),
    /** Power types equal; null when one is unknown. */
    powerType: z.boolean().nullable(),
  })
  .meta({ id: 'Evidence' });
export type Evidence = z.infer<typeof Evidence>;

/** Two items judged to be the same enforcement power, with the evidence and what differs. */
export const Pair = z
  .object({
    a: ItemRef,
    b: ItemRef,
    /** The match score in [0, 1]; pairs are kept from `threshold` up. */
    score: z.number(),
    /** The signals that matched: `name`, `powerType`, `targets`, `citations:<law>#<article>`, `laws:<law>`. */
    signals: z.array(z.string()),
    evidence: Evidence,
    differences: z.array(Difference),
  })
  .meta({ id: 'Pair' });
export type Pair = z.infer<typeof Pair>;

/** The outcome of checking one citation against the statute reference set. */
export const CitationStatus = z
  .enum([
    'ok',
    'unverified',
    'article-unstated',
    'article-not-found',
    'paragraph-not-found',
    'item-not-found',
    'quote-differs',
  ])
  .meta({ id: 'CitationStatus' });
export type CitationStatus = z.infer<typeof CitationStatus>;

/** A citation checked against the statute it names (only laws in reference/laws can be checked). */
export const CitationCheck = z
  .object({
    status: CitationStatus,
    /** The item citing it (null for citations outside tables). */
    item: ItemRef.nullable(),
    /** In a diff: which side cites it. */
    side: z.enum(['a', 'b']).optional(),
    citation: Citation.pick({ law: true, article: true, paragraph: true, item: true, verbatim: true }),
    /** The statute it resolved to, null when the law is not in the reference set. */
    statute: z.object({ name: z.string(), edition: z.string().nullable(), articles: z.int() }).nullable(),
    /** `quote-differs`: `minor` from similarity 0.8 up (wording), `major` below. */
    severity: z.enum(['minor', 'major']).optional(),
    /** How much of the quote the statute's text matches verbatim (0–1), when there is a quote. */
    similarity: z.number().optional(),
    /** Where the quoted wording departs from the statute: quote span vs statute span. */
    spans: z.array(z.object({ quote: z.string(), statute: z.string() })).optional(),
    /** The article of the same law whose text the quote matches, when it is not the cited one. */
    matchesArticle: z.int().nullable().optional(),
    /** An unverified law's closest reference title, when one is close (a misspelt title?). */
    suggestion: z.string().optional(),
    message: z.string(), // one readable line
  })
  .meta({ id: 'CitationCheck' });
export type CitationCheck = z.infer<typeof CitationCheck>;

/** The notices behind one compared side, and where their tables start in the side's table list. */
export const DiffSide = z
  .object({
    /** What was asked for: a file path or a region name. */
    label: z.string(),
    kind: z.enum(['file', 'region', 'notice']),
    notices: z.array(
      z.object({
        id: z.string(),
        title: z.string().nullable(),
        region: z.string().nullable(),
        version: z.int().positive().nullable(),
        /** Index of this notice's first table in the side's concatenated `table` numbering. */
        firstTable: z.int().nonnegative(),
        tables: z.int().nonnegative(),
        /** 文号, when the notice has one. */
        docNumber: z.string().nullable().default(null),
        /** The file the notice was read from. */
        sourceFile: z.string().nullable().default(null),
      }),
    ),
  })
  .meta({ id: 'DiffSide' });
export type DiffSide = z.infer<typeof DiffSide>;

/** `policy-kb diff <a> <b> --json` (CONTRACT.md): pairs, the unmatched items, citation findings. */
export const DiffResult = z
  .object({
    a: DiffSide,
    b: DiffSide,
    pairs: z.array(Pair),
    onlyA: z.array(ItemRef),
    onlyB: z.array(ItemRef),
    /** Citation problems of either side's items (status other than `ok`). */
    citations: z.array(CitationCheck),
    /** The score from which a candidate pair is kept. */
    threshold: z.number(),
  })
  .meta({ id: 'DiffResult' });
export type DiffResult = z.infer<typeof DiffResult>;

export const CoverageCell = z.enum(['present', 'absent', 'differs']).meta({ id: 'CoverageCell' });
export type CoverageCell = z.infer<typeof CoverageCell>;

/** A canonical enforcement power: one cluster of matched items across regions. */
export const MatrixRow = z
  .object({
    id: z.string(), // `p<n>` in row order, stable within one matrix
    /** The most common name among the cluster's items. */
    name: z.string(),
    powerType: PowerType.nullable(),
    /** One cell per region, in `regions` order. */
    cells: z.array(CoverageCell),
    /** The cluster's items (at most one per region), by region index. */
    members: z.array(
      z.object({
        region: z.int().nonnegative(),
        notice: z.string(),
        table: z.int().nonnegative(),
        seq: z.int().nonnegative(),
        name: z.string(),
        /** Set when the cell is `differs`: what departs from the row's consensus. */
        differs: z.array(z.enum(['citations', 'targets'])).optional(),
      }),
    ),
  })
  .meta({ id: 'MatrixRow' });
export type MatrixRow = z.infer<typeof MatrixRow>;

/**
 * The coverage matrix over the current catalogues: rows are powers, columns are regions. `differs`:
 * the region has the power, but its cited provisions or targets are not the cluster's usual ones.
 */
export const Matrix = z
  .object({
    regions: z.array(z.string()),
    rows: z.array(MatrixRow),
    threshold: z.number(),
    /** Items clustered, and when (ISO time; for derived copies in the store). */
    items: z.int().nonnegative(),
    computedAt: z.iso.datetime(),
    /** The notice versions it was computed from: a stored copy is stale when the current set differs. */
    sources: z.array(z.object({ id: z.string(), version: z.int().positive() })),
  })
  .meta({ id: 'Matrix' });
export type Matrix = z.infer<typeof Matrix>;

/** The formats a diff or the matrix can be downloaded in (`GET /api/diff/export`, `/api/matrix/export`). */
export const ExportFormat = z.enum(['xlsx', 'docx', 'csv', 'md']).meta({ id: 'ExportFormat' });
export type ExportFormat = z.infer<typeof ExportFormat>;

/** A region with current notices in the knowledge base (`GET /api/regions`). */
export const RegionSummary = z
  .object({
    name: z.string(),
    code: z.string().nullable(),
    level: z.enum(['province', 'city', 'county']),
    /** The region's parents' names, the province first (empty for a province). */
    parents: z.array(z.string()),
    /** The province it lies in (itself for a province). */
    province: z.string(),
    /** Its current notices, and how many of them hold catalogue tables (comparable). */
    notices: z.int().nonnegative(),
    catalogues: z.int().nonnegative(),
    items: z.int().nonnegative(),
  })
  .meta({ id: 'RegionSummary' });
export type RegionSummary = z.infer<typeof RegionSummary>;

export const RegionList = z.object({ regions: z.array(RegionSummary) }).meta({ id: 'RegionList' });
export type RegionList = z.infer<typeof RegionList>;
