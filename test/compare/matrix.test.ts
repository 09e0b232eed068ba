import { describe, expect, it } from 'vitest';
import type { StoredNotice } from '../../schemas/store.ts';
import { catalogueItems } from '../../src/compare/catalogue.ts';
import { buildMatrix, matrixOfRecords } from '../../src/compare/matrix.ts';
import { clusterQuality } from '../../src/eval/alignment-gold.ts';
import { asRegionItems, syntheticRegions } from '../../tools/synthetic/regions.ts';
import { SEED_FILES, type SeedRegion, seedCatalogue, seedNotice } from './seeds.ts';

async function seedRegions() {
  const names = Object.keys(SEED_FILES).sort((a, b) => a.localeCompare(b, 'zh')) as SeedRegion[];
  return Promise.all(
    names.map(async (region) => ({ region, items: catalogueItems(await seedCatalogue(SEED_FILES[region])) })),
  );
}

describe('coverage matrix', () => {
  it('on the seeds: 官渡 items 4–6 are present for 官渡区 only, the shared powers in one row each', async () => {
    const matrix = buildMatrix(await seedRegions());
    expect(matrix.regions).toEqual(['北京市', '官渡区', '山南市']);
    const row = (region: number, seq: number, table = 0) =>
      matrix.rows.find((r) =>
        r.members.some((m) => m.region === region && m.seq === seq && m.table === table),
      );
    for (const seq of [4, 5, 6]) {
      expect(row(1, seq)?.cells.map((c) => c !== 'absent')).toEqual([false, true, false]);
      expect(row(1, seq)?.powerType).toBe('行政检查');
    }
    // The gold pairs share rows: 官渡 #0.2 ≈ 北京 #0.3 ≈ 山南 #0.2; 稽核 官渡 #0.7 ≈ 山南 #0.4; 封存 北京 #1.2 ≈ 山南 #0.11.
    expect(row(1, 2)).toBe(row(0, 3));
    expect(row(2, 2)).toBe(row(0, 3));
    expect(row(1, 7)).toBe(row(2, 4));
    expect(row(0, 2, 1)).toBe(row(2, 11));
    expect(matrix.rows).toHaveLength(16);
    expect(matrix.rows.map((r) => r.id)).toEqual(matrix.rows.map((_, i) => `p${i + 1}`));
  });

  it('marks cells that cite other provisions or name other targets than the row’s consensus', async () => {
    const matrix = buildMatrix(await seedRegions());
    const audit = matrix.rows.find((r) => r.name === '医疗保险稽核');
    expect(audit?.cells).toEqual(['absent', 'present', 'present']);
    const seal = matrix.rows.find((r) =>
      r.members.some((m) => m.region === 0 && m.table === 1 && m.seq === 2),
    );
    // two regions, two citation variants: no variant is the majority, so neither is ≠
    expect(seal?.cells).toEqual(['present', 'absent', 'present']);
    expect(seal?.members.map((m) => m.differs)).toEqual([undefined, undefined]);
    expect(seal?.powerType).toBe('行政强制');
    // a third region citing as 北京 does makes 北京's the majority: only 山南 is ≠
    const regions = await seedRegions();
    const beijing = regions[0] as (typeof regions)[number];
    const withCopy = [...regions, { region: '北京市（副本）', items: beijing.items }];
    const three = buildMatrix(withCopy).rows.find((r) =>
      r.members.some((m) => m.region === 0 && m.table === 1 && m.seq === 2),
    );
    expect(three?.cells).toEqual(['present', 'absent', 'differs', 'present']);
    expect(three?.members.find((m) => m.region === 2)?.differs).toEqual(['citations']);
  });

  it('groups current stored notices by region, skipping old versions and notices without items', async () => {
    const record = async (id: string, file: string, version = 1, current = true) =>
      ({ id, version, current, notice: await seedNotice(file) }) as StoredNotice;
    const matrix = matrixOfRecords([
      await record('b', SEED_FILES.北京市),
      await record('g', SEED_FILES.官渡区, 2),
      await record('g', SEED_FILES.山南市, 1, false),
      await record('s', '002_5de5b9fc519ac159.txt'),
    ]);
    expect(matrix.regions).toEqual(['北京市', '官渡区']);
    expect(matrix.sources).toEqual([
      { id: 'b', version: 1 },
      { id: 'g', version: 2 },
    ]);
  });

  it('recovers the true powers of synthetic regions (renamed, dropped, added, re-cited items)', async () => {
    const regions = await syntheticRegions(300, 30, 3);
    const matrix = buildMatrix(asRegionItems(regions));
    const truth = new Map(regions.flatMap((r, ri) => r.truth.map((p, i) => [`${ri}|${i + 1}`, p] as const)));
    const rows = matrix.rows.map((row) => row.members.map((m) => truth.get(`${m.region}|${m.seq}`) ?? -1));
    const quality = clusterQuality(rows);
    expect(quality.purity).toBeGreaterThanOrEqual(0.97);
    expect(quality.completeness).toBeGreaterThanOrEqual(0.97);
    for (const row of matrix.rows)
      expect(new Set(row.members.map((m) => m.region)).size).toBe(row.members.length);
    expect(matrix.rows.length).toBeLessThanOrEqual(50);
  });
});
