import { z } from 'zod';
import { Notice } from './notice.ts';
import { Reviewed } from './review.ts';

/** Where a stored notice version is in the pipeline after it has been stored. */
export const RecordStatus = z.enum(['stored', 'indexed']).meta({ id: 'RecordStatus' });
export type RecordStatus = z.infer<typeof RecordStatus>;

/** An original upload, stored content-addressed before anything is processed. */
export const OriginalRef = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** The uploaded file's base name (never a path). */
    fileName: z.string(),
    bytes: z.int().nonnegative(),
    storedAt: z.iso.datetime(),
  })
  .meta({ id: 'OriginalRef' });
export type OriginalRef = z.infer<typeof OriginalRef>;

/**
 * One file that gave a version its content: the same notice as DOCX, PDF, web page or text is
 * one version with several renditions, each original kept and downloadable. `differences` says
 * what this rendition's extraction gave otherwise than the version's (a PDF that lost a row …):
 * empty when it gave the same content.
 */
/** What one rendition gave otherwise than its version: a stable code and a Chinese message. */
export const RenditionDifference = z
  .object({ code: z.string(), message: z.string() })
  .meta({ id: 'RenditionDifference' });

export const Rendition = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sourceFile: z.string(),
    format: z.string(),
    storedAt: z.iso.datetime(),
    differences: z.array(RenditionDifference).default([]),
  })
  .meta({ id: 'Rendition' });
export type Rendition = z.infer<typeof Rendition>;

/**
 * One version of a notice in the knowledge base. Versions of the same catalogue (same region,
 * same kind: see src/store/catalogue-key.ts) share an id; the newest by issue date (then upload
 * time) is current, older versions stay readable.
 */
export const StoredNotice = z
  .object({
    id: z.string(),
    version: z.int().positive(),
    current: z.boolean(),
    catalogueKey: z.string(),
    sourceFile: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    status: RecordStatus,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    notice: Notice,
    /** The files this version was read from, the first (the one it was made from) first. */
    renditions: z.array(Rendition).default([]),
    /** Set on a version a person corrected (review): who, when, why, from which version, what changed. */
    reviewed: Reviewed.nullable().default(null),
  })
  .meta({ id: 'StoredNotice' });
export type StoredNotice = z.infer<typeof StoredNotice>;

/**
 * A stored version as read back from a store: versions saved before warnings had codes hold
 * them as plain lines, read as `{ code: 'legacy', message }`. For reading only (responses are
 * serialized through `StoredNotice`).
 */
export const StoredNoticeRead = z.preprocess((value) => {
  const record = value as { notice?: { warnings?: unknown[] } } | null;
  const warnings = record?.notice?.warnings;
  if (!Array.isArray(warnings) || !warnings.some((w) => typeof w === 'string')) return value;
  const upgraded = warnings.map((w) => (typeof w === 'string' ? { code: 'legacy', message: w } : w));
  return { ...record, notice: { ...record?.notice, warnings: upgraded } };
}, StoredNotice);

/** The row `policy-kb list --json` prints per notice. */
export const NoticeSummary = z
  .object({
    id: z.string(),
    version: z.int().positive(),
    current: z.boolean(),
    region: z.string().nullable(),
    title: z.string().nullable(),
    /** What people see it called: the title, else who issued it and what it lists (never a file name). */
    label: z.string(),
    status: z.string(),
    items: z.int().nonnegative(),
    articles: z.int().nonnegative(),
    /** A person should check this version before relying on it (see the notice's `review`). */
    needsReview: z.boolean(),
    sourceFile: z.string(),
    sha256: z.string(),
    /** Files giving this version (the same notice as DOCX, PDF …). */
    renditions: z.int().positive(),
  })
  .meta({ id: 'NoticeSummary' });
export type NoticeSummary = z.infer<typeof NoticeSummary>;
