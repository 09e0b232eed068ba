import { describe, expect, it } from 'vitest';
import { ALL_FIELDS, documentsOf, type SearchDocument } from '../../src/search/documents.ts';
import {
  ANY_FIELD,
  anyWordMask,
  packMasks,
  rerankPlan,
  rerankScore,
  TopK,
} from '../../src/search/embedded/rank.ts';
import { type ParsedQuery, parseQuery } from '../../src/search/query.ts';
import { snippetOf } from '../../src/search/snippet.ts';
import { seedStore } from './fixtures.ts';

/** A word's field masks as the postings give them: field f when it holds every gram of one spelling. */
function trueMasks(query: ParsedQuery, doc: SearchDocument): Uint8Array {
  return Uint8Array.from(query.words, (word) => {
    let mask = 0;
    doc.fields.forEach((text, f) => {
      if (word.spellings.some((s) => s.grams.every((gram) => text.includes(gram)))) mask |= 1 << f;
    });
    return mask;
  });
}

describe('the re-ranking with word masks', () => {
  it('reads only the fields the masks name, and scores and cuts snippets exactly as reading every field', async () => {
    const seeded = await seedStore();
    try {
      const docs = seeded.records.flatMap(documentsOf);
      // single words, synonyms, phrases of several words, a character glued to its neighbour
      // (京 of 京医保发, found alone where its bigram is not) and function characters
      const queries = [
        '价格',
        '医保',
        '价格监督检查',
        '京医保发',
        '对药品价格',
        '监督 定点医药机构',
        '罚款 社会保险法',
        '京',
      ];
      let compared = 0;
      let pruned = 0;
      for (const text of queries) {
        const query = parseQuery(text);
        const plan = rerankPlan(query);
        for (const doc of docs) {
          const masks = trueMasks(query, doc);
          if (masks.includes(0)) continue; // the scan never offers a document missing a word
          const packed = packMasks(masks);
          compared++;
          if (masks.some((mask) => mask !== 15)) pruned++;
          // NaN (not shown) alike, or the same score
          expect(rerankScore(plan, doc, packed)).toBe(rerankScore(plan, doc, ANY_FIELD));
          const fields = anyWordMask(packed, query.words.length);
          expect(snippetOf(doc.fields, query.highlights, query.phrases, fields)).toBe(
            snippetOf(doc.fields, query.highlights, query.phrases, ALL_FIELDS),
          );
        }
      }
      // a document holding a word's bigrams but not the word is dropped, masks or not
      const [doc] = docs as [SearchDocument];
      const query = parseQuery('医疗保障');
      const apart: SearchDocument = { ...doc, fields: ['医疗保险与保障', '', '', ''] };
      const masks = trueMasks(query, apart);
      expect(masks).toEqual(Uint8Array.from([1]));
      const packed = packMasks(masks);
      expect(rerankScore(rerankPlan(query), apart, packed)).toBeNaN();
      expect(rerankScore(rerankPlan(query), apart, ANY_FIELD)).toBeNaN();
      expect(compared).toBeGreaterThan(100);
      expect(pruned).toBeGreaterThan(compared / 2);
    } finally {
      await seeded.cleanup();
    }
  });

  it('packs four bits a word, and too many words as every field', () => {
    expect(packMasks(Uint8Array.from([1, 4, 15]))).toBe(1 | (4 << 4) | (15 << 8));
    expect(packMasks(new Uint8Array(8).fill(1))).toBe(ANY_FIELD);
  });
});

describe('TopK', () => {
  it('keeps the best pairs, ties to the lower id, as sorting every offer would', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 120; round++) {
      const size = 1 + random(60);
      const top = new TopK(size);
      const offered: { id: number; score: number; payload: number }[] = [];
      const ids = new Set<number>();
      for (let i = random(200); i > 0; i--) {
        const id = random(100_000);
        if (ids.has(id)) continue;
        ids.add(id);
        // few distinct scores: many ties
        const pair = { id, score: random(12), payload: random(1 << 20) };
        offered.push(pair);
        top.offer(pair.id, pair.score, pair.payload);
        const kept = [...offered].sort((a, b) => b.score - a.score || a.id - b.id).slice(0, size);
        const worst = kept.length === size ? kept[size - 1] : undefined;
        expect([top.floor, top.floorId]).toEqual(
          worst ? [worst.score, worst.id] : [Number.NEGATIVE_INFINITY, -1],
        );
      }
      const expected = offered.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, size);
      expect(top.take()).toEqual(expected);
    }
  });
});
