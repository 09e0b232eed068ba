import { readdirSync, readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../schemas/document.ts';
import { readDocx } from '../../src/formats/docx.ts';
import { htmlToBlocks } from '../../src/formats/html.ts';
import { DEFAULT_LIMITS } from '../../src/formats/types.ts';
import { docxBody } from '../../tools/synthetic/builders.ts';
import type { ZipEntrySpec } from '../../tools/synthetic/zip-writer.ts';

/**
 * The streaming Word reader replaced mammoth (whose three in-memory trees took 1.5 GB for a
 * 1 MB document). It must read every document as mammoth + htmlToBlocks did: committed Word
 * files (LibreOffice conversions of the seeds and the format fixtures) and one document per
 * WordprocessingML feature the reader handles.
 */
async function viaMammoth(bytes: Buffer): Promise<Block[]> {
  const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));
  return htmlToBlocks((await mammoth.convertToHtml({ buffer: bytes }, { convertImage: dropImages })).value);
}

async function streamed(bytes: Buffer): Promise<Block[]> {
  return (await readDocx({ bytes, fileName: 'parity.docx', limits: DEFAULT_LIMITS })).blocks;
}

const COMMITTED = [
  'test/fixtures/formats/notice-table.docx',
  'test/fixtures/formats/long-table.docx',
  ...readdirSync('test/fixtures/renditions')
    .filter((name) => name.endsWith('.docx'))
    .map((name) => `test/fixtures/renditions/${name}`),
];

const DOCUMENT_RELS: ZipEntrySpec = {
  name: 'word/_rels/document.xml.rels',
  data:
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
};

const STYLES: ZipEntrySpec[] = [
  {
    name: 'word/styles.xml',
    data:
      '<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Heading 1"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Normal Indent"/></w:style>' +
      '<w:style w:type="character" w:styleId="3"><w:name w:val="heading 3"/></w:style></w:styles>',
  },
];

const p = (text: string, props = '') =>
  `<w:p>${props}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const styled = (style: string, text: string) => p(text, `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>`);
const tc = (content: string, props = '') =>
  `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${content}</w:tc>`;
const tr = (cells: string, props = '') => `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ''}${cells}</w:tr>`;
const tbl = (rows: string) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows}</w:tbl>`;

const FEATURES: Record<string, string> = {
  'headings by style id and by style name (numeric ids as Chinese Word writes them)':
    styled('Heading1', '通知') +
    styled('2', '一、总则') +
    styled('3', '不是标题') +
    styled('a3', '正文') +
    p('第一条'),
  'line breaks, tabs, hyphens and spaces in runs': `<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:tab/><w:t>丙</w:t><w:noBreakHyphen/><w:t xml:space="preserve">  丁  </w:t><w:br w:type="page"/><w:t>戊</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>标</w:t><w:br/><w:t>题</w:t></w:r></w:p>`,
  'merged cells: gridSpan, vMerge restart and continue, header rows': tbl(
    tr(tc(p('序号')) + tc(p('事项名称'), '<w:gridSpan w:val="2"/>') + tc(p('依据')), '<w:tblHeader/>') +
      tr(tc(p('1'), '<w:vMerge w:val="restart"/>') + tc(p('价格')) + tc(p('检查')) + tc(p('《价格法》'))) +
      tr(tc(p(''), '<w:vMerge/>') + tc(p('收费')) + tc(p('抽查')) + tc(p('《条例》第十条'))) +
      tr(tc(p('2')) + tc(p('定点'), '<w:gridSpan w:val="3"/>')),
  ),
  'a vMerge continuation with nothing above, and cells holding several paragraphs': tbl(
    tr(tc(p('无上'), '<w:vMerge/>') + tc(p('一行') + p('二行') + p(''))) + tr(tc(p('a')) + tc(p('b'))),
  ),
  'a one-cell table is layout: its content reads as blocks, a table inside it as a table':
    tbl(tr(tc(styled('Heading1', '版面标题') + p('版面正文') + tbl(tr(tc(p('内1')) + tc(p('内2'))))))) +
    p('之后'),
  'a table nested in a data cell flattens to lines': tbl(
    tr(tc(p('外')) + tc(tbl(tr(tc(p('内甲')) + tc(p('内乙'))) + tr(tc(p('内丙')) + tc(p('内丁')))))),
  ),
  'tracked changes: deleted runs, rows and paragraph marks; moved-from text': `<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p><w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>${p('后半')}${tbl(tr(tc(p('留1')) + tc(p('留2'))) + tr(tc(p('删1')) + tc(p('删2')), '<w:del/>'))}`,
  'alternate content takes the fallback; hyperlinks, fields and content controls keep their text': `<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:t>新版</w:t></mc:Choice><mc:Fallback><w:t>旧版</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p><w:p><w:hyperlink w:anchor="x"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024年</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:sdt><w:sdtContent>${p('控件文字')}</w:sdtContent></w:sdt>`,
  'a text box inside a paragraph': `<w:p><w:r><w:t>框前</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>${p('框内')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`,
  'entities and character references': p('&lt;价格法&gt; &amp; &#x7B2C;&#19968;条 &quot;引&apos;'),
};

describe('the streaming Word reader reads as mammoth did', () => {
  it('keeps the shown result of a simple field, which mammoth dropped', async () => {
    const body =
      '<w:p><w:r><w:t>第</w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r></w:p>';
    expect(await streamed(await docxBody(body))).toEqual([{ kind: 'paragraph', text: '第3页' }]);
  });

  it.each(COMMITTED)('%s', async (path) => {
    const bytes = readFileSync(path);
    expect(await streamed(bytes)).toEqual(await viaMammoth(bytes));
  });

  it.each(Object.entries(FEATURES))('%s', async (_name, body) => {
    const bytes = await docxBody(body, [...STYLES, DOCUMENT_RELS]);
    const blocks = await streamed(bytes);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks).toEqual(await viaMammoth(bytes));
  });
});
