import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The real-notice corpus (test/fixtures/real/): each `<slug>.txt` is a stored public page's
 * text exactly as found, each `<slug>.gold.json` says where it came from and what a reader
 * finds in it (made by hand, see that folder's README). The split into a development half and
 * a test half is by region and is fixed once (`split`).
 */

const GoldCitation = z.object({
  law: z.string(),
  article: z.int().nullable(),
  paragraph: z.int().nullable().optional(),
});

export const RealGoldItem = z.object({
  seq: z.int().nullable(),
  name: z.string(),
  /** null: nothing in the text decides it (not scored). */
  powerType: z.string().nullable(),
  citations: z.array(GoldCitation),
  /** A row the page cuts off: not expected, but not an extra row when found. */
  partial: z.boolean().optional(),
  /** Discretion and exemption tables: how many 裁量阶次 / 情形 rows the item has. */
  grades: z.int().nonnegative().optional(),
});
export type RealGoldItem = z.infer<typeof RealGoldItem>;

export const RealGoldTable = z.object({
  title: z.string().nullable(),
  kind: z.enum(['catalogue', 'discretion', 'exemption']),
  powerType: z.string().nullable(),
  items: z.array(RealGoldItem),
});
export type RealGoldTable = z.infer<typeof RealGoldTable>;

/** Meta the text shows; null where it shows none, absent where the gatherer could not say. */
export const RealGoldMeta = z.object({
  title: z.string().nullable().optional(),
  docNumber: z.string().nullable().optional(),
  issuer: z.string().nullable().optional(),
  issuedOn: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
});
export type RealGoldMeta = z.infer<typeof RealGoldMeta>;

export const RealGold = z.object({
  meta: RealGoldMeta,
  tables: z.array(RealGoldTable),
  articles: z.int().nonnegative(),
  chapters: z.int().nonnegative(),
});
export type RealGold = z.infer<typeof RealGold>;

export const Split = z.enum(['dev', 'test']);
export type Split = z.infer<typeof Split>;

export const RealNoticeEntry = z.object({
  source: z.object({
    url: z.string(),
    corpus: z.string(),
    query: z.string(),
    retrieved: z.string(),
  }),
  /** The issuing region (GB/T 2260 name); null when the page never says which. */
  region: z.string().nullable(),
  province: z.string(),
  kind: z.string(),
  patterns: z.array(z.string()),
  split: Split.nullable(),
  gold: RealGold,
  notes: z.string().optional(),
});
export type RealNoticeEntry = z.infer<typeof RealNoticeEntry>;

export interface RealNotice extends RealNoticeEntry {
  /** `<slug>.txt` */
  file: string;
  path: string;
}

/** Every notice of the corpus in `dir`, by file name; a gold file that does not parse is an error naming it. */
export function loadCorpus(dir: string): RealNotice[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.gold.json'))
    .sort()
    .map((name) => {
      const file = name.replace(/\.gold\.json$/, '.txt');
      const parsed = RealNoticeEntry.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (!parsed.success) throw new Error(`${join(dir, name)}: ${z.prettifyError(parsed.error)}`);
      return { ...parsed.data, file, path: join(dir, file) };
    });
}
