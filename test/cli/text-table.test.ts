import { describe, expect, it } from 'vitest';
import { alignColumns, displayWidth, truncate } from '../../src/export/text-table.ts';

describe('CLI text tables', () => {
  it('counts CJK characters and punctuation as two columns, marks and controls as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('官渡区')).toBe(6);
    expect(displayWidth('《条例》第十四条、第三十九条')).toBe(28);
    expect(displayWidth('（一）【注】')).toBe(12);
    expect(displayWidth('ＡＢ１')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb\tc')).toBe(3);
    expect(displayWidth('𠀀')).toBe(2);
    expect(displayWidth('')).toBe(0);
  });

  it('aligns mixed Chinese and Latin columns and truncates by width', () => {
    const lines = alignColumns([
      ['编号', '名称', '类型'],
      ['1', '对定点医药机构的监督检查', '行政检查'],
      ['12', 'abc', 'x'],
    ]);
    const starts = lines.map((line) =>
      displayWidth(
        line.slice(0, line.indexOf(line.includes('abc') ? 'abc' : line.includes('名称') ? '名称' : '对')),
      ),
    );
    expect(new Set(starts).size).toBe(1);
    expect(truncate('对定点医药机构的监督检查', 9)).toBe('对定点医…');
    expect(displayWidth(truncate('对定点医药机构的监督检查', 9))).toBeLessThanOrEqual(9);
    expect(truncate('short', 9)).toBe('short');
  });
});
