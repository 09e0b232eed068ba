import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeWords, stripArtifacts, toSimplified } from '../../src/chinese/text.ts';

describe('toSimplified', () => {
  it('converts stray traditional characters and leaves simplified text alone', () => {
    expect(toSimplified('按年度開展，行政執法检查')).toBe('按年度开展，行政执法检查');
    expect(toSimplified('处骗取金額2倍以上')).toBe('处骗取金额2倍以上');
    const simplified = '显著 著作 乾隆 干部 范围 后来 面条 系统';
    expect(toSimplified(simplified)).toBe(simplified);
  });

  it('converts only the lines that need it', () => {
    expect(toSimplified('第一行\n醫療保障\n第三行')).toBe('第一行\n医疗保障\n第三行');
  });
});

describe('stripArtifacts', () => {
  it.each([
    ['[bookmark: _GoBack]序号', '序号'],
    ['<p>1. 查看；</p> <p>2. 查看</p>', '1. 查看；\n 2. 查看\n'],
    ['<span class="x">医保</span>&nbsp;局', '医保 局'],
    ['正文第 1 页 共 21 页正文', '正文正文'],
    ['上文\n- 3 -\n下文', '上文\n下文'],
    ['上文\n— 12 —\n下文', '上文\n下文'],
  ])('%j → %j', (raw, clean) => {
    expect(stripArtifacts(raw)).toBe(clean);
  });

  it('leaves law titles in angle brackets alone', () => {
    expect(stripArtifacts('实施<中华人民共和国社会保险法>若干规定')).toBe(
      '实施<中华人民共和国社会保险法>若干规定',
    );
  });
});

describe('normalizeText', () => {
  it.each([
    ['醫(yī)療保(bǎo)障', '医疗保障'],
    ['医(yī)疗保（bǎo zhàng）障', '医疗保障'],
    ['京医保发〔2024〕10 号', '京医保发〔2024〕10号'],
    ['2024 年 7 月 10 日', '2024年7月10日'],
    ['医疗 保障　局', '医疗保障局'],
    ['ＡＢＣ１２３', 'ABC123'],
    ['资料,无法登记 : 确认;完毕', '资料，无法登记：确认；完毕'],
    ['《条例》(2021年国务院令第七十七号)第七十五条', '《条例》（2021年国务院令第七十七号）第七十五条'],
    ['(劳动部令第16号）', '（劳动部令第16号）'],
    ['  前后空白 \n\n\n\n 下一段  ', '前后空白\n\n下一段'],
  ])('%j → %j', (raw, clean) => {
    expect(normalizeText(raw)).toBe(clean);
  });

  it.each(['医保(DRG)付费', 'DIP 付费', 'a,b', '10:30', 'abc(yi)'])('keeps %j', (text) => {
    expect(normalizeText(text)).toBe(text);
  });
});

describe('normalizeWords', () => {
  it('normalizes word by word and keeps the words apart by one space', () => {
    expect(normalizeWords('發文日期:　2023-06-21   發布機構： 醫療保障局')).toBe(
      '发文日期: 2023-06-21 发布机构： 医疗保障局',
    );
    expect(normalizeWords('序号 事项\u3000名称\t检查对象')).toBe('序号 事项 名称 检查对象');
    expect(normalizeWords(' \u3000 ')).toBe('');
  });
});
