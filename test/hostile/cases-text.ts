import iconv from 'iconv-lite';
import { elfHeader, noise, wideOrLongTable } from '../../tools/synthetic/builders.ts';
import type { HostileCase } from './corpus.ts';
import { NOTICE_LINES, NOTICE_TEXT, NOTICE_TRADITIONAL } from './notices.ts';

/** Plain-text uploads: sizes, encodings, line endings, control characters, huge tables. */

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const NO_CATALOGUE = /^nothing-found$/;
const THE_NOTICE = { items: 2, articles: 2, text: ['对定点医药机构的行政检查'] };

export const TEXT_CASES: HostileCase[] = [
  {
    id: 'empty-file',
    what: 'empty file (0 bytes)',
    fileName: 'empty.txt',
    source: 'committed',
    build: () => Buffer.alloc(0),
    expected: { error: 'empty' },
  },
  {
    id: 'one-byte',
    what: '1-byte file (`x`)',
    fileName: 'one-byte.txt',
    source: 'committed',
    build: () => utf8('x'),
    expected: { format: 'txt', encoding: 'utf-8', items: 0, warning: NO_CATALOGUE },
  },
  {
    id: 'whitespace-only',
    what: 'only blanks, tabs, CR/LF and an ideographic space',
    fileName: 'whitespace-only.txt',
    source: 'committed',
    build: () => utf8(' \t\r\n\u3000\n\n'),
    expected: { error: 'not-a-notice' },
  },
  {
    id: 'huge-200mb',
    what: '200 MB file (sparse), read with `extractFile`',
    fileName: 'huge-200mb.txt',
    source: 'generated',
    build: () => Buffer.alloc(0),
    sparseBytes: 200 * 2 ** 20,
    expected: { error: 'too-large', detail: /209715200 字节，超过/ },
    maxMs: 200,
  },
  {
    id: 'text-50mb',
    what: '50 MB text notice (a catalogue repeated; under the 50 MiB upload cap, over the 20 MiB text cap)',
    fileName: 'huge-50mb.txt',
    source: 'generated',
    build: () => {
      const line = Buffer.from('序号\t事项名称\t实施依据\n1\t价格监督检查\t《价格法》第三十三条\n');
      return Buffer.concat(Array.from({ length: Math.floor(50_000_000 / line.length) }, () => line));
    },
    expected: { error: 'too-large', detail: /超过文本和网页 20\.0 MiB 的上限/ },
    maxMs: 2000,
  },
  {
    id: 'gb18030',
    what: 'notice in GB18030',
    fileName: 'notice-gb18030.txt',
    source: 'committed',
    build: () => iconv.encode(NOTICE_TEXT, 'gb18030'),
    expected: { format: 'txt', encoding: 'gb18030', ...THE_NOTICE },
  },
  {
    id: 'big5',
    what: 'notice in Big5 (traditional characters)',
    fileName: 'notice-big5.txt',
    source: 'committed',
    build: () => iconv.encode(NOTICE_TRADITIONAL, 'big5'),
    expected: { format: 'txt', encoding: 'big5', items: 2, articles: 2, text: ['對定點醫藥機構的行政檢查'] },
  },
  {
    id: 'utf16le-bom',
    what: 'notice in UTF-16LE with BOM',
    fileName: 'notice-utf16le.txt',
    source: 'committed',
    build: () => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(NOTICE_TEXT, 'utf-16le')]),
    expected: { format: 'txt', encoding: 'utf-16le', ...THE_NOTICE },
  },
  {
    id: 'utf16le-no-bom',
    what: 'notice in UTF-16LE without a BOM (the bytes say so: NULs in every other byte)',
    fileName: 'notice-utf16le-no-bom.txt',
    source: 'generated',
    build: () => iconv.encode(NOTICE_TEXT, 'utf-16le'),
    expected: { format: 'txt', encoding: 'utf-16le', ...THE_NOTICE },
  },
  {
    id: 'utf16be-bom',
    what: 'notice in UTF-16BE with BOM',
    fileName: 'notice-utf16be.txt',
    source: 'committed',
    build: () => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(NOTICE_TEXT, 'utf-16be')]),
    expected: { format: 'txt', encoding: 'utf-16be', ...THE_NOTICE },
  },
  {
    id: 'utf8-bom',
    what: 'notice in UTF-8 with BOM',
    fileName: 'notice-utf8-bom.txt',
    source: 'committed',
    build: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(NOTICE_TEXT)]),
    expected: { format: 'txt', encoding: 'utf-8', ...THE_NOTICE, absent: /\uFEFF/ },
  },
  {
    id: 'mixed-line-endings',
    what: 'notice whose lines end in CRLF, CR and LF in turn',
    fileName: 'mixed-line-endings.txt',
    source: 'committed',
    build: () => utf8(NOTICE_LINES.map((line, i) => line + (['\r\n', '\r', '\n'][i % 3] ?? '')).join('')),
    expected: { format: 'txt', ...THE_NOTICE, absent: /\r/ },
  },
  {
    id: 'no-tables-no-articles',
    what: 'a notice with no table and no 第X条 articles',
    fileName: 'plain-letter.txt',
    source: 'committed',
    build: () =>
      utf8('关于做好医疗保障工作的函\n各县（市、区）医疗保障局：\n请认真做好相关工作。\n\n市医疗保障局\n'),
    expected: { format: 'txt', items: 0, articles: 0, warning: NO_CATALOGUE, text: ['请认真做好相关工作'] },
  },
  {
    id: 'nul-in-middle',
    what: 'notice with a NUL byte in the middle of a table cell',
    fileName: 'nul-in-middle.txt',
    source: 'committed',
    build: () => utf8(NOTICE_TEXT.replace('对定点医药', '对定点\u0000医药')),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL must not survive, raw or escaped
    expected: { format: 'txt', ...THE_NOTICE, absent: /\u0000|\\u0000/ },
  },
  {
    id: 'control-flood',
    what: 'text with every other character a control character',
    fileName: 'control-flood.txt',
    source: 'committed',
    build: () => utf8([...(NOTICE_LINES[0] ?? '')].join('\u0001')),
    expected: { error: 'binary-junk' },
  },
  {
    id: 'random-binary',
    what: '4 KiB of random bytes named .txt',
    fileName: 'random-binary.txt',
    source: 'committed',
    build: () => noise(4096),
    expected: { error: 'binary-junk' },
  },
  {
    id: 'elf-named-txt',
    what: 'an ELF executable header named .txt',
    fileName: 'program.txt',
    source: 'committed',
    build: () => elfHeader(),
    expected: { error: 'unknown-format', detail: /ELF/ },
  },
  {
    id: 'long-line',
    what: 'one 8 MB line without a line break',
    fileName: 'long-line.txt',
    source: 'generated',
    build: () => utf8('医疗保障基金监管'.repeat(350_000)),
    expected: { format: 'txt', items: 0, warning: NO_CATALOGUE },
  },
  {
    id: 'article-20000-lines',
    what: 'one article of 20,000 wrapped lines (0.95 MB), once quadratic to join',
    fileName: 'article-20000-lines.txt',
    source: 'generated',
    build: () =>
      utf8(
        `第一章 总则\n第一条 ${Array.from({ length: 20_000 }, (_, i) => `医疗保障基金监督管理第${i}行`).join('\n')}\n`,
      ),
    expected: { format: 'txt', items: 0, articles: 1 },
  },
  {
    id: 'tsv-50000-rows',
    what: 'tab-separated catalogue of 50,000 rows (5.7 MB)',
    fileName: 'tsv-50000-rows.txt',
    source: 'generated',
    build: () => utf8(wideOrLongTable(50_000, 0)),
    expected: { format: 'txt', items: 50_000, columns: 4 },
    maxMs: 10_000,
    heapMb: 1024,
  },
  {
    id: 'tsv-2000-columns',
    what: 'tab-separated catalogue with 2,000 columns',
    fileName: 'tsv-2000-columns.txt',
    source: 'generated',
    build: () => utf8(wideOrLongTable(3, 1996)),
    expected: { format: 'txt', items: 3, columns: 2000 },
  },
];
