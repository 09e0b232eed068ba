import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HeaderAlias } from '../../schemas/review.ts';
import { BadInputError } from '../../src/errors.ts';
import { applyCorrections, applyHeaderAliases } from '../../src/extract/corrections.ts';
import { extractBytes } from '../../src/extract/from-file.ts';

/** 官渡区's catalogue with its 检查对象 column headed in words the vocabulary does not know. */
const misheaded = (seed = '003_2a9d65f420513247.txt') =>
  new TextEncoder().encode(readFileSync(`seeds/${seed}`, 'utf8').replace('检查对象', '被检查者'));
const notice = await extractBytes(misheaded(), 'guandu-misheaded.txt');

describe('a reviewer’s corrections', () => {
  it('re-maps a column: every row’s value moves from the unknown column to the field', () => {
    const before = notice.tables[0]?.items[0];
    expect(before?.targets).toEqual([]);
    expect(before?.extra.被检查者).toBe('用人单位和个人');
    const { notice: fixed, changes } = applyCorrections(notice, [
      { kind: 'map-column', table: 0, column: 2, field: 'targets' },
    ]);
    const items = fixed.tables[0]?.items ?? [];
    expect(items).toHaveLength(notice.tables[0]?.items.length ?? -1);
    expect(items[0]?.targets).toEqual(['用人单位和个人']);
    expect(items.every((item) => !('被检查者' in item.extra))).toBe(true);
    // the rest of each row as extracted
    expect(items.map((i) => [i.seq, i.name, i.basis, i.citations])).toEqual(
      (notice.tables[0]?.items ?? []).map((i) => [i.seq, i.name, i.basis, i.citations]),
    );
    expect(changes).toEqual(['表1的「被检查者」列从未识别改为“对象”']);
    expect(fixed.review.needed).toBe(false);
  });

  it('fixes a cell, sets a power type, adds, deletes, merges and splits rows, adds an article', () => {
    const { notice: fixed, changes } = applyCorrections(notice, [
      { kind: 'set-cell', table: 0, item: 0, column: 1, value: '对用人单位遵守医疗保险法律情况进行监督检查' },
      { kind: 'set-power-type', table: 0, item: 1, powerType: '行政处罚' },
      {
        kind: 'add-row',
        table: 0,
        cells: [
          '8',
          '对定点医药机构的专项检查',
          '定点医药机构',
          '《医疗保障基金使用监督管理条例》第二十七条',
        ],
      },
      { kind: 'delete-row', table: 0, item: 2 },
      { kind: 'merge-rows', table: 0, item: 3 },
      {
        kind: 'split-row',
        table: 0,
        item: 0,
        rows: [
          ['1', '对用人单位的监督检查'],
          ['2', '对个人的监督检查'],
        ],
      },
      { kind: 'add-article', number: 1, text: '为规范医疗保障行政检查，制定本清单。', chapter: null },
    ]);
    const items = fixed.tables[0]?.items ?? [];
    expect(items[0]?.name).toBe('对用人单位的监督检查');
    expect(items[1]?.name).toBe('对个人的监督检查');
    expect(items[2]?.powerType).toBe('行政处罚');
    const added = items.at(-1);
    expect(added).toMatchObject({
      seq: 8,
      name: '对定点医药机构的专项检查',
      extra: { 被检查者: '定点医药机构' },
    });
    expect(added?.citations[0]).toMatchObject({ law: '医疗保障基金使用监督管理条例', article: 27 });
    expect(items).toHaveLength((notice.tables[0]?.items.length ?? 0) + 1 - 1 - 1 + 1);
    expect(fixed.articles.map((a) => a.number)).toEqual([1]);
    expect(changes).toHaveLength(7);
    expect(changes[0]).toMatch(/^表1·第1项的「检查事项」从“对用人单位和个人遵守/);
  });

  it('marks a table as not a catalogue', () => {
    const { notice: fixed, changes } = applyCorrections(notice, [{ kind: 'not-catalogue', table: 0 }]);
    expect(fixed.tables).toEqual([]);
    expect(changes[0]).toMatch(/^表1（.*，7 项）不是执法事项清单，已移除$/);
  });

  it('refuses a correction naming a table, row or column that is not there, and changes nothing', () => {
    for (const correction of [
      { kind: 'not-catalogue', table: 3 },
      { kind: 'delete-row', table: 0, item: 99 },
      { kind: 'map-column', table: 0, column: 40, field: 'name' },
    ] as const)
      expect(() => applyCorrections(notice, [correction])).toThrow(BadInputError);
    expect(notice.tables[0]?.items[0]?.targets).toEqual([]);
  });
});

describe('column mappings learned from reviews', () => {
  const alias = (regionCode: string | null): HeaderAlias => ({
    header: '被检查者',
    field: 'targets',
    regionCode,
    noticeId: '530111-x',
    version: 2,
    by: 'staff',
    at: '2026-12-05T00:00:00.000Z',
  });

  it('maps the same header in a later notice of the region, and only of that region', async () => {
    const later = await extractBytes(
      new TextEncoder().encode(`${new TextDecoder().decode(misheaded())}\n备注：第二批\n`),
      'guandu-2.txt',
    );
    const { notice: mapped, applied } = applyHeaderAliases(later, [alias('530111')]);
    expect(applied).toHaveLength(1);
    expect(mapped.tables[0]?.items.map((i) => i.targets)).toEqual(
      (mapped.tables[0]?.items ?? []).map((i) =>
        [i.verbatim.被检查者].filter(Boolean).flatMap((t) => t?.split('、') ?? []),
      ),
    );
    expect(mapped.tables[0]?.items[0]?.targets).toEqual(['用人单位和个人']);
    const elsewhere = structuredClone(later);
    if (elsewhere.meta.region) elsewhere.meta.region.code = '110000';
    expect(applyHeaderAliases(elsewhere, [alias('530111')]).applied).toEqual([]);
    expect(applyHeaderAliases(elsewhere, [alias(null)]).applied).toHaveLength(1);
    // applying it again changes nothing
    expect(applyHeaderAliases(mapped, [alias('530111')]).notice).toEqual(mapped);
  });
});
