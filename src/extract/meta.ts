import type { Block } from '../../schemas/document.ts';
import type { Article, NoticeMeta, NoticeStatus } from '../../schemas/notice.ts';
import { parseChineseNumber } from '../normalize/numerals.ts';
import { findRegionInText } from '../normalize/region.ts';
import { normalizeText } from '../normalize/text.ts';
import { findTitle, ORGANISATION } from './title.ts';

/** 文号: 京医保发〔2024〕10号, also written with [] or （） around the year. */
const DOC_NUMBER = /^[\u4e00-\u9fa5]{1,12}[〔[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号$/;
const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const CN_DATE =
  /([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/;
/** How many leading blocks hold the masthead (title, 文号, issuer). */
const MASTHEAD_BLOCKS = 14;

/** Title, 文号, issuer, date, region and status from the notice's text blocks and articles. */
export function extractMeta(blocks: Block[], articles: Article[]): NoticeMeta {
  const lines = blocks.flatMap((block) => (block.kind === 'table' ? [] : [normalizeText(block.text)]));
  const head = lines.slice(0, MASTHEAD_BLOCKS);
  const title = findTitle(blocks.slice(0, MASTHEAD_BLOCKS + 4));
  const docNumber = head.find((line) => DOC_NUMBER.test(line)) ?? null;
  const issuedOn = findIssueDate(lines);
  const issuer = findIssuer(lines, title);
  const region =
    (issuer ? findRegionInText(issuer) : null) ??
    (title ? findRegionInText(title) : null) ??
    head.map((line) => findRegionInText(line)).find(Boolean) ??
    null;
  const expiresOn = findExpiry([...articles.map((a) => a.text), ...lines], issuedOn);
  return {
    title,
    docNumber: docNumber ? normalizeDocNumber(docNumber) : null,
    issuer,
    issuedOn,
    region,
    status: statusOf(title, issuedOn, docNumber),
    expiresOn,
  };
}

function statusOf(title: string | null, issuedOn: string | null, docNumber: string | null): NoticeStatus {
  if (title && /征求意见稿|草案|送审稿/.test(title)) return 'draft';
  if (title && /试行/.test(title)) return 'trial';
  if (title && /已废止|已失效/.test(title)) return 'expired';
  return issuedOn || docNumber ? 'in-force' : 'unknown';
}

/** The first date standing alone on its line (the signature date), else the first 印发 date. */
function findIssueDate(lines: string[]): string | null {
  for (const line of lines) {
    if (line.length <= 20) {
      const date = parseDate(line);
      if (date) return date;
    }
  }
  const issued = lines.find((line) => /印发$/.test(line) && DATE.test(line));
  return issued ? parseDate(issued) : null;
}

function parseDate(text: string): string | null {
  const arabic = DATE.exec(text);
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2]), Number(arabic[3]));
  const chinese = CN_DATE.exec(text);
  if (!chinese) return null;
  const year = Number(
    [...(chinese[1] ?? '')].map((ch) => '〇一二三四五六七八九'.indexOf(ch.replace('零', '〇'))).join(''),
  );
  return isoDate(year, parseChineseNumber(chinese[2] ?? '') ?? 0, parseChineseNumber(chinese[3] ?? '') ?? 0);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1949 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The signature above the date, else the title's prefix before 关于, else a masthead organisation. */
function findIssuer(lines: string[], title: string | null): string | null {
  const dateIndex = lines.findIndex((line) => line.length <= 20 && parseDate(line) !== null);
  const signature = dateIndex > 0 ? lines[dateIndex - 1] : undefined;
  if (signature && ORGANISATION.test(signature)) return signature;
  const prefix = title ? /^(.+?)关于/.exec(title)?.[1] : undefined;
  if (prefix && ORGANISATION.test(prefix)) return prefix;
  const masthead = lines.slice(0, 4).find((line) => ORGANISATION.test(line.replace(/文件$/, '')));
  return masthead ? masthead.replace(/文件$/, '') : null;
}

/** 有效期一年 / 有效期3年 / 有效期至2026年12月31日 → the expiry date. */
function findExpiry(texts: string[], issuedOn: string | null): string | null {
  for (const text of texts) {
    const until = /有效期至(\d{4}年\d{1,2}月\d{1,2}日)/.exec(text.replace(/\s/g, ''));
    if (until) return parseDate(until[1] ?? '');
    const years = /有效期(?:为)?([一二两三四五六七八九十\d]+)年/.exec(text);
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
  return raw.replace(/\s+/g, '').replace(/[[［(（](\d{4})[\]］)）]/, '〔$1〕');
}
