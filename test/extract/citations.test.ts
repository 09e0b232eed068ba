import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Citation } from '../../schemas/notice.ts';
import { parseCitations } from '../../src/extract/citations.ts';

type Expected = { law: string; article: number | null; paragraph?: number | null };

const FIXTURES = new URL('../fixtures/citations/', import.meta.url);
/** Basis cells copied verbatim from the seed notices, with the hand-checked citations of gold/seeds.json. */
const gold = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as Record<
  string,
  Expected[]
>;

const brief = (c: Citation) => [c.law, c.article, c.paragraph, c.item];
const parse = (basis: string) => parseCitations(basis).map(brief);

describe('seed basis cells', () => {
  it.each(Object.keys(gold))('%s', (name) => {
    const citations = parseCitations(readFileSync(new URL(`${name}.txt`, FIXTURES), 'utf8'));
    for (const citation of citations) expect(Citation.parse(citation)).toEqual(citation);
    const found = citations.map((c) => ({ law: c.law, article: c.article, paragraph: c.paragraph }));
    expect(found).toEqual(gold[name]?.map((c) => ({ ...c, paragraph: c.paragraph ?? null })));
  });
});

describe('law titles and article refs', () => {
  it('reads 第X条, 第Y款 and 第Z项', () => {
    expect(parse('《中华人民共和国药品管理法》第一百二十三条')).toEqual([['药品管理法', 123, null, null]]);
    expect(parse('《中华人民共和国行政处罚法》第三十三条第二款')).toEqual([['行政处罚法', 33, 2, null]]);
    expect(parse('《行政强制法》第二十五条第一款第三项')).toEqual([['行政强制法', 25, 1, 3]]);
    expect(parse('《行政强制法》第二十五条第（三）项')).toEqual([['行政强制法', 25, null, 3]]);
    expect(parse('《行政强制法》第25条')).toEqual([['行政强制法', 25, null, null]]);
  });

  it('does not make an item of a quoted （五）', () => {
    expect(parse('《价格监督检查规定》第十二条：可以采取下列措施：（五）责令暂停相关营业。')).toEqual([
      ['价格监督检查规定', 12, null, null],
    ]);
  });

  it('reads lists and ranges of refs', () => {
    expect(parse('《中华人民共和国药品管理法》第十条、第十一条和第十三条至第十五条')).toEqual([
      ['药品管理法', 10, null, null],
      ['药品管理法', 11, null, null],
      ['药品管理法', 13, null, null],
      ['药品管理法', 14, null, null],
      ['药品管理法', 15, null, null],
    ]);
    expect(parse('《行政强制法》第十条第一款、第二款')).toEqual([
      ['行政强制法', 10, 1, null],
      ['行政强制法', 10, 2, null],
    ]);
  });

  it('gives a title named without articles article null', () => {
    expect(
      parse(
        '根据《中华人民共和国行政处罚法》《行政强制法》和《价格违法行为行政处罚规定》等规定，检查经营者。',
      ),
    ).toEqual([
      ['行政处罚法', null, null, null],
      ['行政强制法', null, null, null],
      ['价格违法行为行政处罚规定', null, null, null],
    ]);
  });

  it('drops 中华人民共和国 inside a title and repairs mismatched inner brackets', () => {
    expect(parse('《实施〈中华人民共和国行政许可法〉办法》第三条')).toEqual([
      ['实施行政许可法办法', 3, null, null],
    ]);
    expect(parse('《实施＜中华人民共和国行政许可法）办法》第三条')).toEqual([
      ['实施行政许可法办法', 3, null, null],
    ]);
    expect(parse('《实施《中华人民共和国行政许可法》办法》第三条')).toEqual([
      ['实施行政许可法办法', 3, null, null],
    ]);
  });

  it('reads traditional characters', () => {
    expect(parse('《醫療機構管理條例》第四十條')).toEqual([['医疗机构管理条例', 40, null, null]]);
  });

  it('reads a title that wraps onto the next line of its cell', () => {
    expect(parse('《中华人民共和国社会保\n险法》第八十八条')).toEqual([['社会保险法', 88, null, null]]);
    expect(parse('《医疗保障基金使用监督\n管理条例》第三十八条')).toEqual([
      ['医疗保障基金使用监督管理条例', 38, null, null],
    ]);
    expect(
      parse('1.《中华人民共和国社会保\n险法》第八十八条\n2.《医疗保障基金使用监督\n管理条例》第三十八条'),
    ).toEqual([
      ['社会保险法', 88, null, null],
      ['医疗保障基金使用监督管理条例', 38, null, null],
    ]);
  });

  it('restores a 《 a page lost at the start of a line, but not the 《 of a wrapped title', () => {
    expect(parse('规范医疗保障基金使用监督管理行政处罚裁量权办法)》')).toEqual([
      ['规范医疗保障基金使用监督管理行政处罚裁量权办法', null, null, null],
    ]);
    expect(
      parse('1.《中华人民共和国社会保险法》第八十八条\n2.医疗保障基金使用监督管理条例》第三十八条'),
    ).toEqual([
      ['社会保险法', 88, null, null],
      ['医疗保障基金使用监督管理条例', 38, null, null],
    ]);
    // A 《 left open before a sentence's end is no title wrapping onto the next line.
    expect(
      parse('《中华人民共和国社会保险法第八十八条。\n医疗保障基金使用监督管理条例》第三十八条'),
    ).toContainEqual(['医疗保障基金使用监督管理条例', 38, null, null]);
  });

  it('reads a law named without 《》 at the start of an entry', () => {
    expect(
      parse('1.中华人民共和国行政处罚法第八条：行政处罚的种类。\n2.行政强制法第九条：强制措施。'),
    ).toEqual([
      ['行政处罚法', 8, null, null],
      ['行政强制法', 9, null, null],
    ]);
  });
});

