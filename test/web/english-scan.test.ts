import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiServer } from '../../src/http/types.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { IndexUnavailableError } from '../../src/search/types.ts';
import { englishSentences } from '../support/english.ts';
import { READ_KEY, startWeb, type WebFixture } from './browser.ts';

/**
 * Issue 16, one language for people: every page of the web app — each route the server
 * registers under /app and /admin/queues (read from Fastify, so a new page cannot escape), with
 * the seeds loaded, after a failed upload, signed out, refused and in error — shows no English
 * sentence. Code names and file names may stay (see ../support/english.ts).
 */
describe('web app: no English sentence on any page', () => {
  let web: WebFixture;
  let page: Page;
  /** The English found, per page; empty when every page is Chinese. */
  const found: Record<string, string[]> = {};
  const scan = async (target: Page, url: string, label = url) => {
    const response = await target.goto(`${web.baseUrl}${url}`);
    if (!response) throw new Error(`${url}: no response`);
    record(label, await readable(target));
  };
  const record = (label: string, texts: string[]) => {
    const english = [...new Set(texts.flatMap(englishSentences))];
    // a page with no Chinese at all was not read (or is a library's raw answer): that fails too
    if (!texts.some((text) => /\p{Script=Han}/u.test(text))) english.push('（页面没有中文）');
    if (english.length > 0) found[label] = english;
  };

  beforeAll(async () => {
    web = await startWeb({ seeds: true });
    // a second version of 官渡区's catalogue, so a notice page can show a diff between versions
    const v2 = readFileSync(GUANDU, 'utf8').replace('医疗保险稽核', '医疗保险稽核检查');
    const { jobId } = await submitUpload(web.app, new TextEncoder().encode(v2), '官渡区-修订.txt');
    await web.app.runner.wait(jobId);
    page = await web.newPage();
  }, 240_000);
  afterAll(async () => web?.close());
  beforeEach(() => {
    for (const label of Object.keys(found)) delete found[label];
  });

  it('says why an upload failed in Chinese (upload page, after the jobs fail)', async () => {
    // the search index is down while outage.txt is indexed: the system's fault, not the file's
    const outage = vi
      .spyOn(web.app.index, 'indexNotice')
      .mockRejectedValue(new IndexUnavailableError('connect ECONNREFUSED 127.0.0.1:7700'));
    await page.goto(`${web.baseUrl}/app/upload`);
    await page.setInputFiles('#files', FAILING_UPLOADS);
    for (const { name } of FAILING_UPLOADS)
      await page.locator(`li.upload[data-file="${name}"][data-state="failed"] .upload-error`).waitFor();
    outage.mockRestore();
    const jobs = await web.app.runner.listJobs();
    expect(jobs.find((job) => job.fileName === 'outage.txt')).toMatchObject({ failure: 'infrastructure' });
    await expect(
      page.locator('li.upload[data-file="outage.txt"] .upload-error').textContent(),
    ).resolves.toContain('服务暂时出错（不是文件的问题）');
    record('/app/upload (failed uploads)', await readable(page));
    expect(found).toEqual({});
  });

  it('shows every registered page in Chinese, with real ids and bad parameters', async () => {
    const notices = await web.app.store.listNotices();
    const jobs = await web.app.runner.listJobs();
    const failedJob = jobs.find((job) => job.state === 'failed');
    expect(failedJob, 'the failed upload of the first test').toBeDefined();
    const guandu = notices.find((n) => n.notice.meta.region?.name === '官渡区' && n.version === 2);
    expect(guandu, '官渡区 version 2').toBeDefined();
    const regions = [...new Set(notices.flatMap((n) => n.notice.meta.region?.name ?? []))];
    const versioned = notices.map((n) => `${encodeURIComponent(n.id)}?version=${n.version}`);
    // What each route is scanned with: every seed notice, a comparison, filters, and bad parameters.
    const urls: Record<string, string[]> = {
      '/app': ['/app'],
      '/app/login': ['/app/login'],
      '/app/upload': ['/app/upload'],
      '/app/assets/:name': ['/app/assets/no-such-file.js'],
      '/app/notices': ['/app/notices'],
      '/app/notices/:id': [
        ...versioned.map((id) => `/app/notices/${id}`),
        `/app/notices/${encodeURIComponent(guandu?.id ?? '')}?version=2&diff=1`,
        `/app/notices/${encodeURIComponent(guandu?.id ?? '')}?version=99`,
        `/app/notices/${failedJob?.noticeId ?? failedJob?.jobId.replace(/^ingest-/, '')}`,
        '/app/notices/no-such-notice',
        '/app/notices/%E0%A4%A',
      ],
      '/app/notices/:id/review': [
        ...versioned.map((id) => `/app/notices/${id.replace('?', '/review?')}`),
        '/app/notices/no-such-notice/review',
      ],
      '/app/search': [
        '/app/search',
        `/app/search?q=${encodeURIComponent('耗材')}`,
        `/app/search?q=${encodeURIComponent('医疗保障')}&region=${encodeURIComponent('云南省')}&current=false`,
        `/app/search?q=${encodeURIComponent('耗材')}&powerType=nonsense&offset=-3`,
        `/app/search?q=${encodeURIComponent('不存在的词语组合')}`,
      ],
      '/app/compare': [
        '/app/compare',
        `/app/compare?a=${encodeURIComponent('官渡区')}&b=${encodeURIComponent('北京市')}`,
        `/app/compare?a=${encodeURIComponent('官渡区')}`,
        `/app/compare?a=${encodeURIComponent('火星')}&b=${encodeURIComponent('北京市')}`,
      ],
      '/app/matrix': [
        '/app/matrix',
        `/app/matrix?powerType=${encodeURIComponent('行政检查')}&province=${encodeURIComponent('云南省')}`,
        '/app/matrix?page=abc&powerType=nonsense',
      ],
      '/app/matrix.svg': ['/app/matrix.svg'],
      '/app/review': ['/app/review', ...regions.map((r) => `/app/review?region=${encodeURIComponent(r)}`)],
      '/admin/queues': ['/admin/queues'],
    };
    const routes = pageRoutes(web.server);
    // the route tree was read (a format Fastify changed would otherwise scan nothing)
    expect(routes).toEqual(expect.arrayContaining(['/app/upload', '/app/notices/:id', '/admin/queues']));
    expect(
      routes.filter((route) => !(route in urls)),
      'routes without a scan',
    ).toEqual([]);
    for (const route of routes) for (const url of urls[route] ?? []) await scan(page, url);
    // the queue page's retry (a POST) and what it answers
    await page.goto(`${web.baseUrl}/admin/queues`);
    await page.getByRole('button', { name: '重试 noise.bin' }).click();
    await page.waitForURL(/retried=/);
    record('/admin/queues (after 重试 noise.bin)', await readable(page));
    await scan(page, '/app/no-such-page');
    await scan(page, '/app/notices/no-such-notice/nothing-here');
    expect(found).toEqual({});
  });

  it('speaks Chinese signed out, to a wrong key and to a key without the role', async () => {
    const signedOut = await web.newPage({ key: null });
    await scan(signedOut, '/app/login', '/app/login (signed out)');
    await scan(signedOut, '/app/notices', '/app/notices (signed out → login)');
    await signedOut.getByLabel('API 密钥').fill('not-a-key');
    await signedOut.getByRole('button', { name: '登录' }).click();
    await signedOut.locator('p.error[role="alert"]').waitFor();
    record('/app/login (wrong key)', await readable(signedOut));
    const staff = await web.newPage();
    await staff.goto(`${web.baseUrl}/app/notices`);
    await staff.getByRole('button', { name: '退出' }).click();
    await staff.waitForURL(/\/app\/login/);
    record('/app/login (after 退出)', await readable(staff));
    const reader = await web.newPage({ key: READ_KEY });
    await scan(reader, '/app/upload', '/app/upload (read key)');
    await scan(reader, '/admin/queues', '/admin/queues (read key)');
    await scan(reader, '/app/notices/no-such-notice/review', 'review form (read key)');
    expect(found).toEqual({});
  });
});

