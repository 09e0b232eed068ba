import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.ts';

describe('parseQuery', () => {
  it('parses a query once while it is among the recent ones', () => {
    const first = parseQuery('价格监督 耗材');
    expect(first.words.map((w) => w.text)).toEqual(['价格', '监督', '耗材']);
    expect(first.joins).toEqual(['格监']);
    expect(parseQuery('价格监督 耗材')).toBe(first);
    // pushed out by 512 other queries, it is parsed again: an equal, new result
    for (let i = 0; i < 512; i++) parseQuery(`查询${i}`);
    const again = parseQuery('价格监督 耗材');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('keeps a query used again among the recent ones', () => {
    const kept = parseQuery('骗取医保基金');
    for (let i = 0; i < 600; i++) {
      parseQuery(`其他${i}`);
      if (i % 100 === 0) parseQuery('骗取医保基金');
    }
    expect(parseQuery('骗取医保基金')).toBe(kept);
  });
});
