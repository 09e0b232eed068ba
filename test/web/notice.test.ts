import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { READ_KEY, screenshot, startWeb, type WebFixture } from './browser.ts';
import { docsScreenshot } from './docs-screenshots.ts';

const GUANDU = 'seeds/003_2a9d65f420513247.txt';
/**
 * A catalogue whose cells carry markup (as text: entities in the HTML source, so the extracted
 * cell text holds `<script>` literally). It must show as text, never run.
 */
const HOSTILE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>测试市医疗保障局行政执法事项目录清单</title></head><body>
<h1>测试市医疗保障局行政执法事项目录清单</h1>
<table border="1">
<tr><th>序号</th><th>事项名称</th><th>职权类型</th><th>实施依据</th><th>实施主体</th></tr>
<tr><td>1</td><td>&lt;script&gt;alert(1)&lt;/script&gt;对定点医药机构的监督检查</td><td>行政检查</td>
<td>《中华人民共和国社会保险法》第八十四条 &lt;img src=x onerror="window.__xss=1;alert(2)"&gt;</td><td>测试市医疗保障局</td></tr>
<tr><td>2</td><td>对参保人的监督检查</td><td>行政检查</td><td>《医疗保障基金使用监督管理条例》第二十二条</td><td>测试市医疗保障局</td></tr>
</table></body></html>`;

describe('web app: notice pages', () => {
  let web: WebFixture;
  let page: Page;
  const dialogs: string[] = [];
  let hostileId = '';
  let ingest: (text: string, name: string) => Promise<{ version?: number; noticeId?: string }>;
  beforeAll(async () => {
    web = await startWeb({ seeds: true });
    ingest = async (text: string, name: string) => {
      const { jobId } = await submitUpload(web.app, new TextEncoder().encode(text), name);
      return web.app.runner.wait(jobId);
    };
    hostileId = (await ingest(HOSTILE, 'hostile<b>.html')).noticeId ?? '';
    page = await web.newPage({ key: READ_KEY });
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
  }, 240_000);
  afterAll(async () => web?.close());

  it("lists the notices and opens 官渡区's with its 7 items and citation checks", async () => {
    await page.goto(`${web.baseUrl}/app/notices`);
    const rows = page.locator('table.notice-list tbody tr');
    await expect(rows.count()).resolves.toBe(6);
    await page.locator('table.notice-list tbody tr', { hasText: '官渡区' }).first().getByRole('link').click();
    await page.waitForURL(/\/app\/notices\/530111-/);
    await expect(page.locator('h1').textContent()).resolves.toContain('官渡区');
    await expect(page.locator('table.items tbody tr').count()).resolves.toBe(7);
    const first = page.locator('table.items tbody tr').first();
    await expect(first.locator('td').nth(1).textContent()).resolves.toContain('对用人单位和个人遵守医疗保险');
    // Citations are checked: each carries a badge with words, not colour alone.
    await expect(page.locator('.citation .badge').first().textContent()).resolves.toMatch(
      /已核对|未核实|不存在|不符/,
    );
    await expect(page.locator('.citation.finding .check-text').count()).resolves.toBeGreaterThan(0);
    await docsScreenshot(page, 'notice');
    // The verbatim cells on demand.
    const details = first.locator('details.verbatim');
    await expect(details.locator('dd').first().isVisible()).resolves.toBe(false);
    await details.locator('summary').click();
    await expect(details.locator('dd').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'notice');
  });

  it('shows the versions of the catalogue and the diff between two of them', async () => {
    // A second version of 官渡区's catalogue: one item's targets changed, one renamed.
    const v2 = readFileSync(GUANDU, 'utf8')
      .replace('\t用人单位和个人\n', '\t用人单位\n')
      .replace('医疗保险稽核', '医疗保险稽核检查');
    expect((await ingest(v2, '官渡区-修订.txt')).version).toBe(2);
    await page.goto(`${web.baseUrl}/app/notices`);
    // titled by its issuer and what it lists (the text has no title), never by its file name
    const href = await page
      .locator('table.notice-list a[href*="version=2"]', { hasText: '官渡区医疗保障局' })
      .getAttribute('href');
    await page.goto(`${web.baseUrl}${href}`);
    await expect(page.locator('.versions li').count()).resolves.toBe(2);
    await page.getByLabel('与以下版本比较').selectOption('1');
    await page.getByRole('button', { name: '比较' }).click();
    await page.waitForURL(/diff=1/);
    const diff = page.locator('section.diff');
    await expect(diff.locator('h2').textContent()).resolves.toBe('第 1 版 与 第 2 版 的差异');
    const text = await diff.textContent();
    expect(text).toContain('医疗保险稽核 → 医疗保险稽核检查');
    expect(text).toMatch(/对象：用人单位、个人 → 用人单位|对象：用人单位和个人 → 用人单位/);
    // The old version says it is superseded.
    await page.locator('.versions a', { hasText: '第 1 版' }).click();
    await expect(page.locator('.banner').textContent()).resolves.toContain('旧版本');
  });

  it('navigates the chapters of 河源 (6 chapters) by their links', async () => {
    await page.goto(`${web.baseUrl}/app/notices`);
    await page.locator('table.notice-list a', { hasText: '河源' }).click();
    await expect(page.locator('.banner').textContent()).resolves.toContain('征求意见稿');
    const nav = page.getByRole('navigation', { name: '章节导航' });
    await expect(nav.getByRole('link').count()).resolves.toBe(6);
    const last = nav.getByRole('link').nth(5);
    const title = (await last.textContent()) ?? '';
    await last.click();
    await page.waitForURL(/#chapter-6$/);
    await expect(page.locator('#chapter-6 h3').textContent()).resolves.toBe(title);
    await expect(page.locator('#chapter-6 h3').isVisible()).resolves.toBe(true);
  });

  it('downloads the original file', async () => {
    await page.goto(`${web.baseUrl}/app/notices`);
    await page.locator('table.notice-list a[href*="version=1"]', { hasText: '官渡区医疗保障局' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载原件' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('003_2a9d65f420513247.txt');
    const path = await file.path();
    expect(readFileSync(path)).toEqual(readFileSync(GUANDU));
  });

  it("shows a real notice's own columns, its cut-off row and why it needs review (广州市, development half)", async () => {
    const page2 = await web.newPage({ key: READ_KEY });
    const text = readFileSync('test/fixtures/real/guangdong-guangzhou-choucha.txt', 'utf8');
    const { noticeId, version } = await ingest(text, 'guangzhou-choucha.txt');
    await page2.goto(`${web.baseUrl}/app/notices/${noticeId}?version=${version}`);
    const headers = await page2.locator('table.items thead th').allTextContents();
    expect(headers.slice(0, 4)).toEqual(['序号', '抽查类别', '抽查事项（内容）', '检查对象']);
    expect(headers).toContain('检查依据');
    await expect(page2.locator('table.items tbody tr').count()).resolves.toBe(5);
    await expect(page2.locator('tr.partial .badge-partial').textContent()).resolves.toBe('截断');
    const banner = await page2.locator('.banner.review').textContent();
    expect(banner).toContain('需复核');
    expect(banner).toContain('在文档结尾处被截断');
    await expect(page2.locator('h3#table-0').textContent()).resolves.toContain('识别自分隔符文字');
    await docsScreenshot(page2, 'real-notice');
    await page2.close();
  });

  it('renders markup from an uploaded file as text, and no script runs', async () => {
    await page.goto(`${web.baseUrl}/app/notices/${hostileId}`);
    const row = page.locator('table.items tbody tr').first();
    await row.locator('details.verbatim summary').click();
    const cells = await row.locator('details.verbatim').textContent();
    expect(cells).toContain('<script>alert(1)</script>对定点医药机构的监督检查');
    expect(cells).toContain('<img src=x onerror="window.__xss=1;alert(2)">');
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.locator('main script').count()).resolves.toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    await expect(page.evaluate('typeof window.__xss')).resolves.toBe('undefined');
  });

  it('fits a narrow window: the body never scrolls sideways, tables scroll in their own box', async () => {
    const narrow = await web.newPage({ key: READ_KEY, width: 390, height: 844 });
    await narrow.goto(`${web.baseUrl}/app/notices`);
    await narrow.locator('table.notice-list a[href*="version=1"]', { hasText: '官渡区医疗保障局' }).click();
    await narrow.waitForURL(/\/app\/notices\/530111-/);
    const widths = await narrow.evaluate<{ page: number; viewport: number; table: number }>(`({
      page: document.documentElement.scrollWidth,
      viewport: document.documentElement.clientWidth,
      table: document.querySelector('.table-scroll')?.scrollWidth ?? 0,
    })`);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.table).toBeGreaterThan(widths.viewport);
    await screenshot(narrow, 'notice-narrow');
    await narrow.context().close();
  });

  it('shows an unknown notice as a 404 page without internals', async () => {
    const response = await page.goto(`${web.baseUrl}/app/notices/no-such-notice`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('找不到页面');
    expect(await page.locator('main').textContent()).not.toMatch(/at .*\.ts:\d+|Error:/);
  });
});
