import { describe, expect, it } from 'vitest';
import type { Citation, Item } from '../../schemas/notice.ts';
import { assign } from '../../src/compare/assign.ts';
import { citationDifferences } from '../../src/compare/citation-diff.ts';
import { matchItems } from '../../src/compare/diff.ts';
import { differences } from '../../src/compare/differences.ts';
import { coreName } from '../../src/compare/names.ts';
import { itemOf } from '../../tools/synthetic/regions.ts';

describe('coreName', () => {
  it.each([
    ['对用人单位和个人遵守医疗保险法律法规情况进行监督检查', '用人单位和个人遵守医疗保险法律法规'],
    ['对医疗救助的监督检查', '医疗救助'],
    ['对医疗保障基金使用进行监督检查', '医疗保障基金使用'],
    [
      '对纳入医疗保障基金支付范围的医疗服务行为和医疗费用进行监督管理',
      '纳入医疗保障基金支付范围的医疗服务行为和医疗费用',
    ],
    [
      '对个人以骗取医疗保障基金为目的，造成医疗保障基金损失的处罚',
      '个人以骗取医疗保障基金为目的造成医疗保障基金损失',
    ],
    ['依法对举报欺诈骗取医疗保障基金行为的奖励', '举报欺诈骗取医疗保障基金'],
    ['医疗保险稽核', '医疗保险稽核'],
    ['监督检查', '监督检查'],
  ])('%s → %s', (name, core) => {
    expect(coreName(name)).toBe(core);
  });
});

describe('assign (Hungarian)', () => {
  it('finds the assignment with the highest total, as brute force does', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const [rows, columns] = [1 + Math.floor(random() * 5), 1 + Math.floor(random() * 5)];
      const scores = Array.from({ length: rows }, () =>
        Float64Array.from({ length: columns }, () => random()),
      );
      const threshold = 0.3;
      const total = (pairs: [number, number][]) => pairs.reduce((s, [i, j]) => s + (scores[i]?.[j] ?? 0), 0);
      const got = assign(scores, columns, threshold);
      expect(new Set(got.map(([i]) => i)).size).toBe(got.length);
      expect(new Set(got.map(([, j]) => j)).size).toBe(got.length);
      expect(got.every(([i, j]) => (scores[i]?.[j] ?? 0) >= threshold)).toBe(true);
      expect(total(got)).toBeCloseTo(bruteForce(scores, columns, threshold), 9);
    }
  });

  it('keeps a weak pair from taking an item a strong pair needs', () => {
    const scores = [Float64Array.from([0.9, 0.8]), Float64Array.from([0.85, 0.1])];
    expect(assign(scores, 2, 0.5)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('matchItems', () => {
  it('matches a renamed item and keeps different power types apart', () => {
    const a = [item(1, '对医疗救助的监督检查', '行政检查'), item(2, '对骗取医疗救助资金的处罚', '行政处罚')];
    const b = [
      item(1, '对骗取医疗救助资金的监督检查', '行政检查'),
      item(2, '医疗救助的监督检查', '行政检查'),
    ];
    const ref = (x: Item) => ({
      item: x,
      ref: { table: 0, seq: x.seq, name: x.name, powerType: x.powerType, notice: 'n' },
    });
    const match = matchItems(a.map(ref), b.map(ref));
    expect(match.pairs.map((p) => [p.a.ref.seq, p.b.ref.seq])).toEqual([[1, 2]]);
    expect(match.pairs[0]?.signals).toEqual(['name', 'powerType']);
    expect(match.onlyA.map((x) => x.ref.seq)).toEqual([2]);
    expect(match.onlyB.map((x) => x.ref.seq)).toEqual([1]);
  });
});

describe('differences', () => {
  it('lists differing fields, never a field one side does not state', () => {
    const a = {
      ...item(1, 'x', '行政检查'),
      targets: ['参保人', '定点医药机构'],
      levels: ['区级'],
      fields: { methods: '现场检查' },
    };
    const b = {
      ...item(1, 'x', '行政处罚'),
      targets: ['定点医药机构', '参保人'],
      levels: [],
      fields: { methods: '非现场检查', frequency: '每年' },
    };
    expect(differences(a, b)).toEqual([
      { field: 'powerType', a: '行政检查', b: '行政处罚' },
      { field: 'methods', a: '现场检查', b: '非现场检查' },
    ]);
  });

  it('tells added, missing, moved and unstated articles apart', () => {
    const quote =
      '医疗保障行政部门依法依规通过实地检查、抽查、智能监控、大数据分析等方式对定点零售药店进行监督。';
    const a = [cite('条例', 22), cite('办法', 43, quote), cite('社会保险法', null), cite('价格法', 34)];
    const b = [
      cite('条例', 22),
      cite('办法', 47, `${quote.slice(0, -3)}进行监管。`),
      cite('社会保险法', 86),
      cite('药品管理法', 84),
    ];
    expect(citationDifferences(a, b).map((d) => [d.kind, d.a, d.b])).toEqual([
      ['article-differs', '《办法》第四十三条', '《办法》第四十七条'],
      ['article-unstated', '《社会保险法》', '《社会保险法》第八十六条'],
      ['only-a', '《价格法》第三十四条', null],
      ['only-b', null, '《药品管理法》第八十四条'],
    ]);
  });
});

function item(seq: number, name: string, powerType: Item['powerType']): Item {
  return itemOf({ seq, name, powerType });
}

function cite(law: string, article: number | null, quote: string | null = null): Citation {
  return { law, article, paragraph: null, item: null, orderNo: null, quote, verbatim: law };
}

function bruteForce(scores: Float64Array[], columns: number, threshold: number): number {
  const rows = scores.length;
  let best = 0;
  const walk = (i: number, used: Set<number>, total: number) => {
    if (i === rows) {
      best = Math.max(best, total);
      return;
    }
    walk(i + 1, used, total);
    for (let j = 0; j < columns; j++) {
      const s = scores[i]?.[j] ?? 0;
      if (used.has(j) || s < threshold) continue;
      used.add(j);
      walk(i + 1, used, total + s);
      used.delete(j);
    }
  };
  walk(0, new Set(), 0);
  return best;
}
