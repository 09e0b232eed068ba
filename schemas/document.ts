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
  })
  .meta({ id: 'TableData' });
export type TableData = z.infer<typeof TableData>;

export const Block = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('heading'), text: z.string(), level: z.int().min(1).max(6) }),
    z.object({ kind: z.literal('paragraph'), text: z.string() }),
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
