/**
 * Synthetic regional catalogues for the matrix tests and the compare benchmark, made by mutating
 * the seed catalogues: each region lists ~30 powers drawn from the seeds' 16 distinct powers and
 * 30 generated ones, with items renamed (synonyms, reworded boilerplate, another region's name
 * for the power), powers dropped and added, citations changed (an article moved, dropped, added)
 * and targets changed. Deterministic for a seed; the truth (power id per item) comes along.
 */
import { type Citation, type Item, type Notice, NoticeTable, type PowerType } from '../../schemas/notice.ts';
import type { RegionItems } from '../../src/compare/cluster.ts';
import { extractFile } from '../../src/extract/from-file.ts';
import { mulberry32, shuffle } from './random.ts';

/** A power every synthetic region may list: its name variants, type, citations and targets. */
interface Power {
  names: string[];
  powerType: PowerType | null;
  citations: Citation[];
  targets: string[];
}

export interface SyntheticRegion {
  region: string;
  notice: Notice;
  /** Power id (index into the pool) per item, in item order. */
  truth: number[];
}

const SUBJECTS = words(
  '定点医疗机构 定点零售药店 医疗保障经办机构 参保单位 参保人员 医药企业 医保医师 承办大病保险的商业保险机构 药品配送企业 医疗救助对象',
);
const ACTS = words(
  '违规结算医疗费用 串换药品和诊疗项目 超标准收费 分解住院 虚构医药服务 拒不配合调查 未按规定保管票据 转卖药品 重复收费 挂床住院',
);
const ENDINGS: [string, PowerType][] = [
  ['的处罚', '行政处罚'],
  ['进行监督检查', '行政检查'],
  ['的行政强制', '行政强制'],
];
const LAWS = words(
  '医疗保障基金使用监督管理条例 社会保险法 基本医疗卫生与健康促进法 药品管理法 价格法 社会救助暂行办法',
);
const SYNONYMS: [string, string][] = [
  ['医疗保障', '医疗保险'],
  ['进行监督检查', '的监督检查'],
  ['情况', ''],
  ['、', '和'],
  ['的处罚', '进行处罚'],
  ['定点医药机构', '定点医疗机构'],
];

/** `count` regions of about `itemsPerRegion` items each, from the seed catalogues. */
export async function syntheticRegions(
  count: number,
  itemsPerRegion = 30,
  seed = 1,
): Promise<SyntheticRegion[]> {
  const random = mulberry32(seed);
  const pool = [...(await seedPowers()), ...generatedPowers(30, random)];
  return Array.from({ length: count }, (_, r) => {
    const chosen = shuffle([...pool.keys()], random).slice(0, itemsPerRegion + Math.floor(random() * 5) - 2);
    const items = chosen.map((power, i) => mutate(pool[power] as Power, i + 1, random));
    const region = `合成区${String(r + 1).padStart(4, '0')}`;
    return { region, notice: noticeOf(region, items), truth: chosen };
  });
}

/** The synthetic regions as the matrix takes them. */
export function asRegionItems(regions: SyntheticRegion[]): RegionItems[] {
  return regions.map(({ region, notice }) => ({
    region,
    items: (notice.tables[0]?.items ?? []).map((item) => ({
      item,
      ref: { table: 0, seq: item.seq, name: item.name, powerType: item.powerType, notice: region },
    })),
  }));
}

/** The seeds' distinct powers: 山南's 12, 官渡's 3 others, 北京's 划拨 (names of the same power pooled). */
async function seedPowers(): Promise<Power[]> {
  const [beijing, shannan, guandu] = await Promise.all(
    ['000_2cf1152d849efe07', '001_0b30fb75eabd2adf', '003_2a9d65f420513247'].map((f) =>
      extractFile(`seeds/${f}.txt`),
    ),
  );
  const items = (n: Notice | undefined, t = 0) => n?.tables[t]?.items ?? [];
  const powers = [...items(shannan), ...items(guandu).slice(3, 6), ...items(beijing, 1).slice(0, 1)].map(
    (item): Power => ({
      names: [item.name],
      powerType: item.powerType,
      citations: item.citations,
      targets: item.targets,
    }),
  );
  // Other regions' names for the same power (the seeds' own variants).
  powers[1]?.names.push(items(beijing)[2]?.name ?? '');
  powers[10]?.names.push(items(beijing, 1)[1]?.name ?? '');
  return powers;
}

