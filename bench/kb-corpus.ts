/**
 * The knowledge base of the kb-scale suite, deterministic (seeded PRNG): notices mutated from the
 * five real seeds the way successive real catalogues differ — moved to one of 25 regions, items
 * renamed, powers dropped and added (taken from the other seeds), citations renumbered, the issue
 * date moving on so each new version of a region's catalogue becomes its current one — and probe
 * uploads: the seeds' own text moved to one of those regions, an item renamed and numbered, so
 * each probe is a real file read, extracted and saved like an upload.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Item, Notice, Region } from '../schemas/notice.ts';
import { resolveRegion } from '../src/chinese/region.ts';
import { extractBytes } from '../src/extract/from-file.ts';
import { mulberry32 } from '../tools/synthetic/random.ts';
import { SEED_REGIONS } from './load/corpus.ts';

const SEEDS = new URL('../seeds/', import.meta.url);

/** 25 regions the knowledge base's notices come from (real GB/T 2260 names). */
const REGION_NAMES =
  `官渡区 五华区 盘龙区 昆明市 曲靖市 玉溪市 海淀区 东城区 丰台区 浦东新区 黄浦区 天河区 越秀区
武侯区 成都市 河源市 山南市 太原市 大同市 拉萨市 杭州市 南京市 武汉市 长沙市 郑州市`.split(/\s+/);

export interface KbCorpus {
  seeds: { name: string; text: string; notice: Notice }[];
  regions: Region[];
  /** Every seed item, the pool added powers come from. */
  items: Item[];
}

export async function kbCorpus(): Promise<KbCorpus> {
  const names = (await readdir(SEEDS)).filter((name) => name.endsWith('.txt')).sort();
  const seeds = await Promise.all(
    names.map(async (name) => {
      const bytes = new Uint8Array(await readFile(new URL(name, SEEDS)));
      return { name, text: new TextDecoder().decode(bytes), notice: await extractBytes(bytes, name) };
    }),
  );
  const regions = REGION_NAMES.map((name) => resolveRegion(name)).filter((r): r is Region => r !== null);
  if (regions.length !== REGION_NAMES.length) throw new Error('kb-scale: a region name did not resolve');
  return { seeds, regions, items: seeds.flatMap((s) => s.notice.tables.flatMap((t) => t.items)) };
}

/** The `n`-th notice of the knowledge base (the same `n` always gives the same notice). */
export function mutatedNotice(corpus: KbCorpus, n: number): Notice {
  const rand = mulberry32(n + 1);
  const seed = corpus.seeds[n % corpus.seeds.length] as KbCorpus['seeds'][number];
  const region = corpus.regions[Math.floor(n / corpus.seeds.length) % corpus.regions.length] as Region;
  const notice = structuredClone(seed.notice);
  notice.meta.region = region;
  notice.meta.issuer = `${region.name}医疗保障局`;
  notice.meta.title = `${region.name}${(notice.meta.title ?? '').replace(/^[\u4e00-\u9fa5]{2,6}?[省市区县]/u, '')}`;
  notice.meta.docNumber = `${region.name.slice(0, 2)}医保发〔${2020 + (n % 6)}〕${n}号`;
  // one day later each round over the regions: a region's newer version becomes its current one
  notice.meta.issuedOn = new Date(Date.UTC(2020, 0, 1) + Math.floor(n / 125) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  for (const table of notice.tables) {
    const kept = table.items.filter(() => rand() > 0.1);
    for (let added = Math.floor(rand() * 3); added > 0; added--) {
      const item = structuredClone(corpus.items[Math.floor(rand() * corpus.items.length)] as Item);
      if (table.items[0]?.powerType) item.powerType = table.items[0].powerType;
      kept.push(item);
    }
    table.items = kept.map((item, i) => {
      const renamed = rand() < 0.2 ? `${item.name}（${region.name}第${n}版）` : item.name;
      const citations =
        rand() < 0.1
          ? item.citations.map((c) => (c.article ? { ...c, article: c.article + 1 } : c))
          : item.citations;
      return { ...item, seq: i + 1, name: renamed, citations };
    });
  }
  return notice;
}

/** The bytes a filled notice is stored from: its seed's text with its number (as large as a real upload). */
export function fillOriginal(corpus: KbCorpus, n: number): Uint8Array {
  const seed = corpus.seeds[n % corpus.seeds.length] as KbCorpus['seeds'][number];
  return new TextEncoder().encode(`${seed.text.trimEnd()}\n\n（知识库规模测试 ${n}）\n`);
}

/**
 * Probe upload `n`: a seed's text moved to one of the 25 regions, its first item renamed with the
 * probe's number (so each probe is new content: the same content again would only be another
 * rendition of the version that has it), and numbered.
 */
export function probeUpload(
  corpus: KbCorpus,
  n: number,
): { fileName: string; bytes: Uint8Array; region: string } {
  const seed = corpus.seeds[n % corpus.seeds.length] as KbCorpus['seeds'][number];
  const region = corpus.regions[(n * 7) % corpus.regions.length] as Region;
  const first = seed.notice.tables[0]?.items[0]?.name ?? seed.notice.articles[0]?.text.slice(0, 12);
  // the last occurrence: an article's words may open the preamble too
  const at = first ? seed.text.lastIndexOf(first) : -1;
  let text =
    first && at >= 0
      ? `${seed.text.slice(0, at + first.length)}（探针${n}）${seed.text.slice(at + first.length)}`
      : seed.text;
  for (const name of SEED_REGIONS[seed.name.slice(0, 3)] ?? []) text = text.replaceAll(name, region.name);
  const bytes = new TextEncoder().encode(`${text.trimEnd()}\n\n（规模探针 ${String(n).padStart(6, '0')}）\n`);
  return { fileName: `probe-${seed.name.slice(0, 3)}-${region.name}-${n}.txt`, bytes, region: region.name };
}
