import { z } from 'zod';
import { InputFormat } from './document.ts';

/** Version of the normalized notice schema; bump on breaking changes. */
export const NOTICE_SCHEMA_VERSION = 1;

/** 职权类型: the kinds of administrative power a catalogue lists. */
export const PowerType = z
  .enum([
    '行政检查',
    '行政处罚',
    '行政强制',
    '行政奖励',
    '行政许可',
    '行政确认',
    '行政征收',
    '行政给付',
    '行政裁决',
    '其他行政权力',
  ])
  .meta({ id: 'PowerType' });
export type PowerType = z.infer<typeof PowerType>;

/** One legal basis citation: 《law》第article条第paragraph款第item项. */
export const Citation = z
  .object({
    /** Normalized law title: no 《》, no 中华人民共和国 (also inside a title), simplified characters. */
    law: z.string().min(1),
    article: z.int().positive().nullable(),
    paragraph: z.int().positive().nullable().default(null),
    item: z.int().positive().nullable().default(null),
    /** Issuing order kept as metadata, e.g. 国家医保局令第2号 or 国务院令第735号. */
    orderNo: z.string().nullable().default(null),
    /** The text the basis quotes for this article (after 第X条：), when it quotes one. */
    quote: z.string().nullable().default(null),
    /** The citation as written in the source, e.g. 《中华人民共和国社会保险法》第八十四条. */
    verbatim: z.string(),
  })
  .meta({ id: 'Citation' });
export type Citation = z.infer<typeof Citation>;

/**
 * One 裁量阶次 of a discretion benchmark (裁量基准) or one 情形 of an exemption list (免罚清单):
 * the circumstances, their grade and what the benchmark sets for them. A power has one per
 * row of its merged cell.
 */
export const DiscretionGrade = z
  .object({
    /** 裁量阶次 / 裁量等级: 轻微, 一般, 较重, 严重, 不予处罚 … as written. */
    grade: z.string().nullable(),
    /** 违法情形 / 违法事实性质和情节 / 适用情形 / 不予处罚条件. */
    circumstances: z.string().nullable(),
    /** 处罚基准 / 处罚幅度 / 行政裁量权基准. */
    benchmark: z.string().nullable(),
  })
  .meta({ id: 'DiscretionGrade' });
export type DiscretionGrade = z.infer<typeof DiscretionGrade>;

/** An enforcement item (执法事项): one row of a catalogue table. */
export const Item = z
  .object({
    /** The row's 序号. */
    seq: z.int().nonnegative(),
    /** 事项名称 / 检查事项 / 行政强制事项 …, normalized. */
    name: z.string(),
    powerType: PowerType.nullable(),
    /** 检查对象 / 强制对象, split on 、. */
    targets: z.array(z.string()),
    /** 行使层级, e.g. 市级, 区级. */
    levels: z.array(z.string()),
    /** The legal basis column (实施依据 / 检查依据 / 强制依据 / 检查标准), normalized text. */
    basis: z.string().nullable(),
    citations: z.array(Citation),
    /** Other recognised columns by normalized field key (content, methods, frequency, …). */
    fields: z.record(z.string(), z.string()),
    /** Columns no mapping knows, by their header as written: kept, never dropped. */
    extra: z.record(z.string(), z.string()),
    /** Verbatim source text of every cell, by header as written (before normalization). */
    verbatim: z.record(z.string(), z.string()),
    /** Every cell, normalized, in the order of the table's `headers`: the catalogue's own columns. */
    cells: z.array(z.string()).default([]),
    /** 事项类别 (一般检查事项 / 重点检查事项), when the catalogue has that column. */
    category: z.string().nullable().default(null),
    /** Discretion benchmarks and exemption lists: one entry per 裁量阶次 / 情形 row. */
    grades: z.array(DiscretionGrade).default([]),
    /** The document ends inside this row (a truncated page): some of its cells are missing. */
    partial: z.boolean().default(false),
  })
  .meta({ id: 'Item' });
export type Item = z.infer<typeof Item>;

/**
 * What a table lists: an enforcement catalogue (事项清单, 权责清单, 检查计划), a discretion
 * benchmark (裁量基准: powers with graded circumstances) or an exemption list (免罚清单,
 * 不予处罚 / 从轻减轻处罚清单).
 */
export const TableKind = z.enum(['catalogue', 'discretion', 'exemption']).meta({ id: 'TableKind' });
export type TableKind = z.infer<typeof TableKind>;

/**
 * How the table was found: a grid of cells (html, docx, pdf, tab-separated text), cells split
 * on a delimiter (pipes), on spaces, one cell per line, or cells run together without a delimiter.
 */
export const TableLayout = z
  .enum(['grid', 'delimited', 'spaced', 'vertical', 'run-together'])
  .meta({ id: 'TableLayout' });
export type TableLayout = z.infer<typeof TableLayout>;

/**
 * The item fields a catalogue column can be mapped to (src/extract/headers.ts maps headers to
 * them): 序号, 事项名称, 职权类型, 对象, 依据 … `null` in a mapping: a column no field takes (kept
 * under its header in `extra`).
 */
export const ItemField = z
  .enum([
    'seq',
    'name',
    'group',
    'powerType',
    'category',
    'targets',
    'basis',
    'levels',
    'content',
    'methods',
    'frequency',
    'samplingRatio',
    'coercionKind',
    'conditions',
    'procedure',
    'implementer',
    'department',
    'involvesEnterprises',
    'code',
    'period',
    'circumstances',
    'grade',
    'benchmark',
    'measures',
    'accountability',
    'remarks',
  ])
  .meta({ id: 'ItemField' });
