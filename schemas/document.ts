import { z } from 'zod';

/**
 * The document model: what every format reader (txt, html, docx, pdf) produces and every
 * extractor consumes. Tables are cells with explicit row/column offsets and spans, the grid
 * is derived from them (after docling-core's TableData).
 */

/** One table cell. `row`/`col` are the 0-based offsets of its top-left corner in the grid. */
export const Cell = z
  .object({
    row: z.int().nonnegative(),
    col: z.int().nonnegative(),
    rowSpan: z.int().positive().default(1),
    colSpan: z.int().positive().default(1),
    text: z.string(),
    /** True for a header cell (a 表头 row such as 序号 | 事项名称 | …). */
    header: z.boolean().default(false),
  })
  .meta({ id: 'Cell' });
export type Cell = z.infer<typeof Cell>;

export const TableData = z
  .object({
    cells: z.array(Cell),
    numRows: z.int().nonnegative(),
    numCols: z.int().nonnegative(),
    /** 1-based page numbers the table spans, when the format has pages (PDF). */
    pages: z.array(z.int().positive()).optional(),
    /**
     * `grid`: every row has every column (merged cells expanded); `delimited`: rows of text
     * split on a delimiter, where a merged cell leaves no field, so a row may have fewer
     * fields than the table has columns.
     * @defaultValue grid
     */
    layout: z.enum(['grid', 'delimited']).optional(),
  })
  .meta({ id: 'TableData' });
export type TableData = z.infer<typeof TableData>;

/** 1-based line of a text file a heading or paragraph starts on (text formats only). */
const SourceLine = z.int().positive().optional();

export const Block = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('heading'),
      text: z.string(),
      level: z.int().min(1).max(6),
      line: SourceLine,
    }),
    z.object({ kind: z.literal('paragraph'), text: z.string(), line: SourceLine }),
    z.object({ kind: z.literal('table'), table: TableData }),
  ])
  .meta({ id: 'Block' });
export type Block = z.infer<typeof Block>;

export const InputFormat = z.enum(['txt', 'html', 'docx', 'pdf']).meta({ id: 'InputFormat' });
export type InputFormat = z.infer<typeof InputFormat>;

export const DocumentModel = z
  .object({
    format: InputFormat,
    /** How text bytes were decoded (utf-8, gb18030, utf-16le …); null for binary formats. */
    encoding: z.string().nullable().default(null),
    blocks: z.array(Block),
  })
  .meta({ id: 'DocumentModel' });
export type DocumentModel = z.infer<typeof DocumentModel>;
