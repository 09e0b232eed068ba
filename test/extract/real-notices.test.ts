import { describe, expect, it } from 'vitest';
import type { Notice } from '../../schemas/notice.ts';
import { loadCorpus } from '../../src/eval/corpus.ts';
import { extractFile } from '../../src/extract/from-file.ts';

/**
 * Each extraction rule on real notices from at least two regions — development half only
 * (test/fixtures/real/README.md): the test half is never tuned on.
 */
const DIR = 'test/fixtures/real';
const corpus = loadCorpus(DIR);
const cache = new Map<string, Notice>();

async function real(slug: string): Promise<Notice> {
  const entry = corpus.find((notice) => notice.file === `${slug}.txt`);
  if (!entry) throw new Error(`${slug}: not in the corpus`);
  if (entry.split !== 'dev') throw new Error(`${slug}: tests may use the development half only`);
  if (!cache.has(slug)) cache.set(slug, await extractFile(entry.path));
  return cache.get(slug) as Notice;
}

const items = (notice: Notice) => notice.tables.flatMap((table) => table.items);
const names = (notice: Notice) => items(notice).map((item) => item.name);

describe('the real-notice corpus', () => {
  it('holds at least 40 notices from 25 regions besides the seeds, split by region into two halves', () => {
    const regions = new Set(corpus.map((notice) => `${notice.province}/${notice.region ?? notice.file}`));
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(regions.size).toBeGreaterThanOrEqual(25);
    for (const notice of corpus) expect(notice.split, notice.file).not.toBeNull();
    const halves = new Map<string, Set<string>>();
    for (const notice of corpus) {
      const region = `${notice.province}/${notice.region ?? notice.file}`;
      halves.set(region, new Set([...(halves.get(region) ?? []), notice.split as string]));
    }
    for (const [region, splits] of halves) expect(splits.size, region).toBe(1);
  });

  it('never names a seed region', () => {
    const seeds = ['北京市', '山南市', '山西省', '官渡区', '河源市'];
    for (const notice of corpus) expect(seeds, notice.file).not.toContain(notice.region);
  });
});

