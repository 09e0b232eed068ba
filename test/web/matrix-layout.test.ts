import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixRefreshSettled } from '../../src/compare/refresh.ts';
import { inkHeight, readPng } from '../support/png.ts';
import { screenshot, startWeb, type WebFixture } from './browser.ts';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Whether two character boxes share more than a pixel of area (glyphs drawn on top of each other). */
function overlap(a: Box, b: Box): boolean {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 1 && height > 1;
}

describe('coverage matrix layout in Chromium, seeds loaded (/app/matrix)', () => {
  let web: WebFixture;
  beforeAll(async () => {
    web = await startWeb({ seeds: true });
    await matrixRefreshSettled(web.app.store);
  }, 240_000);
  afterAll(async () => web?.close());

  for (const width of [1280, 390]) {
    it(`at ${width} px: region headers' characters do not overlap, item names keep a readable width`, async () => {
      const page = await web.newPage({ width, height: 900 });
      await page.goto(`${web.baseUrl}/app/matrix`);
      await page.locator('table.matrix').scrollIntoViewIfNeeded();
      await screenshot(page, `matrix-${width}`);
      // every character of every region header as the browser laid it out, each header's box,
      // and the width of an item name in characters (the page's code, run in the browser)
      const layout = (await page.evaluate(`(() => {
        const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
        const headers = [...document.querySelectorAll('table.matrix th.region')].map((cell) => {
          const node = cell.querySelector('.stacked')?.firstChild;
          const chars = [];
          for (let i = 0; node && i < node.textContent.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            chars.push(box(range.getBoundingClientRect()));
          }
          return { text: cell.textContent, cell: box(cell.getBoundingClientRect()), chars };
        });
        const name = document.querySelector('table.matrix tbody th[scope="row"]');
        const nameWidth = name.getBoundingClientRect().width / parseFloat(getComputedStyle(name).fontSize);
        return { headers, nameWidth };
      })()`)) as { headers: { text: string; cell: Box; chars: Box[] }[]; nameWidth: number };
      expect(layout.headers.length).toBeGreaterThanOrEqual(3);
      for (const { text, chars } of layout.headers) {
        expect(chars.length, text).toBe(text.length);
        for (let i = 0; i < chars.length; i++)
          for (let j = i + 1; j < chars.length; j++)
            expect(overlap(chars[i] as Box, chars[j] as Box), `${text}: 第${i + 1}与第${j + 1}个字重叠`).toBe(
              false,
            );
      }
      // the characters are drawn one under another: the ink of a header is as tall as its
      // characters stacked (a font without vertical metrics drew them on top of each other)
      const stacked = page.locator('table.matrix th.region .stacked');
      for (let i = 0; i < (await stacked.count()); i++) {
        const header = stacked.nth(i);
        const text = (await header.textContent()) ?? '';
        const size = Number.parseFloat(
          await header.evaluate((el) => String(el.ownerDocument.defaultView?.getComputedStyle(el).fontSize)),
        );
        const ink = inkHeight(readPng(await header.screenshot()));
        expect(ink, `${text}：字迹高 ${ink}px，字号 ${size}px`).toBeGreaterThan((text.length - 0.5) * size);
      }
      // headers of neighbouring regions do not overlap either
      for (let i = 1; i < layout.headers.length; i++)
        expect(overlap(layout.headers[i - 1]?.cell as Box, layout.headers[i]?.cell as Box)).toBe(false);
      // an item name gets at least six characters a line (it wrapped to three at 390 px)
      expect(layout.nameWidth).toBeGreaterThanOrEqual(6);
      await page.context().close();
    });
  }
});
