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

  it('lists what waits for review, with counts per region', async () => {
    await page.goto(`${web.baseUrl}/app/review`);
    await expect(page.locator('main p').first().textContent()).resolves.toMatch(/共 \d+ 个通知等待复核/);
  });
});