describe('tables copied from web pages (development half)', () => {
  it('drops a pipe table caption row and spacer pipes, keeps the caption as the title (盘锦市, 鄂尔多斯市)', async () => {
    const panjin = await real('liaoning-panjin-mianfa');
    expect(panjin.tables[0]?.title).toBe('盘锦市医疗保障局免于处罚事项清单（2022版）');
    expect(panjin.tables[0]?.headers).toEqual([
      '序号',
      '行政权力名称',
      '法律依据',
      '违法事实性质和情节',
      '行政裁量权基准',
    ]);
    const ordos = await real('neimenggu-eerduosi-choucha');
    expect(ordos.tables[0]?.title).toBe('市医疗保障局2023年度“双随机、一公开”抽查工作计划');
    expect(ordos.tables[0]?.headers.slice(0, 5)).toEqual([
      '序号',
      '抽查类别',
      '抽查事项',
      '检查对象',
      '检查方式',
    ]);
  });

  it('merges a two-row header: sub-headers replace the parent they split (广州市, 建平县)', async () => {
    expect((await real('guangdong-guangzhou-choucha')).tables[0]?.headers.slice(0, 4)).toEqual([
      '序号',
      '抽查类别',
      '抽查事项（内容）',
      '检查对象',
    ]);
    expect((await real('liaoning-jianping-quanze')).tables[0]?.headers.slice(0, 4)).toEqual([
      '序号',
      '项目类型',
      '主项',
      '子项',
    ]);
  });

  it('puts a row whose merged cells left no fields back into its columns (广州市, 周村区, 鄂尔多斯市)', async () => {
    const guangzhou = items(await real('guangdong-guangzhou-choucha'));
    expect(guangzhou[1]?.name).toBe('定点医疗机构医疗保障基金规范使用的检查');
    expect(guangzhou[1]?.citations.map((c) => c.article)).toEqual([15, 38]);
    expect(guangzhou[1]?.category).toBe('重点检查事项');
    const zhoucun = items(await real('shandong-zhoucun-choucha'));
    expect(zhoucun.map((item) => item.name)).toEqual([
      '医保定点药店医保基金使用情况检查',
      '医保定点医疗机构医保基金使用情况检查',
    ]);
    const ordos = items(await real('neimenggu-eerduosi-choucha'));
    expect(ordos.map((item) => item.seq)).toEqual([3, 3, 3]);
    expect(ordos[2]?.name).toBe('定点医疗机构检查');
  });

  it('reads one cell per line, with and without 序号, header words broken over lines (庐山市, 临沂市)', async () => {
    const lushan = await real('jiangxi-lushan-mianfa');
    expect(lushan.tables.map((table) => table.layout)).toEqual(['vertical', 'vertical']);
    expect(names(lushan)).toEqual(['违规报销医保基金', '违规报销医保基金']);
    expect(items(lushan)[0]?.citations.map((c) => c.law)).toEqual([
      '规范医疗保障基金使用监督管理行政处罚裁量权办法',
    ]);
    const linyi = await real('shandong-linyi-choucha');
    expect(linyi.tables[0]?.headers).toContain('事项类别');
    expect(names(linyi)[0]).toBe('对定点零售药店医保基金使用情况的检查');
  });

  it('splits cells that ran together by the header vocabulary and what each cell holds (济源市, 建平县)', async () => {
    const jiyuan = await real('henan-jiyuan-jianchashixiang');
    expect(jiyuan.tables[0]?.headers).toEqual([
      '序号',
      '事项名称',
      '责任科室',
      '是否涉企',
      '执法类型',
      '实施依据',
    ]);
    expect(items(jiyuan).map((item) => item.fields.department)).toEqual(Array(4).fill('基金监管科'));
    expect(items(jiyuan)[0]?.citations[0]).toMatchObject({
      law: '医疗机构医疗保障定点管理暂行办法',
      article: 47,
      paragraph: 2,
    });
    const jianping = items(await real('liaoning-jianping-quanze'));
    expect(jianping[0]?.name).toBe('对骗取医疗保险基金个人的处罚');
    expect(jianping[0]?.citations.map((c) => `${c.law}#${c.article}`)).toEqual([
      '社会保险法#87',
      '社会保险法#88',
      '医疗保障基金使用监督管理条例#41',
    ]);
  });

  it('reads spaced cells whose text holds spaces of its own (巫溪县, 周村区)', async () => {
    const wuxi = items(await real('chongqing-wuxi-quanli'));
    expect(wuxi[0]).toMatchObject({ seq: 1177, powerType: '行政处罚', levels: ['市级', '区县级'] });
    const zhoucun = items(await real('shandong-zhoucun-choucha'));
    expect(zhoucun[0]?.citations.map((c) => `${c.article}.${c.paragraph}`)).toEqual(['79.1', '87.null']);
  });

  it('reads traditional script with pinyin inserted as simplified text without the pinyin (广州市, 盘锦市)', async () => {
    const guangzhou = await real('guangdong-guangzhou-choucha');
    expect(guangzhou.tables[0]?.headers).toContain('检查依据');
    expect(names(guangzhou)[0]).toBe('定点医疗机构医疗保障基金使用内部管理制度的检查');
    expect(names(await real('liaoning-panjin-mianfa'))[2]).toBe(
      '对定点医药机构未按照规定通过医疗保障信息系统传送医疗保障基金使用有关数据的处罚',
    );
  });

  it('keeps a row the page cuts off, flagged partial, and asks for review (广州市, 盘锦市, 建平县)', async () => {
    for (const slug of [
      'guangdong-guangzhou-choucha',
      'liaoning-panjin-mianfa',
      'liaoning-jianping-quanze',
    ]) {
      const notice = await real(slug);
      expect(items(notice).at(-1)?.partial, slug).toBe(true);
      expect(
        items(notice)
          .slice(0, -1)
          .every((item) => !item.partial),
        slug,
      ).toBe(true);
      expect(notice.review.reasons, slug).toContain('row-cut-off');
    }
  });

  it('never takes statute text quoted in a cell for the notice’s own articles (辰溪县, 建平县)', async () => {
    expect((await real('hunan-chenxi-jianchajihua')).articles).toEqual([]);
    expect((await real('liaoning-jianping-quanze')).articles).toEqual([]);
  });

  it('decides the power type from the column, the title, else the name (济源市, 周村区, 广州市)', async () => {
    expect(items(await real('henan-jiyuan-jianchashixiang')).map((item) => item.powerType)).toEqual(
      Array(4).fill('行政检查'),
    );
    expect((await real('shandong-zhoucun-choucha')).tables[0]?.powerType).toBe('行政检查');
    expect(
      items(await real('guangdong-guangzhou-choucha')).every((item) => item.powerType === '行政检查'),
    ).toBe(true);
  });

  it('knows an exemption list by its title and keeps each 情形 as a grade (盘锦市, 庐山市)', async () => {
    const panjin = await real('liaoning-panjin-mianfa');
    expect(panjin.tables[0]?.kind).toBe('exemption');
    expect(items(panjin)[0]?.grades).toEqual([
      {
        grade: null,
        circumstances:
          '未建立医疗保障基金使用内部管理制度，或者没有专门机构或者人员负责医疗保障基金使用管理工作。',
        benchmark: '首次违反的，由医疗保障行政部门责令改正，并约谈有关负责人。',
      },
    ]);
    expect((await real('jiangxi-lushan-mianfa')).tables.map((table) => table.kind)).toEqual([
      'exemption',
      'exemption',
    ]);
  });
});

