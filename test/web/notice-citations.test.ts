import { describe, expect, it } from 'vitest';
import type { Citation } from '../../schemas/notice.ts';
import { citationView, countFindings } from '../../src/web/views/notice-citations.ts';

const cite = (article: number | null): Citation => ({
  law: '医疗保障基金使用监督管理条例',
  article,
  paragraph: null,
  item: null,
  orderNo: null,
  quote: null,
  verbatim: '《医疗保障基金使用监督管理条例》第十四条、第三十九条',
});

describe('citations on the notice page', () => {
  it('shows one line per article when one cell cites several, the words as written in the tooltip', () => {
    const lines = [cite(14), cite(39)].map((c) => citationView(c).value);
    expect(lines[0]).toContain('>《医疗保障基金使用监督管理条例》第十四条<');
    expect(lines[1]).toContain('>《医疗保障基金使用监督管理条例》第三十九条<');
    expect(lines[1]).toContain('title="《医疗保障基金使用监督管理条例》第十四条、第三十九条"');
  });

  it('marks a law without an article 未注明条号, never ✓ 已核对, and counts neither it nor an unverified law as a problem', () => {
    const bare = citationView(cite(null)).value;
    expect(bare).toContain('未注明条号');
    expect(bare).not.toContain('已核对');
    const unknown = { ...cite(3), law: '某某市医疗保障办法' };
    expect(citationView(unknown).value).toContain('未核实');
    expect(countFindings([cite(null), unknown])).toBe(0);
    expect(countFindings([cite(75)])).toBe(1);
  });
});
