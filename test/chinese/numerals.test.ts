import { describe, expect, it } from 'vitest';
import { parseChineseNumber } from '../../src/chinese/numerals.ts';

describe('parseChineseNumber', () => {
  it.each([
    ['第一百零四条', 104],
    ['四十七', 47],
    ['十二', 12],
    ['二十', 20],
    ['十', 10],
    ['一千零一', 1001],
    ['一百一十', 110],
    ['两千', 2000],
    ['九十九', 99],
    ['三万五千', 35000],
    ['〇', 0],
    ['二〇二四', 2024],
    ['47', 47],
    ['４７', 47],
    ['第47条', 47],
    ['第二款', 2],
    ['第（五）项', null],
    ['第五项', 5],
    ['贰拾', 20],
  ])('%s → %s', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['', '第', '条', 'abc', '十十', '百', '一百零', '四十七abc', '第十条之一'])(
    '%j is not a number',
    (text) => {
      expect(parseChineseNumber(text)).toBeNull();
    },
  );

  it('reads a bare trailing digit as the next unit down (一百一 → 110)', () => {
    expect(parseChineseNumber('一百一')).toBe(110);
    expect(parseChineseNumber('三万五')).toBe(35000);
  });
});
