import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY, startWeb, UPLOAD_KEY, type WebFixture } from './browser.ts';

describe('web app: login with an API key', () => {
  let web: WebFixture;
  beforeAll(async () => {
    web = await startWeb();
  }, 240_000);
  afterAll(async () => web?.close());

  it('sends a visitor without a key to the login screen, and back after signing in', async () => {
    const page = await web.newPage({ key: null });
    await page.goto(`${web.baseUrl}/app/search`);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    await page.getByLabel('API 密钥').fill('wrong-key-123');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('密钥无效');
    await page.getByLabel('API 密钥').fill(READ_KEY);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/app\/search/);
    await page.context().close();
  });

  it('keeps read keys out of upload-only pages, with a page and no stack trace', async () => {
    const page = await web.newPage({ key: READ_KEY });
    const response = await page.goto(`${web.baseUrl}/app/upload`);
    expect(response?.status()).toBe(403);
    const text = await page.locator('main').textContent();
    expect(text).toContain('没有权限');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    await page.context().close();
  });

  it('shows an unknown page as a Chinese 404 page', async () => {
    const page = await web.newPage({ key: UPLOAD_KEY });
    const response = await page.goto(`${web.baseUrl}/app/no-such-page`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('找不到页面');
    await page.context().close();
  });

  it('lets the API accept the login cookie like a key header', async () => {
    const page = await web.newPage({ key: READ_KEY });
    const status = await page.evaluate(async () => (await fetch('/api/notices')).status);
    expect(status).toBe(200);
    await page.context().close();
  });
});
