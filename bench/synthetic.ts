/**
 * Synthetic catalogues for the search benchmark, deterministic (seeded PRNG): items whose names,
 * targets, basis text and citations recombine the vocabulary and sentences of the real seeds, in
 * notices of 100 items spread over real GB/T 2260 regions; and a mixed query set.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Item, Notice, Region } from '../schemas/notice.ts';
import type { StoredNotice } from '../schemas/store.ts';
import { divisions, resolveRegion } from '../src/chinese/region.ts';
import { extractBytes } from '../src/extract/from-file.ts';
import { mulberry32 as random } from '../tools/synthetic/random.ts';
import { catalogueNotice, itemOf } from '../tools/synthetic/regions.ts';

const SEEDS = new URL('../seeds/', import.meta.url);
const ITEMS_PER_NOTICE = 100;
const REGIONS = `官渡区 五华区 盘龙区 西山区 呈贡区 昆明市 曲靖市 玉溪市 海淀区 东城区 西城区 丰台区 浦东新区
黄浦区 徐汇区 天河区 越秀区 南山区 福田区 武侯区 锦江区 成都市 河源市 山南市 太原市 大同市 晋中市 拉萨市
杭州市 西湖区 余杭区 南京市 玄武区 武汉市 江汉区 长沙市 岳麓区 郑州市 金水区 济南市 历下区`.split(/\s+/);
const OBJECTS =
  `药品 医用耗材 高值医用耗材 定点医药机构 医疗保障基金 参保人员 用人单位 医疗救助资金 生育保险 诊疗项目
医疗服务价格 药品价格 集中采购 异地就医 长期护理保险 门诊费用 住院费用 医保目录 检验项目 医保支付`.split(
    /\s+/,
  );
const ACTIONS =
  `进行监督检查 的监督管理 违法行为的处罚 相关资料进行封存 行为的举报奖励 进行稽核 情况进行检查 问题的约谈
违规行为责令改正 价格进行监督检查`.split(/\s+/);
const TARGETS =
  `定点医药机构 参保人员 用人单位 医疗保障经办机构 公立医疗机构 零售药店 药品经营企业 医疗救助人员`.split(
    /\s+/,
  );
const POWER_TYPES = ['行政检查', '行政处罚', '行政强制', '行政奖励'] as const;

/** The real seeds' sentences and laws, the material items are made of. */
export async function vocabulary() {
  const notices = await Promise.all(
    (await readdir(SEEDS))
      .sort()
      .map(async (name) => extractBytes(new Uint8Array(await readFile(new URL(name, SEEDS))), name)),
  );
  const items = notices.flatMap((n) => n.tables.flatMap((t) => t.items));
  const texts = [
    ...items.map((i) => i.basis ?? ''),
    ...notices.flatMap((n) => n.articles.map((a) => a.text)),
  ];
  const sentences = texts
    .flatMap((t) => t.split(/(?<=[。；])/u))
    .filter((s) => s.length >= 12 && s.length <= 160);
  const laws = [...new Set(items.flatMap((i) => i.citations.map((c) => c.law)))];
  const regions = REGIONS.map((name) => resolveRegion(name)).filter((r): r is Region => r !== null);
  return { sentences, laws, regions, names: items.map((i) => i.name) };
}
export type Vocabulary = Awaited<ReturnType<typeof vocabulary>>;

/**
 * The vocabulary with its regions replaced by `count` county-level divisions of GB/T 2260 (the
 * first ones in the GB/T 2260 tables whose name resolves alone), for a knowledge base of a whole province's
 * counties or more, where the 41 regions of `vocabulary` hide what grows with the regions.
 */
export function withCounties(vocab: Vocabulary, count: number): Vocabulary {
  const unique = divisions('county').filter((county) => resolveRegion(county.name)?.code === county.code);
  return { ...vocab, regions: unique.slice(0, count) };
}