describe('metadata of real pages (development half)', () => {
  it('skips navigation and page furniture before the title (巫溪县, 临沂市)', async () => {
    expect((await real('chongqing-wuxi-quanli')).meta.title).toBe('巫溪县医疗保障局行政权力事项清单');
    expect((await real('shandong-linyi-choucha')).meta.title).toBe('临沂市医保基金随机抽查事项清单');
  });

  it('reads the labelled fields of a disclosure page by role (吉林省, 周村区, 临沂市)', async () => {
    expect((await real('jilin-sheng-caiyibanfa-2023')).meta).toMatchObject({
      title: '吉林省医疗保障局关于印发《吉林省医疗保障基金使用监督管理行政处罚裁量权基准适用办法》的通知',
      docNumber: '吉医保规〔2023〕2号',
      issuer: '吉林省医疗保障局',
    });
    expect((await real('shandong-zhoucun-choucha')).meta).toMatchObject({
      issuer: '淄博市医疗保障局周村分局',
      issuedOn: '2023-06-21',
      region: { name: '周村区' },
    });
    expect((await real('shandong-linyi-choucha')).meta.issuer).toBe('临沂市医疗保障局');
  });

  it('takes a 文号 from a title line and ignores a parent document’s 文号 (湖北省, 吉林省)', async () => {
    expect((await real('hubei-sheng-gongshibanfa')).meta.docNumber).toBe('鄂医保发〔2025〕30号');
    expect((await real('jilin-sheng-caiyibanfa')).meta.docNumber).toBe('吉医保联〔2024〕30号');
  });

  it('reads dates in Chinese numerals and never takes a posting date (杭州市, 上海市, 济源市, 巫溪县)', async () => {
    expect((await real('zhejiang-hangzhou-chulibanfa')).meta.issuedOn).toBe('2011-11-07');
    expect((await real('shanghai-shi-zhuanxiangjiancha')).meta.issuedOn).toBe('2006-07-20');
    expect((await real('henan-jiyuan-jianchashixiang')).meta.issuedOn).toBeNull();
    expect((await real('chongqing-wuxi-quanli')).meta.issuedOn).toBeNull();
  });

  it('splits articles that ran into one line and the title before the first (浙江省, and 山东省 for chapters)', async () => {
    expect((await real('zhejiang-sheng-cailiangshiyong')).articles.map((a) => a.number)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const shandong = await real('shandong-sheng-caiyiguize');
    expect(shandong.articles[0]).toMatchObject({ number: 1, chapterTitle: '总则' });
  });
});
