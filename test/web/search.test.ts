import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY, screenshot, startWeb, type WebFixture, waitUntil } from './browser.ts';
import { docsScreenshot } from './docs-screenshots.ts';

describe('web app: search', () => {
  let web: WebFixture;
  beforeAll(async () => {
    web = await startWeb({ seeds: true });
  }, 240_000);
  afterAll(async () => web?.close());

  it('searches 耗材 from the keyboard, highlights it, and narrows to 云南省', async () => {
    const page = await web.newPage({ key: READ_KEY, height: 800 });
    await page.goto(`${web.baseUrl}/app/search`);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    await expect(page.evaluate<string>('document.activeElement?.id')).resolves.toBe('q');
    await page.keyboard.type('耗材');
    await page.locator('#results .hit').first().waitFor();
    await page.waitForURL(/q=/); // htmx keeps the URL shareable
    const marks = await page.locator('#results .snippet mark').allInnerTexts();
    expect(marks).toContain('耗材');
    const regions = await page.locator('#results .hit-meta').allInnerTexts();
    expect(regions.some((r) => r.includes('官渡区'))).toBe(true);
    expect(regions.some((r) => r.includes('北京市'))).toBe(true);

    await page.getByLabel('地区').selectOption({ label: '云南省' });
    await waitUntil(
      page,
      "[...document.querySelectorAll('#results .hit-meta')].every((e) => e.textContent.includes('官渡区'))",
    );
    const narrowed = await page.locator('#results .hit-meta').allInnerTexts();
    expect(narrowed.length).toBeGreaterThan(0);
    for (const meta of narrowed) expect(meta).toContain('官渡区');
    // results are links reachable from the keyboard, to the notice page
    await page.locator('#q').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(400); // leaving the box must not search again (the focused link stays)
    const href = await page.evaluate<string>("document.activeElement?.getAttribute('href')");
    expect(href).toMatch(/^\/app\/notices\/530111-[0-9a-f]+\?version=1#item-\d+-\d+$/);
    // the link lands on the item's own row of the notice page
    const row = await page.request.get(`${web.baseUrl}${href}`);
    expect(await row.text()).toContain(`id="${String(href).split('#')[1]}"`);
    await page.locator('#q').focus();
    await docsScreenshot(page, 'search');
    await screenshot(page, 'search');
    await page.context().close();
  });

  it('works without JavaScript as a GET form, and escapes what it echoes', async () => {
    const page = await web.newPage({ key: READ_KEY });
    const query = new URLSearchParams({ q: '耗材<img src=x>', region: '云南省' });
    const response = await page.goto(`${web.baseUrl}/app/search?${query}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('#q').inputValue()).toBe('耗材<img src=x>');
    await page.context().close();
  });

  it('fits a narrow window (390 px) without horizontal scrolling', async () => {
    const page = await web.newPage({ key: READ_KEY, width: 390, height: 844 });
    await page.goto(`${web.baseUrl}/app/search?q=${encodeURIComponent('耗材')}`);
    await page.locator('#results .hit').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'search-narrow');
    await page.context().close();
  });
});
