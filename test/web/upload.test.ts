import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, screenshot, startWeb, type WebFixture, waitUntil } from './browser.ts';
import { docsScreenshot } from './docs-screenshots.ts';

const SEEDS = readdirSync('seeds')
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => join('seeds', name));

/** The upload entries (one per chosen file), in the order they were added. */
const entries = (page: Page) => page.locator('#uploads > li');

describe('web app: upload page', () => {
  let web: WebFixture;
  let page: Page;
  beforeAll(async () => {
    web = await startWeb({ holdParsing: true });
    page = await web.newPage();
  }, 240_000);
  afterAll(async () => web?.close());

  it('uploads the five seeds and shows each through the stages to a link to its notice', async () => {
    const response = await page.goto(`${web.baseUrl}/app/upload`);
    expect(response?.status()).toBe(200);
    // Records every stage line shown, to see the live progress between upload and completion.
    await page.evaluate(`(() => {
      const seen = (window.stagesSeen = []);
      new MutationObserver(() => {
        for (const node of document.querySelectorAll('.upload-stage')) seen.push(node.textContent);
      }).observe(document.getElementById('uploads'), { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByLabel('选择文件（可多选）').setInputFiles(SEEDS);
    await expect.poll(() => entries(page).count()).toBe(5);
    // The jobs are held in their first stage until the page has shown one in progress.
    await waitUntil(page, `window.stagesSeen.some((text) => /^阶段 \\d\\/6：/.test(text))`);
    // Held: none can have completed before the release, so the stage seen was live progress.
    expect(await page.locator('#uploads [data-state="completed"]').count()).toBe(0);
    web.releaseParsing();
    await waitUntil(
      page,
      `document.querySelectorAll('#uploads [data-state="completed"]').length === 5`,
      60_000,
    );
    for (let i = 0; i < 5; i++) {
      const entry = entries(page).nth(i);
      await expect(entry.locator('.badge').textContent()).resolves.toBe('已完成');
      await expect(entry.locator('progress').getAttribute('value')).resolves.toBe('6');
      await expect(entry.getByRole('link', { name: '查看结果' }).getAttribute('href')).resolves.toMatch(
        /^\/app\/notices\/[^/]+\?version=1$/,
      );
    }
    await expect(page.locator('[aria-live="polite"]').textContent()).resolves.toContain('处理完成');
    const seen = await page.evaluate<string[]>('window.stagesSeen');
    expect(seen.some((text) => /^阶段 \d\/6：/.test(text))).toBe(true);
    await screenshot(page, 'upload');
    await docsScreenshot(page, 'upload');
    const link = await entries(page).nth(3).getByRole('link', { name: '查看结果' }).getAttribute('href');
    const notice = await page.context().newPage();
    await notice.goto(`${web.baseUrl}${link}`);
    await expect(notice.locator('h1').textContent()).resolves.toContain('官渡区');
    await notice.close();
  }, 240_000);

  it('recognises a file uploaded before as a duplicate, with a link to the notice', async () => {
    await page.getByLabel('选择文件（可多选）').setInputFiles(SEEDS[3] as string);
    const entry = entries(page).nth(5);
    await waitUntil(page, "document.querySelectorAll('#uploads > li')[5]?.querySelector('a') != null");
    await expect(entry.getAttribute('data-state')).resolves.toBe('duplicate');
    await expect(entry.locator('.badge').textContent()).resolves.toBe('重复');
    await expect(entry.getByRole('link', { name: '查看已有通知' }).isVisible()).resolves.toBe(true);
  });

  it('shows why a bad file failed, and a retry button that runs it again', async () => {
    const dir = join('test', '.tmp');
    mkdirSync(dir, { recursive: true });
    const bad = join(dir, 'scan-empty.pdf');
    writeFileSync(bad, '');
    await page.getByLabel('选择文件（可多选）').setInputFiles(bad);
    const entry = entries(page).nth(6);
    await waitUntil(page, "document.querySelectorAll('#uploads > li')[6]?.dataset.state === 'failed'");
    await expect(entry.locator('.upload-error').textContent()).resolves.toMatch(/原因：.*empty/);
    const retry = entry.getByRole('button', { name: '重试 scan-empty.pdf' });
    await expect(retry.isVisible()).resolves.toBe(true);
    const retried = page.waitForResponse(
      (r) => r.url().endsWith('/retry') && r.request().method() === 'POST',
    );
    await retry.click();
    expect((await retried).status()).toBe(202);
    await waitUntil(page, "document.querySelectorAll('#uploads > li')[6]?.dataset.state === 'failed'");
    const jobId = await entry.getAttribute('data-job-id');
    const job = await page.evaluate(async (id) => (await fetch(`/api/jobs/${id}`)).json(), jobId);
    expect(job).toMatchObject({ state: 'failed', attempts: 2 });
    await screenshot(page, 'upload-failed');
    expect(readdirSync(SCREENSHOTS)).toContain('upload.png');

    // the same bytes again under another name: its reason names this file, and the earlier one
    const renamed = join(dir, 'noise.bin');
    writeFileSync(renamed, '');
    await page.getByLabel('选择文件（可多选）').setInputFiles(renamed);
    await waitUntil(page, "document.querySelectorAll('#uploads > li')[7]?.dataset.state === 'failed'");
    const reason = (await entries(page).nth(7).locator('.upload-error').textContent()) ?? '';
    expect(reason).toMatch(/^原因：noise\.bin: /);
    expect(reason).toContain('与此前上传的“scan-empty.pdf”内容相同');
  });

  it('says what a real notice gave and that it needs review, never 已完成 (盘锦市, cut off in row 5)', async () => {
    await page
      .getByLabel('选择文件（可多选）')
      .setInputFiles('test/fixtures/real/liaoning-panjin-mianfa.txt');
    const entry = entries(page).nth(8);
    await waitUntil(
      page,
      "document.querySelectorAll('#uploads > li')[8]?.dataset.state === 'review'",
      60_000,
    );
    await expect(entry.locator('.badge').textContent()).resolves.toBe('需复核');
    await expect(entry.locator('.upload-stage').textContent()).resolves.toContain('5 项 · 0 条');
    await expect(entry.getByRole('link', { name: '查看结果' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('[aria-live="polite"]').textContent()).resolves.toContain('需复核');
  }, 240_000);

  it('is usable from the keyboard: the file input is reachable and labelled', async () => {
    await page.goto(`${web.baseUrl}/app/upload`);
    await page.keyboard.press('Tab'); // skip link
    let focused = '';
    for (let i = 0; i < 12 && focused !== 'files'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement?.id ?? ''");
    }
    expect(focused).toBe('files');
  });
});
