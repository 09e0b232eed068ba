/**
 * The statute reference set: which laws can be checked, by any of their names. Building a
 * library from parsed statutes is pure; `referenceLaws()` reads reference/laws once (the files
 * ship with the project, like the region table) and keeps the result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { lawKey } from '../chinese/law.ts';
import { packageFile } from '../fs/package-files.ts';
import { parseStatute } from './parse.ts';
import type { Statute, StatuteArticle } from './types.ts';

/** reference/laws beside src/: the statute files and their SOURCE.md. */
export const REFERENCE_DIR = packageFile('reference/laws/');

/** A title this close (character bigram Dice) to a reference title is offered as a suggestion. */
const SUGGEST_MIN = 0.75;

export interface LawLibrary {
  readonly statutes: readonly Statute[];
  /** The statute a cited title names (《中华人民共和国X法》, 《X法》, 《X法（2018年修正）》 alike), or null. */
  resolve(law: string): Statute | null;
  /** One article of a statute, or null when the statute has no such article. */
  article(statute: Statute, number: number): StatuteArticle | null;
  /** The closest reference title to an unresolved one, when it is close enough to be a misspelling. */
  suggest(law: string): string | null;
}

/** A library over these statutes; a later statute with the same name replaces an earlier one. */
export function createLawLibrary(statutes: readonly Statute[]): LawLibrary {
  const byKey = new Map<string, Statute>();
  const articles = new Map<Statute, Map<number, StatuteArticle>>();
  for (const statute of statutes) {
    byKey.set(lawKey(statute.name), statute);
    byKey.set(lawKey(statute.fullName), statute);
    articles.set(statute, new Map(statute.articles.map((a) => [a.number, a])));
  }
  return {
    statutes,
    resolve: (law) => byKey.get(lawKey(law)) ?? null,
    article: (statute, number) => articles.get(statute)?.get(number) ?? null,
    suggest(law) {
      const key = lawKey(law);
      let best: { name: string; score: number } | null = null;
      for (const statute of statutes) {
        const score = dice(key, lawKey(statute.name));
        if (score >= SUGGEST_MIN && (!best || score > best.score)) best = { name: statute.name, score };
      }
      return best?.name ?? null;
    },
  };
}

let reference: LawLibrary | undefined;

/** The reference set in reference/laws (every `*.md` but SOURCE.md), read on first use. */
export function referenceLaws(): LawLibrary {
  reference ??= createLawLibrary(
    readdirSync(REFERENCE_DIR)
      .filter((name) => name.endsWith('.md') && name !== 'SOURCE.md')
      .sort()
      .map((name) => parseStatute(readFileSync(new URL(name, REFERENCE_DIR), 'utf8'), name)),
  );
  return reference;
}

/** Dice coefficient of two strings' character bigram sets. */
function dice(a: string, b: string): number {
  const grams = (s: string) =>
    new Set(Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2)));
  const [x, y] = [grams(a), grams(b)];
  if (x.size + y.size === 0) return 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return (2 * shared) / (x.size + y.size);
}
