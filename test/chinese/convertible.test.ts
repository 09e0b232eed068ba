import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertibleSource, convertibleUnits } from '../../scripts/write-convertible.ts';
import { CONVERTIBLE } from '../../src/chinese/convertible.ts';
import { toSimplified } from '../../src/chinese/text.ts';

describe('the characters that send a clause through OpenCC (src/chinese/convertible.ts)', () => {
  it('are exactly those the installed opencc-js dictionaries can change (else: npm run convertible)', () => {
    const units = convertibleUnits();
    expect(units.length).toBeGreaterThan(2000);
    expect(
      [...CONVERTIBLE].flatMap((ch) => [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i))),
    ).toEqual(units);
    expect(readFileSync(new URL('../../src/chinese/convertible.ts', import.meta.url), 'utf8')).toBe(
      convertibleSource(units),
    );
  });

  it('convert traditional and Hong Kong forms, and leave simplified text as it is', () => {
    expect(toSimplified('醫療保障局關於價格監督檢查的通知')).toBe('医疗保障局关于价格监督检查的通知');
    expect(toSimplified('医疗保障局关于价格监督检查的通知')).toBe('医疗保障局关于价格监督检查的通知');
    expect(toSimplified('對定點醫藥機構，裏面着')).toBe('对定点医药机构，里面着');
  });
});
