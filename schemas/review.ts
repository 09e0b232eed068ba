import { z } from 'zod';
import { ItemField, PowerType } from './notice.ts';

export { ItemField } from './notice.ts';

const TableIndex = z.int().nonnegative().describe('0-based index in the notice’s tables');
const ItemIndex = z.int().nonnegative().describe('0-based index in the table’s items');
const ColumnIndex = z.int().nonnegative().describe('0-based index in the table’s headers');

/** One correction a reviewer makes to an extracted notice. */
export const Correction = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('map-column'),
      table: TableIndex,
      column: ColumnIndex,
      field: ItemField.nullable(),
    }),
    z.object({ kind: z.literal('not-catalogue'), table: TableIndex }),
    z.object({
      kind: z.literal('set-cell'),
      table: TableIndex,
      item: ItemIndex,
      column: ColumnIndex,
      value: z.string(),
    }),
    z.object({
      kind: z.literal('set-power-type'),
      table: TableIndex,
      /** One item, or (null) the table and all its items. */
      item: ItemIndex.nullable().default(null),
      powerType: PowerType,
    }),
    z.object({
      kind: z.literal('add-row'),
      table: TableIndex,
      /** The row's cells in the order of the table's headers. */
      cells: z.array(z.string()),
    }),
    z.object({ kind: z.literal('delete-row'), table: TableIndex, item: ItemIndex }),
    z.object({
      kind: z.literal('merge-rows'),
      table: TableIndex,
      /** This item and the one after it become one (cells joined). */
      item: ItemIndex,
    }),
    z.object({
      kind: z.literal('split-row'),
      table: TableIndex,
      item: ItemIndex,
      /** The rows it becomes, each its cells in the order of the headers. */
      rows: z.array(z.array(z.string())).min(2),
    }),
    z.object({
      kind: z.literal('add-article'),
      number: z.int().positive(),
      text: z.string().min(1),
      chapter: z.string().nullable().default(null),
    }),
  ])
  .meta({ id: 'Correction' });
export type Correction = z.infer<typeof Correction>;

/** What a reviewer sends: the corrections and why. */
export const ReviewRequest = z
  .object({
    /** The version corrected (default: the current one). */
    version: z.int().positive().optional(),
    reason: z.string().min(1).max(2000),
    corrections: z.array(Correction).min(1).max(500),
  })
  .meta({ id: 'ReviewRequest' });
export type ReviewRequest = z.infer<typeof ReviewRequest>;

/** Who reviewed a version, when, why, from which extracted version, and what changed. */
export const Reviewed = z
  .object({
    /** The API key's name (or `cli` for `policy-kb review import`). */
    by: z.string(),
    at: z.iso.datetime(),
    reason: z.string(),
    /** The version the corrections were made on. */
    basedOn: z.int().positive(),
    corrections: z.array(Correction),
    /** The changes in words (Chinese), one per line: the diff against `basedOn`. */
    changes: z.array(z.string()),
  })
  .meta({ id: 'Reviewed' });
export type Reviewed = z.infer<typeof Reviewed>;

/**
 * A column mapping a reviewer confirmed: that header (as `headerForm` writes it) is that field,
 * in notices of that region (null: everywhere). Applied to later extractions.
 */
export const HeaderAlias = z
  .object({
    header: z.string().min(1),
    field: ItemField.nullable(),
    regionCode: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
    /** Where it was learned: notice id and reviewed version, who and when. */
    noticeId: z.string(),
    version: z.int().positive(),
    by: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'HeaderAlias' });
export type HeaderAlias = z.infer<typeof HeaderAlias>;

/** One line of the audit log: who changed what, when. */
export const AuditEntry = z
  .object({
    at: z.iso.datetime(),
    by: z.string(),
    action: z.enum(['review', 'import-corrections', 'learn-alias']),
    noticeId: z.string(),
    version: z.int().positive(),
    detail: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `policy-kb review export`: every reviewed version's corrections and the learned column mappings. */
export const CorrectionsExport = z
  .object({
    format: z.literal('policy-kb-corrections'),
    formatVersion: z.literal(1),
    exportedAt: z.iso.datetime(),
    reviews: z.array(
      z.object({
        noticeId: z.string(),
        /** The extracted version the corrections apply to. */
        basedOn: z.int().positive(),
        reason: z.string(),
        by: z.string(),
        at: z.iso.datetime(),
        corrections: z.array(Correction),
      }),
    ),
    aliases: z.array(HeaderAlias),
  })
  .meta({ id: 'CorrectionsExport' });
export type CorrectionsExport = z.infer<typeof CorrectionsExport>;
