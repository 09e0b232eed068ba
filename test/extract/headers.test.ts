import { describe, expect, it } from 'vitest';
import { headerKey, isExactTerm } from '../../src/extract/headers.ts';

describe('header mapping', () => {
  it.each([
    ['事项名称', 'name'],
    ['检查事项', 'name'],
    ['行政检查事项', 'name'],
    ['行政强制事项', 'name'],
    ['抽查事项', 'name'],
    ['检查对象', 'targets'],
    ['强制对象', 'targets'],
    ['实施依据', 'basis'],
    ['检查依据', 'basis'],
    ['强制依据', 'basis'],
    ['检查标准', 'basis'],
    ['行使层级', 'levels'],
    ['法定行使层级', 'levels'],
    ['实施层级', 'levels'],
    ['行使 层级', 'levels'],
    ['职权类型', 'powerType'],
    ['事项类型', 'powerType'],
    ['执法类型', 'powerType'],
    ['检查内容', 'content'],
    ['检查方式', 'methods'],
    ['检查频次', 'frequency'],
    ['抽查比例', 'samplingRatio'],
    ['强制种类 (方式)', 'coercionKind'],
    ['适用条件', 'conditions'],
    ['适用程序', 'procedure'],
    ['实施主体', 'implementer'],
    ['法定实施主体', 'implementer'],
    ['备注', 'remarks'],
    ['序号', 'seq'],
  ])('%s → %s', (header, key) => {
    expect(headerKey(header)).toBe(key);
  });

  it('knows nothing of a column no rule names', () => {
    expect(headerKey('联系电话')).toBeNull();
  });

  it('takes no property every object has for a header term', () => {
    for (const text of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(headerKey(text)).toBeNull();
      expect(isExactTerm(text)).toBe(false);
    }
    expect(isExactTerm('序号')).toBe(true);
    expect(isExactTerm('事项 名称')).toBe(true);
    expect(isExactTerm('行使层级')).toBe(true);
    expect(isExactTerm('某某层级')).toBe(false);
  });
});