describe('order numbers', () => {
  it('keeps the order as metadata, never as an article', () => {
    const [citation] = parseCitations('《医药价格监督办法》（国家医保局令第9号）第十二条第三款：文字。');
    expect(citation).toMatchObject({
      law: '医药价格监督办法',
      orderNo: '国家医保局令第9号',
      article: 12,
      paragraph: 3,
    });
  });

  it('normalizes 中华人民共和国务院令 to 国务院令 and accepts mixed brackets', () => {
    const [a] = parseCitations(
      '《价格违法行为行政处罚规定》(2010年中华人民共和国务院令第五百八十五号)第七条',
    );
    expect(a).toMatchObject({ orderNo: '2010年国务院令第五百八十五号', article: 7 });
    const [b] = parseCitations('《工伤保险条例》(国务院令第586号）第六十条：文字');
    expect(b).toMatchObject({ orderNo: '国务院令第586号', article: 60 });
    const [c] = parseCitations('《定点医药机构检查办法》（医保发〔2020〕12号）');
    expect(c).toMatchObject({ orderNo: '医保发〔2020〕12号', article: null });
  });

  it('skips an edition note without taking it for an order', () => {
    const [citation] = parseCitations('《医疗保障稽核办法》（试行）第五条');
    expect(citation).toMatchObject({ law: '医疗保障稽核办法', orderNo: null, article: 5 });
  });
});

describe('continuations and cross-references', () => {
  it('continues the law with later 第X条： markers', () => {
    const basis = '《中华人民共和国行政处罚法》第九条：行政处罚的种类。第十条：法律可以设定各种行政处罚。';
    expect(parse(basis)).toEqual([
      ['行政处罚法', 9, null, null],
      ['行政处罚法', 10, null, null],
    ]);
  });

  it('continues the law with a 第X条 that starts a sentence followed by its text', () => {
    expect(parse('《行政强制法》第九条 行政强制措施的种类。\n第十条 行政强制措施由法律设定。')).toEqual([
      ['行政强制法', 9, null, null],
      ['行政强制法', 10, null, null],
    ]);
  });

  it('ignores 第X条 that refer to other provisions', () => {
    const basis =
      '《行政强制法》第二十条：依照本法第十八条规定的，违反本条例第三十条：不得处罚；依照前款第二条规定处理。第二十一条：其他。';
    expect(parse(basis)).toEqual([
      ['行政强制法', 20, null, null],
      ['行政强制法', 21, null, null],
    ]);
  });

  it('treats titles inside a quote as quoted text', () => {
    const basis =
      '1．《社会救助条例》第九条：依照《中华人民共和国行政处罚法》第三十条的规定处理；\n依照\n《中华人民共和国行政强制法》规定的程序执行。\n2．《价格法》第三十四条：文字。';
    expect(parse(basis)).toEqual([
      ['社会救助条例', 9, null, null],
      ['价格法', 34, null, null],
    ]);
  });

  it('takes a title at a line start that opens a new article as a citation', () => {
    const basis = '1．《社会救助条例》第九条：文字，\n续行文字。\n《价格法》第三十四条：文字。';
    expect(parse(basis)).toEqual([
      ['社会救助条例', 9, null, null],
      ['价格法', 34, null, null],
    ]);
  });
});

describe('quote and verbatim', () => {
  it('quotes the text after 第X条： up to the next marker, re-joining wrapped lines', () => {
    const citations = parseCitations(
      '1．《甲条例》第五条：县级以上人民政府\n负责监督管理。第六条：另一条。\n2．《乙法》第七条',
    );
    expect(citations.map((c) => [c.quote, c.verbatim])).toEqual([
      ['县级以上人民政府负责监督管理。', '《甲条例》第五条'],
      ['另一条。', '《甲条例》第六条'],
      [null, '《乙法》第七条'],
    ]);
  });

  it('quotes the text after a space, and none after running prose', () => {
    expect(parseCitations('《甲法》第三条 用人单位应当登记。')[0]?.quote).toBe('用人单位应当登记。');
    expect(parseCitations('依据《甲法》第三条规定，检查用人单位。')[0]?.quote).toBeNull();
  });

  it('keeps the source as written in verbatim', () => {
    const [citation] = parseCitations('《醫療機構管理條例》（國務院令第149號）第四十條第二款：文字');
    expect(citation?.verbatim).toBe('《醫療機構管理條例》（國務院令第149號）第四十條第二款');
    expect(citation?.orderNo).toBe('国务院令第149号');
  });
});

describe('edge cases', () => {
  it('dedupes identical citations, keeping the first', () => {
    const citations = parseCitations(
      '1．《甲法》第三条：第一次。\n2．《中华人民共和国甲法》第三条：第二次。\n3．《甲法》第四条',
    );
    expect(citations.map((c) => [c.article, c.quote])).toEqual([
      [3, '第一次。'],
      [4, null],
    ]);
  });

  it.each(['', '无', '第五条：没有法律名称', '《》第三条', '《未闭合的标题第三条：文字'])(
    'finds nothing in %j',
    (basis) => {
      expect(parseCitations(basis)).toEqual([]);
    },
  );

  it('strips conversion artifacts before parsing', () => {
    expect(parse('[bookmark: _GoBack]<p>《甲法》第三条</p>')).toEqual([['甲法', 3, null, null]]);
  });
});
