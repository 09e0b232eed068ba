import iconv from 'iconv-lite';
import type { HostileCase } from './corpus.ts';
import { htmlPage, noticeHtmlBody } from './notices.ts';

/** HTML uploads: scripts, pathological nesting, spans and attributes, declared charsets. */

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const THE_NOTICE = { items: 2, articles: 2, text: ['对定点医药机构的行政检查'] };

/** Script, handler and embedded-content payloads; none of their text may reach the notice. */
const SCRIPTED = htmlPage(
  [
    '<script>var SECRET_BODY = document.cookie;</script>',
    '<noscript>SECRET_NOSCRIPT</noscript><style>.x::after{content:"SECRET_STYLE"}</style>',
    '<img src="x" onerror="SECRET_ONERROR()"><a href="javascript:SECRET_HREF()">链接</a>',
    '<iframe srcdoc="<p>SECRET_IFRAME</p>"></iframe><svg><script>SECRET_SVG</script></svg>',
    '<template><p>SECRET_TEMPLATE</p></template><object data="x">SECRET_OBJECT</object>',
    noticeHtmlBody({
      cellAttributes: ' onmouseover="SECRET_CELL()"',
      inCell: '<script>SECRET_IN_CELL</script>',
    }),
  ].join('\n'),
  'utf-8',
  '<script>SECRET_HEAD()</script>',
).replace('<body>', '<body onload="SECRET_ONLOAD()">');

