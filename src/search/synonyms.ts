/**
 * Query synonyms both adapters apply (the embedded index expands query words; Meilisearch gets
 * them as index settings): a query word containing a key also matches the text with the key
 * replaced by each of its values. One-way entries: 医保 finds 医疗保障 and 医疗保险, each of them
 * finds 医保, but 医疗保障 does not find 医疗保险.
 */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  医保: ['医疗保障', '医疗保险'],
  医疗保障: ['医保'],
  医疗保险: ['医保'],
};

/** The spellings a query word stands for: itself first, then each synonym substitution. */
export function spellingsOf(word: string): string[] {
  const out = [word];
  for (const [key, values] of Object.entries(SYNONYMS)) {
    if (!word.includes(key)) continue;
    for (const value of values) out.push(word.replace(key, value));
  }
  return [...new Set(out)];
}
