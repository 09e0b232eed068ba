import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixRefreshSettled } from '../../src/compare/refresh.ts';
import { submitUpload } from '../../src/pipeline/submit.ts';
import { screenshot, startWeb, type WebFixture } from './browser.ts';

/**
 * 官渡区's catalogue under a title of its own (so a notice of its own), its 检查对象 column
 * headed in words the vocabulary does not know: extracted with no targets.
 */
const misheaded = (title: string) =>
  new TextEncoder().encode(
    `${title}\n${readFileSync('seeds/003_2a9d65f420513247.txt', 'utf8').replace('检查对象', '被检查者')}`,
  );

describe('web app: a staff member corrects a mis-mapped column', () => {
  let web: WebFixture;
  let page: Page;
  let id = '';
  beforeAll(async () => {
    web = await startWeb({ seeds: true });
    const { jobId } = await submitUpload(
      web.app,
      misheaded('官渡区医疗保障局2025年行政检查事项清单'),
      'guandu-2025.txt',
    );
    id = (await web.app.runner.wait(jobId)).noticeId ?? '';
    page = await web.newPage();
  }, 240_000);
  afterAll(async () => web?.close());

  it('fixes the column, saves a reviewed version that is current, searched, compared and in the audit log', async () => {
    await page.goto(`${web.baseUrl}/app/notices/${id}`);
    // the catalogue's own columns: 被检查者 is not mapped to any field yet
    const header = page.locator('table.items thead th', { hasText: '被检查者' });
    await expect(header.textContent()).resolves.toBe('被检查者');
    await page.getByRole('link', { name: '复核更正' }).click();
    await page.waitForURL(/\/review\?version=1$/);
    await page.getByLabel('表1「被检查者」列对应的字段').selectOption('targets');
    await page.getByLabel('复核理由').fill('“被检查者”一列是检查对象');
    await screenshot(page, 'review-form');
    await page.getByRole('button', { name: '保存复核版本' }).click();
    await page.waitForURL(/version=2&reviewed=1$/);
    await expect(page.locator('.banner.reviewed').textContent()).resolves.toContain('王五');
    await expect(page.locator('.banner.reviewed').textContent()).resolves.toContain(
      '「被检查者」列从未识别改为“对象”',
    );
    await expect(header.textContent()).resolves.toBe('被检查者（对象）');
    const notice = await web.app.store.getNotice(id);
    expect(notice?.notice.tables[0]?.items[0]?.targets).toEqual(['用人单位和个人']);
    await expect(page.locator('.versions li').count()).resolves.toBe(2);
    await expect(page.locator('.versions li', { hasText: '第 2 版' }).textContent()).resolves.toContain(
      '现行版本',
    );

    // search finds the corrected version (the current one)
    await page.goto(`${web.baseUrl}/app/search?q=${encodeURIComponent('2025年行政检查事项清单')}`);
    await expect(page.locator(`a[href*="${id}"]`).first().getAttribute('href')).resolves.toMatch(/version=2/);

    // the comparison of 官渡区 reads the reviewed version
    await matrixRefreshSettled(web.app.store);
    const diff = await page.request.get(
      `${web.baseUrl}/api/diff?a=${encodeURIComponent('官渡区')}&b=${encodeURIComponent('北京市')}`,
    );
    expect(JSON.stringify(await diff.json())).toContain(`"${id}"`);
    await page.goto(
      `${web.baseUrl}/app/compare?a=${encodeURIComponent('官渡区')}&b=${encodeURIComponent('北京市')}`,
    );
    await expect(page.locator('main').textContent()).resolves.toContain('用人单位和个人');

    // the audit log says who changed what
    await page.goto(`${web.baseUrl}/app/notices/${id}/review?version=2`);
    const audit = (await page.locator('ol.audit').textContent()) ?? '';
    expect(audit).toContain('王五');
    expect(audit).toContain('“被检查者”一列是检查对象');
  });

  it('extracts another notice with the same header layout right, without review', async () => {
    const { jobId } = await submitUpload(
      web.app,
      misheaded('官渡区医疗保障局2026年行政检查事项清单'),
      'guandu-2026.txt',
    );
    const view = await web.app.runner.wait(jobId);
    expect(view.noticeId).not.toBe(id);
    await page.goto(`${web.baseUrl}/app/notices/${view.noticeId}`);
    await expect(page.locator('.banner.reviewed').count()).resolves.toBe(0);
    await expect(page.locator('table.items thead th', { hasText: '被检查者' }).textContent()).resolves.toBe(
      '被检查者（对象）',
    );
    const record = await web.app.store.getNotice(view.noticeId as string);
    expect(record?.notice.tables[0]?.items.map((item) => item.targets.join('、'))).toContain(
      '用人单位和个人',
    );
  });

  it('fixes a cell, deletes a row and adds one and an article from the form, sending only what changed', async () => {
    const before = await web.app.store.getNotice(id);
    if (!before) throw new Error('notice missing');
    const table = before.notice.tables[0];
    if (!table) throw new Error('no table');
    const nameColumn = table.headers.indexOf('检查事项');
    const second = table.items[1]?.name ?? '';
    await page.goto(`${web.baseUrl}/app/notices/${id}/review?version=${before.version}`);
    await page.locator('details.review-rows summary').first().click();
    await page.getByLabel('表1第1行「检查事项」').fill('对用人单位遵守医疗保险法律情况进行监督检查');
    await page.locator('input[name="delete-0-1"]').check();
    await page.getByLabel('表1新增一行「检查事项」').fill('对定点医药机构的补充检查');
    await page.getByLabel('第几条').fill('3');
    await page.getByLabel('条文内容').fill('医疗保障行政部门依法实施监督检查。');
    await page.getByLabel('复核理由').fill('第1项名称有误，第2项重复，漏了一项和一条');
    const posted = page.waitForRequest(
      (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/review'),
    );
    await page.getByRole('button', { name: '保存复核版本' }).click();
    const body = new URLSearchParams((await posted).postData() ?? '');
    // review.js left the unchanged cells out: one cell of all of them travelled
    expect([...body.keys()].filter((key) => key.startsWith('cell-'))).toEqual([`cell-0-0-${nameColumn}`]);
    await page.waitForURL(/reviewed=1$/);
    const after = await web.app.store.getNotice(id);
    expect(after?.version).toBe(before.version + 1);
    const names = after?.notice.tables[0]?.items.map((item) => item.name) ?? [];
    expect(names[0]).toBe('对用人单位遵守医疗保险法律情况进行监督检查');
    expect(names).not.toContain(second);
    expect(names.at(-1)).toBe('对定点医药机构的补充检查');
    expect(after?.notice.articles.map((a) => a.number)).toContain(3);
    const banner = (await page.locator('.banner.reviewed').textContent()) ?? '';
    expect(banner).toContain('王五');
  });

  it('lists what waits for review, with counts per region', async () => {
    await page.goto(`${web.baseUrl}/app/review`);
    await expect(page.locator('main p').first().textContent()).resolves.toMatch(/共 \d+ 个通知等待复核/);
  });
});
