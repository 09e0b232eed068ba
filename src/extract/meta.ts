import type { Block } from '../../schemas/document.ts';
import type { Article, NoticeMeta, NoticeStatus, NoticeTable, Region } from '../../schemas/notice.ts';
import { parseChineseNumber } from '../chinese/numerals.ts';
import { findRegionInText, resolveRegion } from '../chinese/region.ts';
import { normalizeText, normalizeWords } from '../chinese/text.ts';
import { isFurniture, type LabelledField, labelledFields, mayHoldLabel } from './masthead.ts';
import { findTitle, ORGANISATION } from './title.ts';

/** 文号: 京医保发〔2024〕10号, also written with [] or （） around the year, sometimes without 号. */
const DOC_NUMBER_TEXT = '[\\u4e00-\\u9fa5]{1,12}[〔[［(（]\\s*\\d{4}\\s*[〕\\]］)）]\\s*\\d+\\s*号?';
const DOC_NUMBER = new RegExp(`^${DOC_NUMBER_TEXT}$`, 'u');
/** A 文号 that leads its line (鄂医保发〔2023〕54号《…的通知》) or follows a title after a dash. */
const DOC_NUMBER_LEADING = new RegExp(`^(${DOC_NUMBER_TEXT})(?=《|\\s|$)`, 'u');
const DOC_NUMBER_AFTER_TITLE = new RegExp(`[-—－]\\s*(${DOC_NUMBER_TEXT})$`, 'u');
/** A government order's number standing alone under its title: 第267号. */
const ORDER_NUMBER = /^第\d{1,4}号$/u;
const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u;
const ISO_DATE = /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/u;
const CN_DATE =
  /([〇○零ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/u;
/** How many leading lines hold the masthead (title, 文号, issuer) and the page furniture above it. */
const MASTHEAD_LINES = 30;

/**
 * Title, 文号, issuer, date, region and status from the notice's text, by role: a labelled
 * field of a disclosure page says what it is (成文日期 is the date, 发布日期 a posting date that
 * is never taken); a date standing alone under a signature beats any label; page furniture is
 * skipped. `tables` let a catalogue without a masthead name its region (实施主体 cells) and
 * title (its caption).
 */
export function extractMeta(masthead: Masthead, articles: Article[], tables: NoticeTable[] = []): NoticeMeta {
  const { lines, head, fields } = masthead;
  const title = masthead.title ?? tables[0]?.title ?? null;
  const docNumber = findDocNumber(head, fields);
  const issuedOn = findIssueDate(lines, fields, title);
  const issuer = findIssuer(lines, fields, title);
  const region = findRegion(issuer, title, head, tables);
  const expiresOn = findExpiry([...articles.map((a) => a.text), ...lines], issuedOn);
  return {
    title,
    docNumber,
    issuer,
    issuedOn,
    region,
    status: statusOf(title, issuedOn, docNumber),
    expiresOn,
  };
}

/** A notice's text read once for its metadata: every line normalized, the head, its labelled fields, its title. */
export interface Masthead {
  lines: string[];
  head: string[];
  fields: LabelledField[];
  /** The notice's own title: a labelled 标题, a heading that ends like a title, else the best masthead line. */
  title: string | null;
}

export function readMasthead(blocks: Block[]): Masthead {
  const texts = blocks.flatMap((block) => (block.kind === 'table' ? [] : block.text.split('\n')));
  const lines = texts.map((line) => normalizeText(line)).filter(Boolean);
  const head = lines.slice(0, MASTHEAD_LINES);
  // Word by word, spaces kept: labels and their values stay apart (发文日期: 2023-06-21 发布机构: …).
  const words = texts
    .filter((line) => line.trim() !== '')
    .slice(0, MASTHEAD_LINES)
    .map((line) => (mayHoldLabel(line) ? normalizeWords(line) : ''));
  const fields = labelledFields(words);
  const labelled = fields.find((field) => field.role === 'title')?.value ?? null;
  const heading = blocks.find((block) => block.kind === 'heading');
  const fromHeading = heading ? findTitle([normalizeText(heading.text)], null) : null;
  return { lines, head, fields, title: findTitle(head, labelled ?? fromHeading) };
}

function statusOf(title: string | null, issuedOn: string | null, docNumber: string | null): NoticeStatus {
  if (title && /征求意见稿|草案|送审稿/u.test(title)) return 'draft';
  if (title && /试行/u.test(title)) return 'trial';
  if (title && /已废止|已失效/u.test(title)) return 'expired';
  return issuedOn || docNumber ? 'in-force' : 'unknown';
}

/** A labelled 文号, else a line that is (or starts with) one, else one after a title's dash, else 第N号 under the title. */
function findDocNumber(head: string[], fields: LabelledField[]): string | null {
  const labelled = fields.find(
    (field) => field.role === 'docNumber' && DOC_NUMBER.test(field.value.replace(/\s+/gu, '')),
  );
  if (labelled) return normalizeDocNumber(labelled.value);
  for (const line of head) {
    if (isFurniture(line)) continue;
    const match = DOC_NUMBER_LEADING.exec(line) ?? DOC_NUMBER_AFTER_TITLE.exec(line);
    if (match) return normalizeDocNumber(match[1] ?? '');
  }
  const order = head.find((line) => ORDER_NUMBER.test(line));
  return order ?? null;
}

/**
 * The signature date (a date standing alone on its line), else a labelled 成文日期 / 发文日期,
 * else a date alone right under the title, else the first 印发 date. 发布日期 and other posting
 * dates are never taken.
 */
function findIssueDate(lines: string[], fields: LabelledField[], title: string | null): string | null {
  for (const line of lines) {
    const date = line.length <= 20 ? parseDate(line) : null;
    if (date && !isFurniture(line)) return date;
  }
  for (const field of fields)
    if (field.role === 'issuedOn') return parseDate(field.value) ?? parseIsoDate(field.value);
  if (title) {
    const at = lines.indexOf(title);
    const below = at >= 0 ? lines[at + 1] : undefined;
    const date = below ? parseIsoDate(below) : null;
    if (date) return date;
  }
  const issued = lines.find((line) => /印发$/u.test(line) && DATE.test(line));
  return issued ? parseDate(issued) : null;
}

function parseDate(text: string): string | null {
  const arabic = DATE.exec(text);
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2]), Number(arabic[3]));
  const chinese = CN_DATE.exec(text);
  if (!chinese) return null;
  const year = Number(
    [...(chinese[1] ?? '')]
      .map((ch) => '〇一二三四五六七八九'.indexOf(ch.replace(/[零○ＯO]/u, '〇')))
      .join(''),
  );
  return isoDate(year, parseChineseNumber(chinese[2] ?? '') ?? 0, parseChineseNumber(chinese[3] ?? '') ?? 0);
}

