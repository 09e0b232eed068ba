import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY, screenshot, startWeb, type WebFixture } from './browser.ts';
import { docsScreenshot } from './docs-screenshots.ts';

/** 官渡区's items 4–6 (../shared/gold/seeds.json, 003_2a9d65f420513247.txt): only in 官渡 against 北京. */
const ONLY_GUANDU = [
  '对药品、医用耗材价格进行监督检查',
  '对药品上市许可持有人、药品生产企业、药品经营企业和医疗机构应当依法向药品价格主管部门提供药品的实际购销价格和购销数量等资料的监督检查',
  '对公立医疗机构和高值医用耗材集中采购行为合规性的监督检查',
];

describe('web app: compare two regions, the coverage matrix', () => {
  let web: WebFixture;
  beforeAll(async () => {
    web = await startWeb({ seeds: true });
  }, 240_000);
  afterAll(async () => web?.close());

  it('compares 官渡区 with 北京市: items 4–6 only in 官渡, differences marked, XLSX download', async () => {
    const page = await web.newPage({ key: READ_KEY, height: 800 });
    await page.goto(`${web.baseUrl}/app/compare`);
    await page.getByLabel('甲方（地区或通知）').selectOption('官渡区');
    await page.getByLabel('乙方（地区或通知）').selectOption('北京市');
    await page.getByRole('button', { name: '比较' }).click();
    await page.waitForURL(/\/app\/compare\?a=/);
    expect(decodeURIComponent(page.url())).toContain('a=官渡区&b=北京市');

    const onlyA = page.locator('section.only', { has: page.locator('#only-a') });
    const onlyText = await onlyA.textContent();
    for (const name of ONLY_GUANDU) expect(onlyText).toContain(name);
    expect(onlyText).toContain('仅甲方：官渡区');
    expect(await page.locator('section.only', { has: page.locator('#only-b') }).textContent()).toContain(
      '对逾期仍未缴纳或者补足医疗保险费用人单位进行划拨',
    );
    // matched pairs: differing rows carry a text flag, not only a colour
    expect(await page.locator('article.pair').count()).toBe(3);
    expect(await page.locator('tr.differs .flag').first().textContent()).toContain('不同');
    expect(await page.locator('#cites-h').textContent()).toContain('依据核查');
    await docsScreenshot(page, 'compare');
    await screenshot(page, 'compare');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载 XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('比较-官渡区-北京市.xlsx');
    mkdirSync('test/.tmp', { recursive: true });
    const path = 'test/.tmp/compare-download.xlsx';
    await download.saveAs(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('仅官渡区有');
    const names = (sheet?.getColumn(2).values ?? []).map(String);
    for (const name of ONLY_GUANDU) expect(names).toContain(name);
    await page.context().close();
  });

  it('shows a plain error for an unknown side, escaped, never a stack trace', async () => {
    const page = await web.newPage({ key: READ_KEY });
    const response = await page.goto(
      `${web.baseUrl}/app/compare?a=${encodeURIComponent('<img src=x onerror=alert(1)>')}&b=北京市`,
    );
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('alert').textContent()).toContain('找不到比较对象');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/at .*\.ts:\d+/);
    await page.context().close();
  });

  it('shows the coverage matrix as a grid and a heat map, filtered by power type', async () => {
    const page = await web.newPage({ key: READ_KEY, height: 800 });
    await page.goto(`${web.baseUrl}/app/matrix`);
    await expect(page.locator('table.matrix th.region').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['北京市', '官渡区', '山南市']),
    );
    const heatmap = page.locator('svg.heatmap');
    expect(await heatmap.locator('title').first().textContent()).toContain('热力图');
    const allRows = await page.locator('table.matrix tbody tr').count();
    await page.getByLabel('职权类型').selectOption('行政强制');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/powerType=/);
    const types = await page.locator('table.matrix tbody tr td:nth-child(2)').allInnerTexts();
    expect(types.length).toBeGreaterThan(0);
    expect(types.length).toBeLessThan(allRows);
    expect(new Set(types)).toEqual(new Set(['行政强制']));
    await page.getByLabel('职权类型').selectOption('');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL((url) => !url.search.includes('powerType=%'));
    await docsScreenshot(page, 'matrix');
    await screenshot(page, 'matrix');
    const svg = await page.request.get(
      `${web.baseUrl}/app/matrix.svg?province=${encodeURIComponent('云南省')}`,
    );
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<desc');
    await page.context().close();
  });
  it('fits a narrow window (390 px): compare and matrix pages scroll their tables, not the page', async () => {
    const page = await web.newPage({ key: READ_KEY, width: 390, height: 844 });
    for (const path of [
      `/app/compare?a=${encodeURIComponent('官渡区')}&b=${encodeURIComponent('北京市')}`,
      '/app/matrix',
    ]) {
      await page.goto(`${web.baseUrl}${path}`);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    // the power's name: wide enough to read (not three characters a line), kept in view when the regions scroll
    const name = page.locator('table.matrix tbody th[scope="row"]').first();
    expect(await name.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThanOrEqual(100);
    const position = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('table.matrix tbody th[scope="row"]')).position`,
    );
    expect(position).toBe('sticky');
    await page.context().close();
  });
});
