import {
  deflatedZeros,
  docx,
  docxBody,
  gzip,
  oleContainer,
  png,
  xlsx,
} from '../../tools/synthetic/builders.ts';
import { buildPdf } from '../../tools/synthetic/pdf-writer.ts';
import { buildZip, documentXml, minimalDocx } from '../../tools/synthetic/zip-writer.ts';
import type { HostileCase } from './corpus.ts';
import { NOTICE_LINES } from './notices.ts';

/** Word uploads (bombs, entities, lies about the format) and other binary formats. */

const PASSWD = /root:x:|daemon:/;
const PROSE = NOTICE_LINES.filter((line) => line && !line.includes('\t'));
const XXE_DOCTYPE =
  '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "http://127.0.0.1:9/x">]>';
/** Ten levels of ten: `&j;` would expand to 10⁹ copies of 哈. */
const LAUGHS = `<!DOCTYPE w:document [<!ENTITY a "哈">${[...'bcdefghij']
  .map((name, i) => `<!ENTITY ${name} "${`&${'abcdefghij'[i]};`.repeat(10)}">`)
  .join('')}]>`;
const EXTERNAL_LINK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="file:///etc/passwd" TargetMode="External"/></Relationships>';

export const BINARY_CASES: HostileCase[] = [
  {
    id: 'docx-zip-bomb',
    what: 'docx with a 256 MiB entry of zeros deflated to 260 KB',
    fileName: 'zip-bomb.docx',
    source: 'generated',
    build: () => docx(['通知'], '', [{ name: 'word/media/image1.bin', deflated: deflatedZeros(256) }]),
    expected: { error: 'zip-bomb', detail: /超过 200 MiB/ },
    heapMb: 128,
  },
  {
    id: 'docx-entry-bomb',
    what: 'docx with 10,001 empty entries',
    fileName: 'many-entries.docx',
    source: 'generated',
    build: () =>
      docx(
        ['通知'],
        '',
        Array.from({ length: 10_001 }, (_, i) => ({ name: `word/x${i}.xml`, data: '' })),
      ),
    expected: { error: 'zip-bomb', detail: /10004 个条目/ },
  },
  {
    id: 'docx-xxe',
    what: 'docx whose document.xml declares external entities (file:///etc/passwd, http)',
    fileName: 'xxe.docx',
    source: 'committed',
    build: () => docx(['开头&xxe;&web;结尾'], XXE_DOCTYPE),
    expected: { error: 'malformed', detail: /未定义的实体/, absent: PASSWD },
  },
  {
    id: 'docx-xxe-parameter',
    what: 'docx with an external parameter entity (`%p;` → file:///etc/passwd)',
    fileName: 'xxe-parameter.docx',
    source: 'committed',
    build: () =>
      docx(['开头', '结尾'], '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'),
    expected: { format: 'docx', text: ['开头', '结尾'], absent: PASSWD },
  },
  {
    id: 'docx-billion-laughs',
    what: 'docx with nested internal entities (billion laughs)',
    fileName: 'billion-laughs.docx',
    source: 'committed',
    build: () => docx(['开头&j;结尾'], LAUGHS),
    expected: { error: 'malformed' },
  },
  {
    id: 'docx-external-link',
    what: 'docx with an external hyperlink relationship to file:///etc/passwd',
    fileName: 'external-link.docx',
    source: 'committed',
    build: () =>
      docxBody(
        '<w:p><w:r><w:t>见</w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink></w:p>',
        [{ name: 'word/_rels/document.xml.rels', data: EXTERNAL_LINK_RELS }],
      ),
    expected: { format: 'docx', text: ['链接文字'], absent: PASSWD },
  },
  {
    id: 'docx-really-pdf',
    what: 'a PDF named .docx (sniffed and read as PDF)',
    fileName: 'really-a-pdf.docx',
    source: 'committed',
    build: () => buildPdf({ pages: ['This notice is a PDF named docx'] }),
    expected: { format: 'pdf', text: ['This notice is a PDF named docx'] },
  },
  {
    id: 'docx-empty-document-xml',
    what: 'docx whose word/document.xml is 0 bytes',
    fileName: 'empty-document-xml.docx',
    source: 'committed',
    build: () => buildZip([...minimalDocx('').slice(0, 2), { name: 'word/document.xml', data: '' }]),
    expected: { error: 'malformed' },
  },
  {
    id: 'docx-no-text',
    what: 'valid docx with an empty body',
    fileName: 'no-text.docx',
    source: 'committed',
    build: () => docx([]),
    expected: { error: 'not-a-notice' },
  },
  {
    id: 'docx-truncated',
    what: 'the first half of a docx notice',
    fileName: 'truncated.docx',
    source: 'committed',
    build: async () => {
      const whole = await docx(PROSE);
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    expected: { error: 'truncated' },
  },
  {
    id: 'docx-password',
    what: 'password-protected docx (OLE container with EncryptedPackage)',
    fileName: 'password-protected.docx',
    source: 'committed',
    build: () => oleContainer(['EncryptionInfo', 'EncryptedPackage']),
    expected: { error: 'encrypted' },
  },
  {
    id: 'docx-encrypted-entry',
    what: 'docx zip whose document.xml entry is flagged encrypted',
    fileName: 'encrypted-entry.docx',
    source: 'committed',
    build: () => buildZip([{ name: 'word/document.xml', data: documentXml(['通知']), encrypted: true }]),
    expected: { error: 'encrypted' },
  },
  {
    id: 'docx-deep-nesting',
    what: 'docx with 5,000 nested tables',
    fileName: 'deep-tables.docx',
    source: 'generated',
    build: () =>
      docxBody(
        `${'<w:tbl><w:tr><w:tc>'.repeat(5000)}<w:p><w:r><w:t>深</w:t></w:r></w:p>${'</w:tc></w:tr></w:tbl>'.repeat(5000)}`,
      ),
    expected: { error: 'malformed', detail: /嵌套过深/ },
  },
  {
    id: 'docx-100000-empty-paragraphs',
    what: 'docx of 100,000 empty paragraphs around one line of text (17 KB zipped)',
    fileName: 'empty-paragraphs.docx',
    source: 'generated',
    build: () => docxBody(`${'<w:p/>'.repeat(100_000)}<w:p><w:r><w:t>${PROSE[0]}</w:t></w:r></w:p>`),
    expected: { format: 'docx', items: 0, text: [PROSE[0] as string] },
  },
  {
    id: 'legacy-doc',
    what: 'Word 97 .doc (OLE with a WordDocument stream)',
    fileName: 'legacy.doc',
    source: 'committed',
    build: () => oleContainer(['WordDocument', '1Table']),
    expected: { error: 'unknown-format', detail: /旧版 Word \.doc/ },
  },
  {
    id: 'xlsx',
    what: 'an Excel workbook (.xlsx)',
    fileName: 'catalogue.xlsx',
    source: 'committed',
    build: () => xlsx(),
    expected: { error: 'unknown-format', detail: /Excel 工作簿/ },
  },
  {
    id: 'plain-zip-named-docx',
    what: 'a zip of a text file named .docx',
    fileName: 'archive.docx',
    source: 'committed',
    build: () => buildZip([{ name: 'readme.txt', data: '通知' }]),
    expected: { error: 'unknown-format', detail: /zip 压缩包/ },
  },
  {
    id: 'gzip-named-html',
    what: 'a gzip file named .html',
    fileName: 'page.html',
    source: 'committed',
    build: () => gzip('<html><body>通知</body></html>'),
    expected: { error: 'unknown-format', detail: /GZ/ },
  },
  {
    id: 'png-named-pdf',
    what: 'a PNG image named .pdf',
    fileName: 'scan.pdf',
    source: 'committed',
    build: () => png(),
    expected: { error: 'unknown-format', detail: /PNG 图片/ },
  },
];
