import { readFileSync } from 'node:fs';
import { buildPdf } from '../../tools/synthetic/pdf-writer.ts';
import type { HostileCase } from './corpus.ts';

/** PDF uploads: cut off, locked, too long, lying, broken, without a text layer. */

const TWO_PAGES = buildPdf({ pages: ['Notice page one', 'Notice page two'] });

export const PDF_CASES: HostileCase[] = [
  {
    id: 'pdf-truncated',
    what: 'the first half of a PDF',
    fileName: 'truncated.pdf',
    source: 'committed',
    build: () => TWO_PAGES.subarray(0, Math.floor(TWO_PAGES.length / 2)),
    expected: { error: 'truncated' },
  },
  {
    id: 'pdf-header-only',
    what: 'nothing but `%PDF-1.7`',
    fileName: 'header-only.pdf',
    source: 'committed',
    build: () => Buffer.from('%PDF-1.7\n', 'latin1'),
    expected: { error: 'truncated' },
  },
  {
    id: 'pdf-encrypted',
    what: 'PDF with a standard security handler and an unknown user password',
    fileName: 'encrypted.pdf',
    source: 'committed',
    build: () => buildPdf({ pages: ['Secret notice'], encrypted: true }),
    expected: { error: 'encrypted' },
  },
  {
    id: 'pdf-encrypted-aes256',
    what: 'AES-256 encrypted PDF (qpdf; test/fixtures/formats/notice-encrypted.pdf)',
    fileName: 'notice-encrypted.pdf',
    source: 'generated',
    build: () => readFileSync(new URL('../fixtures/formats/notice-encrypted.pdf', import.meta.url)),
    expected: { error: 'encrypted' },
  },
  {
    id: 'pdf-5000-pages',
    what: 'PDF with 5,000 pages (0.8 MB)',
    fileName: 'pages-5000.pdf',
    source: 'generated',
    build: () => buildPdf({ pages: 5000 }),
    expected: { error: 'too-many-pages', detail: /5000 页（上限 1000 页）/ },
    maxMs: 2000,
    heapMb: 192,
  },
  {
    id: 'pdf-1000-pages',
    what: 'PDF with 1,000 pages of text (at the page cap)',
    fileName: 'pages-1000.pdf',
    source: 'generated',
    build: () => buildPdf({ pages: Array.from({ length: 1000 }, (_, i) => `Line ${i + 1} of the notice`) }),
    expected: { format: 'pdf', text: ['Line 1 of the notice', 'Line 1000 of the notice'] },
    maxMs: 8000,
    heapMb: 384,
  },
  {
    id: 'pdf-999-pages-cjk',
    what: 'PDF of 999 pages of Chinese text (a CID font with a ToUnicode map; 214 s on the old reader)',
    fileName: 'pages-999-cjk.pdf',
    source: 'generated',
    build: () =>
      buildPdf({
        cjk: true,
        pages: Array.from({ length: 999 }, (_, p) =>
          Array.from(
            { length: 10 },
            (_, i) => `第${p + 1}页第${i + 1}行：对定点医药机构执行医保基金使用监督检查。`,
          ).join('\n'),
        ),
      }),
    expected: {
      format: 'pdf',
      text: ['第1页第1行：对定点医药机构执行医保基金使用监督检查。', '第800页第10行'],
    },
    maxMs: 20_000,
    heapMb: 512,
  },
  {
    id: 'pdf-page-count-lie',
    what: 'PDF whose page tree claims 1,000,000 pages but holds 2',
    fileName: 'page-count-lie.pdf',
    source: 'committed',
    build: () => buildPdf({ pages: ['Page one of two', 'Page two of two'], claimedPages: 1_000_000 }),
    expected: { format: 'pdf', text: ['Page one of two', 'Page two of two'] },
  },
  {
    id: 'pdf-image-only',
    what: 'PDF whose pages are images only (a scan, no text layer)',
    fileName: 'image-only.pdf',
    source: 'committed',
    build: () => buildPdf({ pages: 2, imageOnly: true }),
    expected: { error: 'not-a-notice', detail: /没有文字层/ },
  },
  {
    id: 'pdf-broken-xref',
    what: 'PDF whose xref offsets are all 0 and whose startxref points past the end',
    fileName: 'broken-xref.pdf',
    source: 'committed',
    build: () => buildPdf({ pages: ['Recovered text on page one'], brokenXref: true }),
    expected: { format: 'pdf', text: ['Recovered text on page one'] },
  },
  {
    id: 'pdf-junk-before-header',
    what: 'PDF preceded by 600 bytes of junk',
    fileName: 'junk-before-header.pdf',
    source: 'committed',
    build: () => Buffer.concat([Buffer.alloc(600, 0x2e), buildPdf({ pages: ['Text after junk'] })]),
    expected: { format: 'pdf', text: ['Text after junk'] },
  },
];
