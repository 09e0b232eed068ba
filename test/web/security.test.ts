import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY, startWeb, UPLOAD_KEY, type WebFixture, waitUntil } from './browser.ts';

/**
 * The web app cannot be turned against its user: a page of another origin (here: another port
 * of the same host, the case the attack used) cannot upload, retry or sign the user in with
 * the user's cookie; a login never redirects off the site; pages cannot be framed and run no
 * inline or eval'd script. Real Chromium, real HTTP.
 */
describe('web app: cross-site requests, redirects and headers', () => {
  let web: WebFixture;
  let attacker: Server;
  let attackerUrl = '';
  /** What the attacker's pages do, by path: they run in the victim's browser. */
  const pages = new Map<string, string>();

  beforeAll(async () => {
    web = await startWeb({ seeds: true });
    attacker = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(pages.get(request.url ?? '') ?? '<p>nothing</p>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  }, 240_000);
  afterAll(async () => {
    await new Promise((resolve) => attacker?.close(resolve));
    await web?.close();
  });

  it('refuses an upload a page on another port sends with the signed-in user’s cookie', async () => {
    const page = await web.newPage({ key: UPLOAD_KEY });
    const before = (await web.app.runner.listJobs()).length;
    // Bytes never uploaded before (the seeds are ingested): were the forgery accepted, it would
    // be a new job, not a duplicate of one.
    const notice = `${readFileSync('seeds/003_2a9d65f420513247.txt', 'utf8')}\n伪造的跨站上传 ${Date.now()}\n`;
    pages.set(
      '/upload',
      `<script>
        const body = new FormData();
        body.append('file', new Blob([${JSON.stringify(notice)}]), 'forged.txt');
        fetch(${JSON.stringify(`${web.baseUrl}/api/notices`)}, { method: 'POST', body, credentials: 'include', mode: 'no-cors' })
          .finally(() => { document.title = 'sent'; });
      </script>`,
    );
    // The page cannot read a no-cors answer; the browser still sees it.
    const answer = page.waitForResponse(
      (r) => r.url() === `${web.baseUrl}/api/notices` && r.request().method() === 'POST',
    );
    await page.goto(`${attackerUrl}/upload`);
    expect((await answer).status()).toBe(403);
    await waitUntil(page, "document.title === 'sent'");
    expect((await web.app.runner.listJobs()).length).toBe(before);
    await page.context().close();
  });

  it('refuses a form a page on another port posts to the queue page and the login', async () => {
    const page = await web.newPage({ key: UPLOAD_KEY });
    pages.set(
      '/forms',
      `<form id="retry" method="post" action="${web.baseUrl}/admin/queues/retry" target="a"><input name="jobId" value="ingest-${'0'.repeat(64)}"></form>
       <form id="login" method="post" action="${web.baseUrl}/app/login" target="b"><input name="key" value="${READ_KEY}"><input name="next" value="/app"></form>
       <iframe name="a"></iframe><iframe name="b"></iframe>`,
    );
    await page.goto(`${attackerUrl}/forms`);
    const paths = { retry: '/admin/queues/retry', login: '/app/login' };
    const answers = await Promise.all(
      (['retry', 'login'] as const).map(async (id) => {
        // Each form's own answer, by its path: the other form's cannot stand in for it.
        const response = page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === paths[id],
        );
        await page.evaluate(`document.getElementById('${id}').submit()`);
        return (await response).status();
      }),
    );
    expect(answers).toEqual([403, 403]);
    // Login CSRF planted no key: the browser still holds the upload key it signed in with.
    const cookies = await page.context().cookies(web.baseUrl);
    expect(cookies.find((cookie) => cookie.name === 'pkb_key')?.value).toBe(UPLOAD_KEY);
    await page.context().close();
  });

  it('still uploads from the app itself (same origin, with its token)', async () => {
    const page = await web.newPage({ key: UPLOAD_KEY });
    await page.goto(`${web.baseUrl}/app/upload`);
    await page
      .getByLabel('选择文件（可多选）')
      .setInputFiles('test/fixtures/real/liaoning-panjin-mianfa.txt');
    await waitUntil(page, "document.querySelector('#uploads > li')?.dataset.state === 'review'", 60_000);
    await page.context().close();
  }, 240_000);

  it('never redirects off the site after login, whatever `next` says', async () => {
    const page = await web.newPage({ key: null });
    for (const next of [
      '/%09/evil.example',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      '/app%0d%0a',
    ]) {
      await page.goto(`${web.baseUrl}/app/login?next=${encodeURIComponent(decodeURIComponent(next))}`);
      await page.getByLabel('API 密钥').fill(READ_KEY);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
      expect(new URL(page.url()).origin, next).toBe(new URL(web.baseUrl).origin);
    }
    await page.context().close();
  });

  it('cannot be framed, and runs no inline or eval’d script (no CSP violation while used)', async () => {
    const page = await web.newPage({ key: UPLOAD_KEY });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${web.baseUrl}/app/search?q=${encodeURIComponent('耗材')}`);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    await page.getByLabel('职权类型').selectOption('行政检查');
    await waitUntil(page, "document.querySelectorAll('#results .hit-meta').length > 0");
    expect(violations).toEqual([]);
    pages.set('/frame', `<iframe id="f" src="${web.baseUrl}/app/search"></iframe>`);
    await page.goto(`${attackerUrl}/frame`, { waitUntil: 'load' });
    for (const frame of page.frames()) expect(await frame.content()).not.toContain('医保政策知识库');
    await page.context().close();
  });
});
