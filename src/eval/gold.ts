import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** The hand-checked gold file (../shared/gold/seeds.json): expected extraction per seed. */
const OneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)]);

export const GoldCitation = z.object({
  law: z.string(),
  article: z.int().nullable(),
  paragraph: z.int().nullable().optional(),
});
export type GoldCitation = z.infer<typeof GoldCitation>;

export const GoldItem = z.object({
  seq: z.int(),
  name: z.string(),
  powerType: z.string().nullable(),
  targets: z.array(z.string()).optional(),
  levels: z.array(z.string()).optional(),
  citations: z.array(GoldCitation),
});
export type GoldItem = z.infer<typeof GoldItem>;

export const GoldNotice = z.object({
  meta: z.object({
    title: OneOrMany(z.string().nullable()),
    docNumber: OneOrMany(z.string().nullable()),
    issuer: OneOrMany(z.string().nullable()),
    issuedOn: OneOrMany(z.string().nullable()),
    region: OneOrMany(z.string().nullable()),
    status: OneOrMany(z.string()),
  }),
  tables: z.array(
    z.object({ title: z.string().nullable(), powerType: z.string().nullable(), items: z.array(GoldItem) }),
  ),
  articles: z.int(),
  chapters: z.int().optional(),
  chapterTitles: z.array(z.string()).optional(),
});
export type GoldNotice = z.infer<typeof GoldNotice>;

export const GoldAlignment = z.object({
  pairs: z.array(z.tuple([z.string(), z.string()])),
  onlyA: z.array(z.string()),
  onlyB: z.array(z.string()),
});
export type GoldAlignment = z.infer<typeof GoldAlignment>;

export const GoldFile = z.object({
  notices: z.record(z.string(), GoldNotice),
  alignments: z.record(z.string(), z.union([GoldAlignment, z.string()])),
});
export type GoldFile = z.infer<typeof GoldFile>;

/** Where the gold file lives: `POLICY_KB_GOLD`, else ../shared/gold/seeds.json beside the repository. */
export function loadGold(path: string): GoldFile {
  if (!existsSync(path)) {
    throw new Error(
      `gold file ${path} not found: the seeds' hand-checked gold lives in ../shared/gold/seeds.json next to this repository (or set POLICY_KB_GOLD)`,
    );
  }
  return GoldFile.parse(JSON.parse(readFileSync(path, 'utf8')));
}
