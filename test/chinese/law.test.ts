import { describe, expect, it } from 'vitest';
import { lawKey, normalizeLawTitle } from '../../src/chinese/law.ts';

describe('normalizeLawTitle', () => {
  it.each([
    ['《中华人民共和国社会保险法》', '社会保险法'],
    ['实施《中华人民共和国社会保险法》若干规定', '实施社会保险法若干规定'],
    ['《实施《中华人民共和国社会保险法》若干规定》', '实施社会保险法若干规定'],
    ['实施〈中华人民共和国社会保险法〉若干规定', '实施社会保险法若干规定'],
    ['实施＜中华人民共和国社会保险法）若干规定', '实施社会保险法若干规定'],
    ['实施<中华人民共和国社会保险法>若干规定', '实施社会保险法若干规定'],
    ['《 医療保障 基金使用監督管理條例 》', '医疗保障基金使用监督管理条例'],
    ['医疗保障行政检查裁量权基准实施办法(试行)', '医疗保障行政检查裁量权基准实施办法（试行）'],
    ['X办法（试行》', 'X办法试行'],
  ])('%s → %s', (raw, title) => {
    expect(normalizeLawTitle(raw)).toBe(title);
  });

  it('keeps 国务院 whole when an order number drops 中华人民共和国', () => {
    expect(normalizeLawTitle('2021年中华人民共和国务院令第七十七号')).toBe('2021年国务院令第七十七号');
    expect(normalizeLawTitle('中华人民共和国国务院令第735号')).toBe('国务院令第735号');
  });
});

describe('lawKey', () => {
  it('equates titles with and without 中华人民共和国, brackets and editions', () => {
    expect(lawKey('《中华人民共和国社会保险法》')).toBe(lawKey('社会保险法'));
    expect(lawKey('社会保险法（2018年修正）')).toBe(lawKey('《社会保险法》'));
    expect(lawKey('X办法（试行）')).toBe(lawKey('X办法'));
  });

  it('keeps different laws apart', () => {
    expect(lawKey('社会救助暂行办法')).not.toBe(lawKey('社会救助办法'));
    expect(lawKey('实施社会保险法若干规定')).not.toBe(lawKey('社会保险法'));
  });
});
