import { describe, expect, it } from 'vitest';
import { diffCatalogues } from '../../src/compare/diff.ts';
import { scoreAlignment } from '../../src/eval/alignment-gold.ts';
import { loadGold } from '../../src/eval/gold.ts';
import { referenceLaws } from '../../src/laws/library.ts';
import { goldAlignments, SEED_FILES, seedCatalogue } from './seeds.ts';

describe('item matching against the gold alignments (../shared/gold/seeds.json)', () => {
  const alignments = goldAlignments();

  it('names the shared gold file when it is missing', () => {
    expect(() => loadGold('/nowhere/seeds.json')).toThrow(
      /gold file \/nowhere\/seeds\.json not found: .*\.\.\/shared\/gold\/seeds\.json/,
    );
  });

  it('has the three alignments to score against', () => {
    expect(alignments).toHaveLength(3);
  });

  it('reaches pair precision and recall ≥ 0.95 over the three alignments, only-in lists exact', async () => {
    let [tp, fp, fn] = [0, 0, 0];
    for (const [fileA, fileB, alignment] of alignments) {
      const result = diffCatalogues(await seedCatalogue(fileA), await seedCatalogue(fileB));
      const score = scoreAlignment(result, alignment);
      expect(score.onlyMismatches, `${fileA} vs ${fileB}`).toEqual([]);
      [tp, fp, fn] = [
        tp + score.truePositives,
        fp + score.falsePositives.length,
        fn + score.falseNegatives.length,
      ];
    }
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.95);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.95);
  });

  it('reports 官渡 items 4–6 (price and procurement supervision) only in 官渡 against 北京', async () => {
    const result = diffCatalogues(
      await seedCatalogue(SEED_FILES.官渡区),
      await seedCatalogue(SEED_FILES.北京市),
    );
    const onlyA = result.onlyA.map((r) => `${r.table}.${r.seq}`);
    expect(onlyA).toEqual(expect.arrayContaining(['0.4', '0.5', '0.6']));
    expect(result.pairs.map((p) => p.a.seq)).not.toEqual(expect.arrayContaining([4]));
    const pair = result.pairs.find((p) => p.a.seq === 2);
    expect(pair?.b).toMatchObject({ table: 0, seq: 3, name: '对医疗保障基金使用进行监督检查' });
    expect(pair?.signals).toContain('powerType');
  });

  it('finds 山南 第四十三条第二款 vs 官渡 第四十七条第二款 for the same quoted text (article-differs)', async () => {
    const result = diffCatalogues(
      await seedCatalogue(SEED_FILES.山南市),
      await seedCatalogue(SEED_FILES.官渡区),
    );
    const pair = result.pairs.find((p) => p.a.seq === 2 && p.b.seq === 2);
    const finding = pair?.differences.filter((d) => d.kind === 'article-differs');
    expect(finding).toEqual([
      {
        field: 'citations',
        kind: 'article-differs',
        law: '零售药店医疗保障定点管理暂行办法',
        a: '《零售药店医疗保障定点管理暂行办法》第四十三条第二款',
        b: '《零售药店医疗保障定点管理暂行办法》第四十七条第二款',
        quoteSimilarity: expect.any(Number),
      },
    ]);
    expect(finding?.[0]?.quoteSimilarity).toBeGreaterThanOrEqual(0.85);
    // The same article on both sides (医疗机构… 第四十七条第二款) is no difference.
    expect(pair?.differences.some((d) => d.law === '医疗机构医疗保障定点管理暂行办法')).toBe(false);
    expect(pair?.signals).toContain('citations:医疗保障基金使用监督管理条例#22');
  });

  it('reports 北京 第七十五条 in the diff, and laws outside the reference set as unverified', async () => {
    const result = diffCatalogues(
      await seedCatalogue(SEED_FILES.官渡区),
      await seedCatalogue(SEED_FILES.北京市),
      {
        library: referenceLaws(),
      },
    );
    const missing = result.citations.filter((c) => c.status === 'article-not-found');
    expect(missing).toEqual([
      expect.objectContaining({
        side: 'b',
        item: expect.objectContaining({ table: 1, seq: 2 }),
        matchesArticle: 27,
      }),
    ]);
    const unverified = result.citations.filter((c) => c.status === 'unverified');
    expect(unverified.map((c) => c.citation.law)).toContain('零售药店医疗保障定点管理暂行办法');
    expect(result.citations.every((c) => c.status !== 'ok')).toBe(true);
  });
});
