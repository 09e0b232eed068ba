import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { App } from '../../src/app/open.ts';
import { parseKeys } from '../../src/http/keys.ts';
import type { ApiServer } from '../../src/http/types.ts';
import { expandPaths, readUploadFile, submitUpload } from '../../src/pipeline/submit.ts';
import { buildServer } from '../../src/server/server.ts';
import { testApp } from '../api/helpers.ts';
import { eventually } from '../support/eventually.ts';

/** Debian's Chromium (`apt-get install chromium` in .ci/run); the tests fail, not skip, without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const UPLOAD_KEY = 'upload-key-for-tests';
export const READ_KEY = 'read-key-for-tests';
/** Where the tests write screenshots (git-ignored; a few are copied to docs/ for the README). */
export const SCREENSHOTS = join(process.cwd(), 'screenshots');

export interface WebFixture {
  app: App & { dir: string };
  /** With `holdParsing`: lets the jobs held at their first stage go on. */
  releaseParsing(): void;
  baseUrl: string;
  /** The Fastify server (its routes: `server.printRoutes()`). */
  server: ApiServer;
  browser: Browser;
  /** A new page (1280×900 unless given), already signed in with the key unless `key` is null. */
  newPage(options?: { key?: string | null; width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The API and web app on a free port over an embedded app in a temp directory (keys configured,
 * so the login screen is real), and a headless Chromium. `seeds: true` ingests seeds/ first.
 * `holdParsing: true` holds every job in its first stage (reading the original) until
 * `releaseParsing()`, so a test can see a job in progress whatever the machine's speed.
 */
export async function startWeb(
  options: { seeds?: boolean; holdParsing?: boolean } = {},
): Promise<WebFixture> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-zenhei (.ci/run does)`);
  let releaseParsing = () => {};
  const held = options.holdParsing
    ? new Promise<void>((resolve) => {
        releaseParsing = resolve;
      })
    : null;
  const app = await testApp(
    { POLICY_KB_RATE_LIMIT: '0' },
    held
      ? {
          wrapStore: (store) => ({
            ...store,
            getOriginal: async (sha256) => {
              await held;
              return store.getOriginal(sha256);
            },
          }),
        }
      : {},
  );
  if (options.seeds) {
    for (const file of await expandPaths(['seeds'])) {
      const { jobId } = await submitUpload(app, await readUploadFile(file), file);
      const job = await app.runner.wait(jobId);
      if (job.state !== 'completed') throw new Error(`seed ${file}: ${job.state} ${job.error ?? ''}`);
    }
  }
  const server = await buildServer(app, parseKeys(`upload/王五:${UPLOAD_KEY},read:${READ_KEY}`), {
    rateLimitPerMinute: 0,
  });
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    app,
    releaseParsing,
    baseUrl: address,
    server,
    browser,
    async newPage({ key = UPLOAD_KEY, width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        locale: 'zh-CN',
        acceptDownloads: true,
      });
      const page = await context.newPage();
      if (key) await signIn(page, address, key);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
      await app.close();
    },
  };
}

/** Signs in through the login screen, as a person would. */
export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.getByLabel('API 密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
}

/**
 * Waits until a page expression is truthy. The app's Content-Security-Policy forbids eval, which
 * Playwright's `waitForFunction` uses for a predicate given as text; an expression evaluated
 * from outside the page (this polling) is not affected.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  await eventually(() => page.evaluate(expression), Boolean, timeoutMs, expression);
}

/** A full-page screenshot into screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