const GUANDU = 'seeds/003_2a9d65f420513247.txt';

/**
 * Uploads that fail: random bytes, an empty PDF, a PDF and a Word file broken after their
 * headers, and a good file met by a search index outage.
 */
const FAILING_UPLOADS = [
  { name: 'noise.bin', mimeType: 'application/octet-stream', buffer: noise(4096) },
  { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
  {
    name: 'cut.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), noise(2048)]),
  },
  {
    name: 'broken.docx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.concat([Buffer.from('PK\x03\x04'), noise(2048)]),
  },
  {
    name: 'outage.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('测试县医疗保障局关于停电期间上传的说明。'),
  },
];

/** Bytes that look random but are the same on every run (a linear congruential generator). */
function noise(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 16;
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    bytes[i] = state >> 16;
  }
  return bytes;
}

/**
 * The GET pages the server registers for people — under /app and /admin/queues — read from
 * Fastify's route tree (`printRoutes`: one line per node, indented four characters per level;
 * a route's path is its ancestors' segments joined).
 */
function pageRoutes(server: ApiServer): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    if (!(match[3] ?? '').split(', ').includes('GET')) continue;
    const path = stack.join('').replace(/\/+$/, '').replace(/^\/\//, '/') || '/';
    if (/^\/(app|admin\/queues)(?:$|[/.])/.test(path)) paths.push(path);
  }
  return [...new Set(paths)];
}

/**
 * What a person reads on the page: its title, its text (with every <details> opened), the
 * options of its lists, and the title, placeholder, aria-label and alt attributes. A page that
 * is an SVG image gives its text and titles.
 */
function readable(page: Page): Promise<string[]> {
  return page.evaluate(READABLE) as Promise<string[]>;
}

/** Runs in the page (as text: the test's TypeScript has no DOM types). */
const READABLE = `(() => {
  for (const details of document.querySelectorAll('details')) details.open = true;
  const texts = [document.title, document.body ? document.body.innerText : document.documentElement.textContent];
  for (const element of document.querySelectorAll('[title],[placeholder],[aria-label],[alt]'))
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) texts.push(element.getAttribute(name) || '');
  for (const option of document.querySelectorAll('option')) texts.push(option.textContent);
  for (const button of document.querySelectorAll('input[type="submit"], input[type="button"]')) texts.push(button.value);
  for (const svgText of document.querySelectorAll('svg title, svg text')) texts.push(svgText.textContent);
  return texts.map((text) => text || '');
})()`;