function parseIsoDate(text: string): string | null {
  const match = ISO_DATE.exec(text.trim());
  return match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1949 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A labelled 发文机关, else the signature above the date, else the organisation a title starts
 * with (…局关于印发 / 建平县医疗保障局权责清单), else a labelled 发布机构 / 信息来源, else an
 * organisation standing alone in the masthead.
 */
function findIssuer(lines: string[], fields: LabelledField[], title: string | null): string | null {
  const labelled = (role: LabelledField['role']) =>
    fields.find((field) => field.role === role && ORGANISATION.test(field.value))?.value;
  const dateIndex = lines.findIndex((line) => line.length <= 20 && parseDate(line) !== null);
  const signature = dateIndex > 0 ? lines[dateIndex - 1] : undefined;
  const fromTitle = title ? organisationPrefix(title) : null;
  const underTitle = lines.flatMap((line, k) => (line === title ? lines.slice(k + 1, k + 3) : []));
  const masthead = [...lines.slice(0, 4), ...underTitle]
    .map((line) => line.replace(/文件$/u, ''))
    .find((line) => ORGANISATION.test(line) && !isFurniture(line));
  const issuer =
    labelled('issuer') ??
    (signature && ORGANISATION.test(signature) ? signature : null) ??
    fromTitle ??
    labelled('publisher') ??
    masthead ??
    null;
  return issuer ? trimSiteName(issuer) : null;
}

/** The organisation a title starts with: the longest prefix ending in 局/政府/委员会 … that leaves a title after it. */
function organisationPrefix(title: string): string | null {
  const before = /^(.+?)关于/u.exec(title)?.[1];
  if (before && ORGANISATION.test(before)) return before;
  const ends = [...title.matchAll(/(?:医疗保障局|医保局|分局|局|人民政府|政府|办公厅|办公室|委员会)/gu)];
  for (const end of ends.reverse()) {
    const prefix = title.slice(0, (end.index ?? 0) + end[0].length);
    if (
      prefix.length < title.length - 1 &&
      ORGANISATION.test(prefix) &&
      /^[\u4e00-\u9fa5\d“"「]/u.test(title.slice(prefix.length))
    )
      return prefix;
  }
  return null;
}

/** A site's name glued before an organisation (浙江宁波浙江省医疗保障局): cut at the full division name. */
function trimSiteName(issuer: string): string {
  const region = findRegionInText(issuer);
  if (!region) return issuer;
  const named = [region, ...region.parents].map((r) => issuer.indexOf(r.name)).filter((at) => at >= 0);
  const at = named.length > 0 ? Math.min(...named) : -1;
  return at > 0 && at <= 6 ? issuer.slice(at) : issuer;
}

/**
 * The region of the issuer, else of the title, else named in the masthead, else the one the
 * catalogue's 实施主体 cells name. A 分局 named after a district (周村分局) is that district.
 */
function findRegion(
  issuer: string | null,
  title: string | null,
  head: string[],
  tables: NoticeTable[],
): Region | null {
  const found =
    (issuer ? findRegionInText(issuer) : null) ??
    (title ? findRegionInText(title) : null) ??
    firstRegion(head) ??
    implementerRegion(tables);
  const branch = issuer ? /([\u4e00-\u9fa5]{2,3})分局$/u.exec(issuer)?.[1] : undefined;
  if (found && branch) {
    for (const suffix of ['区', '县', '市']) {
      const district = resolveRegion(branch + suffix, issuer ?? '');
      if (district?.parents.some((parent) => parent.code === found.code)) return district;
    }
  }
  return found;
}

function firstRegion(lines: string[]): Region | null {
  for (const line of lines) {
    const region = isFurniture(line) ? null : findRegionInText(line);
    if (region) return region;
  }
  return null;
}

function implementerRegion(tables: NoticeTable[]): Region | null {
  for (const table of tables) {
    for (const item of table.items) {
      const text = item.fields.implementer ?? item.fields.department;
      const region = text ? findRegionInText(text) : null;
      if (region) return region;
    }
  }
  return null;
}

/** 有效期一年 / 有效期3年 / 有效期至2026年12月31日 → the expiry date. */
function findExpiry(texts: string[], issuedOn: string | null): string | null {
  for (const text of texts) {
    const until = /有效期至(\d{4}年\d{1,2}月\d{1,2}日)/u.exec(text.replace(/\s/gu, ''));
    if (until) return parseDate(until[1] ?? '');
    const years = /有效期(?:为)?([一二两三四五六七八九十\d]+)年/u.exec(text);
    const count = years ? parseChineseNumber(years[1] ?? '') : null;
    if (count && issuedOn) {
      const date = new Date(`${issuedOn}T00:00:00Z`);
      date.setUTCFullYear(date.getUTCFullYear() + count);
      return date.toISOString().slice(0, 10);
    }
  }
  return null;
}

function normalizeDocNumber(raw: string): string {
  return raw.replace(/\s+/gu, '').replace(/[[［(（](\d{4})[\]］)）]/u, '〔$1〕');
}
