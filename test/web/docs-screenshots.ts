import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * The README's screenshots: viewport-sized (not full page), small PNGs. They go to
 * docs/screenshots/ (committed) only with UPDATE_DOCS_SCREENSHOTS=1, so a test run leaves the
 * work tree clean; otherwise to the ignored screenshots/ folder, size-checked all the same.
 */
export const DOCS_SCREENSHOTS =
  process.env.UPDATE_DOCS_SCREENSHOTS === '1'
    ? join(process.cwd(), 'docs', 'screenshots')
    : join(process.cwd(), 'screenshots', 'docs');
const MAX_BYTES = 300 * 1024;

export async function docsScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  const path = join(DOCS_SCREENSHOTS, `${name}.png`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: false });
  if (statSync(path).size > MAX_BYTES) throw new Error(`${path} is over ${MAX_BYTES} bytes`);
  return path;
}