export const MARKUP_CASES: HostileCase[] = [
  {
    id: 'html-script-handlers',
    what: 'HTML notice with `<script>`, event handlers, `javascript:` links, iframe/svg/template',
    fileName: 'script-and-handlers.html',
    source: 'committed',
    build: () => utf8(SCRIPTED),
    expected: { format: 'html', ...THE_NOTICE, absent: /SECRET/ },
  },
  {
    id: 'html-10000-nested-tables',
    what: 'HTML notice inside 10,000 nested layout tables',
    fileName: 'nested-tables.html',
    source: 'generated',
    build: () =>
      utf8(
        htmlPage(
          `${'<table><tr><td>'.repeat(10_000)}${noticeHtmlBody()}${'</td></tr></table>'.repeat(10_000)}`,
        ),
      ),
    expected: { format: 'html', ...THE_NOTICE },
  },
  {
    id: 'html-100000-nested-divs',
    what: 'HTML with 100,000 nested `<div>` and no table',
    fileName: 'nested-divs.html',
    source: 'generated',
    build: () => utf8(htmlPage(`${'<div>'.repeat(100_000)}深层内容${'</div>'.repeat(100_000)}`)),
    expected: { format: 'html', items: 0, text: ['深层内容'] },
    maxMs: 2000,
  },
  {
    id: 'html-2m-cells',
    what: '19 MB HTML table of 2,000,000 cells (within the size and cell caps; 3.4 GB as a parse5 tree)',
    fileName: 'two-million-cells.html',
    source: 'generated',
    build: () =>
      utf8(htmlPage(`<table>${'<tr><td>a</td><td>b</td><td>c</td><td>d'.repeat(500_000)}</table>`)),
    expected: { error: 'too-complex', detail: /网页元素超过 1,000,000 个/ },
    maxMs: 3000,
  },
  {
    id: 'html-200000-paragraphs',
    what: 'HTML with 200,000 sibling `<p>` (16 MB): more children than a call takes arguments',
    fileName: 'many-paragraphs.html',
    source: 'generated',
    build: () =>
      utf8(htmlPage(Array.from({ length: 200_000 }, (_, i) => `<p>基金使用管理第${i}段。</p>`).join(''))),
    expected: { format: 'html', items: 0, articles: 0, text: ['基金使用管理第0段。'] },
    maxMs: 10_000,
    heapMb: 1024,
  },
  {
    id: 'html-nested-lists',
    what: 'HTML with 30,000 nested `<ul><li>` and `<blockquote>`',
    fileName: 'nested-lists.html',
    source: 'generated',
    build: () => utf8(htmlPage(`${'<ul><li><blockquote>'.repeat(30_000)}列表深处`)),
    expected: { format: 'html', items: 0, text: ['列表深处'] },
    maxMs: 2000,
  },
  {
    id: 'html-50000-attributes',
    what: 'one `<p>` with 50,000 distinct attributes',
    fileName: 'many-attributes.html',
    source: 'generated',
    build: () =>
      utf8(htmlPage(`<p ${Array.from({ length: 50_000 }, (_, i) => `a${i}="${i}"`).join(' ')}>属性很多</p>`)),
    expected: { format: 'html', text: ['属性很多'] },
    maxMs: 1000,
  },
  {
    id: 'html-2000-columns',
    what: 'HTML catalogue with 2,000 columns',
    fileName: 'wide-table.html',
    source: 'generated',
    build: () => utf8(htmlPage(wideHtmlTable(2000, 5))),
    expected: { format: 'html', items: 5, columns: 2000 },
  },
  {
    id: 'html-span-bomb',
    what: '5,000 rows of `<td colspan=1000 rowspan=65534>` (each row pushed 1,000 columns right)',
    fileName: 'span-bomb.html',
    source: 'generated',
    build: () =>
      utf8(
        htmlPage(
          `<table><tr><th>序号</th><th>事项名称</th></tr>${'<tr><td colspan=1000 rowspan=65534>x</td></tr>'.repeat(5000)}</table>`,
        ),
      ),
    expected: { error: 'malformed', detail: /列的上限/ },
  },
  {
    id: 'html-span-area',
    what: '5,001 × 1,002 grid from 5,000 short rows with `colspan=1000`',
    fileName: 'span-area.html',
    source: 'generated',
    build: () =>
      utf8(
        htmlPage(
          `<table><tr><th>序号</th><th>事项名称</th><th>实施依据</th></tr>${'<tr><td>1</td><td colspan=1000>对某机构的检查</td><td>x</td></tr>'.repeat(5000)}</table>`,
        ),
      ),
    expected: { error: 'malformed', detail: /单元格的上限/ },
  },
  {
    id: 'html-gbk-declared',
    what: 'HTML notice in GBK declaring `charset=gbk`',
    fileName: 'notice-gbk.html',
    source: 'committed',
    build: () => iconv.encode(htmlPage(noticeHtmlBody(), 'gbk'), 'gbk'),
    expected: { format: 'html', encoding: 'gb18030', ...THE_NOTICE },
  },
  {
    id: 'html-charset-lies',
    what: 'UTF-8 HTML notice declaring `charset=big5`',
    fileName: 'charset-lies.html',
    source: 'committed',
    build: () => utf8(htmlPage(noticeHtmlBody(), 'big5')),
    expected: { format: 'html', encoding: 'utf-8', ...THE_NOTICE },
  },
  {
    id: 'html-only-scripts',
    what: 'HTML page that is only scripts and styles',
    fileName: 'only-scripts.html',
    source: 'committed',
    build: () => utf8(htmlPage('<script>alert("通知")</script><style>p{}</style>')),
    expected: { error: 'not-a-notice' },
  },
  {
    id: 'html-unclosed-comment',
    what: 'HTML whose body is an unclosed `<!--` comment',
    fileName: 'unclosed-comment.html',
    source: 'committed',
    build: () => utf8('<!DOCTYPE html><html><body><!-- <p>注释里的通知</p>\n'),
    expected: { error: 'not-a-notice' },
  },
];

/** A catalogue table with `columns` columns (序号, 事项名称, 实施依据, then extras) and `rows` rows. */
function wideHtmlTable(columns: number, rows: number): string {
  const extra = Array.from({ length: columns - 3 }, (_, i) => `附加列${i + 1}`);
  const row = (cells: string[], tag: string) =>
    `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  const body = Array.from({ length: rows }, (_, r) =>
    row(
      [String(r + 1), `对第${r + 1}类机构的行政检查`, '《社会保险法》', ...extra.map((_, c) => `值${c}`)],
      'td',
    ),
  );
  return `<h1>宽表清单</h1><table>${row(['序号', '事项名称', '实施依据', ...extra], 'th')}${body.join('')}</table>`;
}