/** `count` items in stored notices of `itemsPerNotice` items each (100 unless given). */
export function syntheticRecords(
  count: number,
  vocab: Vocabulary,
  seed = 1,
  { itemsPerNotice = ITEMS_PER_NOTICE }: { itemsPerNotice?: number } = {},
): StoredNotice[] {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const records: StoredNotice[] = [];
  for (let n = 0; n * itemsPerNotice < count; n++) {
    const region = pick(vocab.regions);
    const items: Item[] = [];
    for (let seq = 1; seq <= Math.min(itemsPerNotice, count - n * itemsPerNotice); seq++) {
      const laws = [pick(vocab.laws), pick(vocab.laws)];
      const citations = laws.map((law) => ({
        law,
        article: 1 + Math.floor(rand() * 120),
        paragraph: null,
        item: null,
        orderNo: null,
        quote: null,
        verbatim: `《${law}》`,
      }));
      const basis = [pick(vocab.sentences), pick(vocab.sentences)].join('');
      const name = rand() < 0.2 ? pick(vocab.names) : `对${pick(OBJECTS)}${pick(ACTIONS)}`;
      const targets = [pick(TARGETS), pick(TARGETS)];
      const powerType = pick(POWER_TYPES);
      items.push(
        itemOf({
          seq,
          name,
          powerType,
          targets,
          levels: ['区级'],
          basis,
          citations,
          fields: { implementer: `${region.name}医疗保障局` },
        }),
      );
    }
    records.push(record(n, region, items));
  }
  return records;
}

function record(n: number, region: Region, items: Item[]): StoredNotice {
  const now = new Date(Date.UTC(2024, 0, 1 + (n % 365))).toISOString();
  const notice: Notice = catalogueNotice(
    {
      title: `${region.name}医疗保障行政执法事项清单（第${n + 1}批）`,
      docNumber: `医保发〔2024〕${n + 1}号`,
      issuer: `${region.name}医疗保障局`,
      issuedOn: now.slice(0, 10),
      region,
    },
    items,
  );
  const sha256 = n.toString(16).padStart(64, '0');
  return {
    id: `${region.code}-${n.toString(16).padStart(10, '0')}`,
    version: 1,
    current: true,
    catalogueKey: `${region.code}|${n}`,
    sourceFile: `${n}.txt`,
    sha256,
    status: 'stored',
    createdAt: now,
    updatedAt: now,
    notice,
    renditions: [],
    reviewed: null,
  };
}

/** One query and its options, as the benchmark sends it. */
export interface BenchQuery {
  q: string;
  region?: string;
  powerType?: (typeof POWER_TYPES)[number];
}

/**
 * 1,000 mixed queries: domain words, 2–6 character pieces of item names (substrings inside
 * words), two-word queries, traditional characters, filtered queries and queries matching nothing.
 */
export function mixedQueries(vocab: Vocabulary, count = 1000, seed = 7): BenchQuery[] {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const words = [
    '价格',
    '封存',
    '耗材',
    '医疗保障',
    '监督检查',
    '举报奖励',
    '稽核',
    '定点医药机构',
    '骗取',
    '社会保险法',
    '医保',
  ];
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    const name = pick(vocab.names);
    const start = Math.floor(rand() * Math.max(1, name.length - 6));
    const piece = name.slice(start, start + 2 + Math.floor(rand() * 5));
    if (kind < 3) queries.push({ q: pick(words) });
    else if (kind < 6) queries.push({ q: piece });
    else if (kind === 6) queries.push({ q: `${pick(words)} ${pick(OBJECTS)}` });
    else if (kind === 7) queries.push({ q: pick(['價格', '醫療保障', '監督檢查', '舉報獎勵', '醫用耗材']) });
    else if (kind === 8)
      queries.push({
        q: pick(words),
        region: pick(['云南省', '北京市', '昆明市', '广东省']),
        powerType: pick(POWER_TYPES),
      });
    else queries.push({ q: pick(['量子纠缠', '区块链', 'xyz']) });
  }
  return queries;
}