export type ItemField = z.infer<typeof ItemField>;

export const NoticeTable = z
  .object({
    title: z.string().nullable(),
    kind: TableKind.default('catalogue'),
    layout: TableLayout.default('grid'),
    /** 1-based line (text formats) or page (PDF) where the table's header starts, when known. */
    line: z.int().positive().nullable().default(null),
    page: z.int().positive().nullable().default(null),
    /** How sure the extractor is of this table's rows and columns, 0–1 (see `warnings`). */
    confidence: z.number().min(0).max(1).default(1),
    /** Power type of the whole table when its title says it (行政检查裁量基准 → 行政检查). */
    powerType: PowerType.nullable(),
    /** The header row as written, in column order. */
    headers: z.array(z.string()),
    /**
     * The field each column was mapped to when a reviewer re-mapped one (null: no field); null
     * when the mapping is the header vocabulary's (src/extract/headers.ts).
     */
    columns: z.array(ItemField.nullable()).nullable().default(null),
    items: z.array(Item),
  })
  .meta({ id: 'NoticeTable' });
export type NoticeTable = z.infer<typeof NoticeTable>;

export const Article = z
  .object({
    /** 第一章 总则, or null when the notice has no chapters. */
    chapter: z.string().nullable(),
    chapterNumber: z.int().positive().nullable(),
    chapterTitle: z.string().nullable(),
    /** 第X条 as an integer. */
    number: z.int().positive(),
    /** The article's text with PDF hard wraps re-joined, without its 第X条 heading. */
    text: z.string(),
  })
  .meta({ id: 'Article' });
export type Article = z.infer<typeof Article>;

export const RegionLevel = z.enum(['province', 'city', 'county']).meta({ id: 'RegionLevel' });
export type RegionLevel = z.infer<typeof RegionLevel>;

export const RegionRef = z
  .object({
    name: z.string(),
    level: RegionLevel,
    code: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
  })
  .meta({ id: 'RegionRef' });
export type RegionRef = z.infer<typeof RegionRef>;

/** A GB/T 2260 administrative division with its parents (nearest first). */
export const Region = RegionRef.extend({ parents: z.array(RegionRef) }).meta({ id: 'Region' });
export type Region = z.infer<typeof Region>;

export const NoticeStatus = z
  .enum(['in-force', 'draft', 'trial', 'expired', 'unknown'])
  .meta({ id: 'NoticeStatus' });
export type NoticeStatus = z.infer<typeof NoticeStatus>;

export const NoticeMeta = z
  .object({
    title: z.string().nullable(),
    /** 文号, e.g. 京医保发〔2024〕10号. */
    docNumber: z.string().nullable(),
    /** 发文机关. */
    issuer: z.string().nullable(),
    issuedOn: z.iso.date().nullable(),
    region: Region.nullable(),
    /** 征求意见稿 → draft, 试行 → trial, past its validity → expired. */
    status: NoticeStatus,
    /** End of validity (有效期一年 → issuedOn + 1 year), when the notice states one. */
    expiresOn: z.iso.date().nullable(),
  })
  .meta({ id: 'NoticeMeta' });
export type NoticeMeta = z.infer<typeof NoticeMeta>;

export const SourceInfo = z
  .object({
    file: z.string(),
    format: InputFormat,
    encoding: z.string().nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.int().nonnegative(),
  })
  .meta({ id: 'SourceInfo' });
export type SourceInfo = z.infer<typeof SourceInfo>;

/**
 * Something the extractor guessed, dropped or could not settle, for a person to check: a
 * stable English `code` for programs and a Chinese `message` for people, with where it is.
 */
export const ExtractionWarning = z
  .object({
    code: z.string(),
    message: z.string(),
    /** 0-based index in `tables`, when it concerns one table. */
    table: z.int().nonnegative().nullable().default(null),
    line: z.int().positive().nullable().default(null),
    page: z.int().positive().nullable().default(null),
  })
  .meta({ id: 'ExtractionWarning' });
export type ExtractionWarning = z.infer<typeof ExtractionWarning>;

/**
 * Whether a person should check this notice before relying on it: a document that looks like
 * a catalogue but yields fewer rows than its numbering, a table whose columns were guessed …
 */
export const ReviewState = z
  .object({
    needed: z.boolean(),
    /** The lowest table confidence (1 when nothing was guessed). */
    confidence: z.number().min(0).max(1),
    /** The codes of the warnings that call for review. */
    reasons: z.array(z.string()),
  })
  .meta({ id: 'ReviewState' });
export type ReviewState = z.infer<typeof ReviewState>;

/** The normalized notice: what `policy-kb extract --json` prints. */
export const Notice = z
  .object({
    schemaVersion: z.literal(NOTICE_SCHEMA_VERSION),
    meta: NoticeMeta,
    tables: z.array(NoticeTable),
    articles: z.array(Article),
    source: SourceInfo.nullable(),
    /** Things the extractor guessed, dropped or could not settle (a row it could not read …). */
    warnings: z.array(ExtractionWarning),
    review: ReviewState.default({ needed: false, confidence: 1, reasons: [] }),
  })
  .meta({ id: 'Notice' });
export type Notice = z.infer<typeof Notice>;