function generatedPowers(count: number, random: () => number): Power[] {
  return Array.from({ length: count }, (_, i) => {
    const [ending, powerType] = ENDINGS[i % ENDINGS.length] as [string, PowerType];
    const subject = SUBJECTS[i % SUBJECTS.length] as string;
    const act = ACTS[(i * 7 + 3) % ACTS.length] as string;
    const law = LAWS[i % LAWS.length] as string;
    return {
      names: [`对${subject}${act}${ending}`],
      powerType,
      citations: [citation(law, 1 + Math.floor(random() * 40))],
      targets: [subject],
    };
  });
}

/** One item of a power, perhaps renamed, with citations and targets perhaps changed. */
function mutate(power: Power, seq: number, random: () => number): Item {
  let name = power.names[Math.floor(random() * power.names.length)] ?? '';
  if (random() < 0.3) {
    const [from, to] = SYNONYMS[Math.floor(random() * SYNONYMS.length)] as [string, string];
    name = name.replace(from, to);
  }
  if (random() < 0.1) name = `依法${name}`;
  let citations = [...power.citations];
  if (random() < 0.3 && citations.length > 0) {
    const i = Math.floor(random() * citations.length);
    const c = citations[i] as Citation;
    const roll = random();
    if (roll < 0.4 && c.article) citations[i] = { ...c, article: c.article + 1 + Math.floor(random() * 3) };
    else if (roll < 0.7 && citations.length > 1) citations = citations.filter((_, j) => j !== i);
    else
      citations.push(
        citation(LAWS[Math.floor(random() * LAWS.length)] as string, 1 + Math.floor(random() * 50)),
      );
  }
  let targets = [...power.targets];
  if (random() < 0.2) targets = random() < 0.5 ? targets.slice(1) : [...targets, '医疗保障经办机构'];
  return itemOf({ seq, name, powerType: power.powerType, targets, levels: ['区级'], citations });
}

function citation(law: string, article: number): Citation {
  return {
    law,
    article,
    paragraph: null,
    item: null,
    orderNo: null,
    quote: null,
    verbatim: `《${law}》第${article}条`,
  };
}

function noticeOf(region: string, items: Item[]): Notice {
  return catalogueNotice({ title: `${region}医疗保障行政执法事项清单` }, items);
}

/** A catalogue notice holding `items` in one table, with the given metadata (the rest empty). */
export function catalogueNotice(meta: Partial<Notice['meta']>, items: Item[]): Notice {
  return {
    schemaVersion: 1,
    meta: {
      title: '',
      docNumber: null,
      issuer: null,
      issuedOn: null,
      region: null,
      status: 'in-force',
      expiresOn: null,
      ...meta,
    },
    tables: [catalogueTable(items)],
    articles: [],
    source: null,
    warnings: [],
    review: { needed: false, confidence: 1, reasons: [] },
  };
}

/**
 * An item with what is given and the rest empty (no type, targets, levels, basis, citations or
 * columns), for made-up catalogues.
 */
export function itemOf(fields: Pick<Item, 'seq' | 'name'> & Partial<Item>): Item {
  return {
    powerType: null,
    targets: [],
    levels: [],
    basis: null,
    citations: [],
    fields: {},
    extra: {},
    verbatim: {},
    cells: [],
    category: null,
    grades: [],
    partial: false,
    ...fields,
  };
}

/** A catalogue table of these items, without title or headers, its other fields the schema's defaults. */
export function catalogueTable(items: Item[]): NoticeTable {
  return { ...NoticeTable.parse({ title: null, powerType: null, headers: [], items: [] }), items };
}

/** A list of words written as one space-separated string. */
function words(text: string): string[] {
  return text.split(' ');
}
