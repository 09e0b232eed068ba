/**
 * Small synthetic catalogues for the segment tests: notices of a few items each, over a few real
 * regions, with names and basis text recombined from fixed word lists (deterministic), so that
 * many notices, versions and segments are cheap to make.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Region } from '../../schemas/notice.ts';
import type { StoredNotice } from '../../schemas/store.ts';
import { resolveRegion } from '../../src/chinese/region.ts';
import type { SearchIndex, SearchOptions } from '../../src/search/types.ts';
import { mulberry32 } from '../../tools/synthetic/random.ts';
import { catalogueNotice, itemOf } from '../../tools/synthetic/regions.ts';

const REGIONS = ['官渡区', '五华区', '海淀区', '河源市', '山南市'];
const OBJECTS = ['药品', '医用耗材', '定点医药机构', '医疗保障基金', '参保人员', '医疗服务价格', '异地就医'];
const ACTIONS = [
  '进行监督检查',
  '的监督管理',
  '违法行为的处罚',
  '相关资料进行封存',
  '行为的举报奖励',
  '进行稽核',
];
const LAWS = ['中华人民共和国社会保险法', '医疗保障基金使用监督管理条例', '中华人民共和国价格法'];
const POWER_TYPES = ['行政检查', '行政处罚', '行政强制', '行政奖励'] as const;

/** Queries over the words above, some filtered, one matching nothing. */
export const QUERIES: [string, SearchOptions?][] = [
  ['监督检查'],
  ['价格'],
  ['封存', { facets: true }],
  ['耗材', { region: '云南省' }],
  ['举报奖励', { powerType: '行政奖励', facets: true }],
  ['医疗保障基金 稽核', { limit: 50 }],
  ['药品', { currentOnly: false, limit: 100, facets: true }],
  ['量子纠缠'],
];

/** Notice `n` (version `version`), `items` items; its text depends on both. */
export function catalogueRecord(n: number, version = 1, items = 4): StoredNotice {
  const rand = mulberry32(n * 1000 + version);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const region = resolveRegion(REGIONS[n % REGIONS.length] as string) as Region;
  const notice = catalogueNotice(
    { title: `${region.name}医疗保障行政执法事项清单（第${n + 1}批）`, region, issuedOn: '2024-01-01' },
    Array.from({ length: items }, (_, i) =>
      itemOf({
        seq: i + 1,
        name: `对${pick(OBJECTS)}${pick(ACTIONS)}`,
        powerType: pick(POWER_TYPES),
        targets: [pick(OBJECTS)],
        basis: `《${pick(LAWS)}》第${1 + Math.floor(rand() * 90)}条 ${pick(OBJECTS)}${pick(ACTIONS)}`,
        citations: [
          {
            law: pick(LAWS),
            article: 1 + Math.floor(rand() * 90),
            paragraph: null,
            item: null,
            orderNo: null,
            quote: null,
            verbatim: '',
          },
        ],
      }),
    ),
  );
  const at = '2024-01-01T00:00:00.000Z';
  return {
    id: `n${n}`,
    version,
    current: true,
    catalogueKey: `k${n}`,
    sourceFile: `${n}.txt`,
    sha256: n.toString(16).padStart(64, '0'),
    status: 'stored',
    createdAt: at,
    updatedAt: at,
    notice,
    renditions: [],
    reviewed: null,
  };
}

/** Every query's results, for comparing two indexes (scores rounded as hits are). */
export async function answers(index: SearchIndex) {
  return Promise.all(QUERIES.map(([q, options]) => index.search(q, options)));
}

/** A temp directory, removed by `cleanup`. */
export async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-segments-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
