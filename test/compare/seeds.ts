import { join } from 'node:path';
import type { Notice } from '../../schemas/notice.ts';
import { type Catalogue, noticeCatalogue } from '../../src/compare/catalogue.ts';
import { loadConfig } from '../../src/config.ts';
import { type GoldAlignment, loadGold } from '../../src/eval/gold.ts';
import { extractFile } from '../../src/extract/from-file.ts';

/** The seed files that hold catalogues, by the region they are from. */
export const SEED_FILES = {
  北京市: '000_2cf1152d849efe07.txt',
  山南市: '001_0b30fb75eabd2adf.txt',
  官渡区: '003_2a9d65f420513247.txt',
} as const;
export type SeedRegion = keyof typeof SEED_FILES;

const cache = new Map<string, Promise<Notice>>();

/** A seed notice, extracted once per test file. */
export function seedNotice(file: string): Promise<Notice> {
  let notice = cache.get(file);
  if (!notice) {
    notice = extractFile(join('seeds', file));
    cache.set(file, notice);
  }
  return notice;
}

/** A seed file as a compared side (labelled with its file name, as the gold file names it). */
export async function seedCatalogue(file: string): Promise<Catalogue> {
  return noticeCatalogue(join('seeds', file), await seedNotice(file), file);
}

/** The gold alignments: `<file A> vs <file B>` → pairs and only-in lists. */
export function goldAlignments(): [string, string, GoldAlignment][] {
  const gold = loadGold(loadConfig().POLICY_KB_GOLD);
  return Object.entries(gold.alignments).flatMap(([heading, alignment]) => {
    const [a, b] = heading.split(' vs ');
    return a && b && typeof alignment !== 'string'
      ? [[a, b, alignment] as [string, string, GoldAlignment]]
      : [];
  });
}
