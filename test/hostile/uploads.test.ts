import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/pipeline/runner.ts';
import { jobAsUploaded, submitUpload } from '../../src/pipeline/submit.ts';
import { buildServer } from '../../src/server/server.ts';
import { NOTICE_TEXT } from './notices.ts';
import { filesUnder, multipartBody, streamUpload, tempApp } from './upload-helpers.ts';

/** Upload-level hostile input: file names, racing duplicates, and sizes over the limit over HTTP. */

type TempApp = Awaited<ReturnType<typeof tempApp>>;
let kb: TempApp;
beforeAll(async () => {
  kb = await tempApp();
});
afterAll(() => kb?.remove());

/** A distinct valid notice per name, so every upload is its own job. */
const noticeBytes = (marker: string) => Buffer.from(`${NOTICE_TEXT}备注：${marker}\n`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** How many times these bytes are recorded, as a version's file or a rendition, across the knowledge base. */
const filesOf = async (sha: string) =>
  (await kb.app.store.listNotices()).flatMap((r) => r.renditions).filter((r) => r.sha256 === sha).length;

const NAME_CASES: [string, string, string][] = [
  ['emoji', '📄医保通知🚑.txt', '📄医保通知🚑.txt'],
  ['control characters', 'a\u0000b\u0007c\n\r\u001b[31m.txt', 'abc[31m.txt'],
  ['path traversal', '../../etc/passwd.docx', 'passwd.docx'],
  ['Windows path traversal', '..\\..\\Windows\\win.ini.txt', 'win.ini.txt'],
  ['an absolute path', '/etc/cron.d/evil.txt', 'evil.txt'],
  ['nothing but dots', '..', 'upload'],
  ['a bidi override hiding the ending', 'notice\u202etxt.exe', 'noticetxt.exe'],
  ['1,000 characters', `${'长'.repeat(1000)}.txt`, `${'长'.repeat(196)}.txt`],
];

describe('hostile upload names', () => {
  it.each(NAME_CASES)(
    '%s: stored under a safe base name, nothing written outside the data dir',
    async (label, name, stored) => {
      const bytes = noticeBytes(label);
      const { jobId, sha256: sha } = await submitUpload(kb.app, bytes, name);
      const job = await kb.app.runner.wait(jobId);
      expect(job).toMatchObject({ state: 'completed', fileName: stored });
      expect((await kb.app.store.getOriginalRef(sha))?.fileName).toBe(stored);
      // these notices differ only in a remark, so later ones are renditions of the first's version
      const rendition = (await kb.app.store.findBySha(sha))?.renditions.find((r) => r.sha256 === sha);
      expect(rendition?.sourceFile).toBe(stored);
      const jobFile = readFileSync(join(kb.dataDir, 'jobs', `${jobId}.json`), 'utf8');
      expect(JSON.parse(jobFile).fileName).toBe(stored);
      expect(filesUnder(kb.parent).every((path) => path.startsWith('data/'))).toBe(true);
    },
  );

  it('reports a failed upload with a cleaned, one-line name', async () => {
    const { jobId } = await submitUpload(
      kb.app,
      Buffer.from([0, 1, 2, 3, 0, 1, 2, 3]),
      'x/\u0007bad\nname.txt',
    );
    const job = await kb.app.runner.wait(jobId);
    expect(job.state).toBe('failed');
    expect(job.error).toBe('badname.txt: 文件是二进制数据，不是可识别编码的文本');
  });

  it('a failed upload sent again under another name speaks of the new name and the earlier upload', async () => {
    const junk = Buffer.from([9, 8, 7, 6, 0, 1, 2, 3]);
    const first = await submitUpload(kb.app, junk, 'scan.pdf');
    expect((await kb.app.runner.wait(first.jobId)).error).toMatch(/^scan\.pdf: /);
    const again = await submitUpload(kb.app, junk, 'noise.bin');
    expect(again).toMatchObject({ jobId: first.jobId, duplicate: true });
    const view = jobAsUploaded(await kb.app.runner.wait(again.jobId), 'noise.bin');
    expect(view.fileName).toBe('noise.bin');
    expect(view.error).toMatch(/^noise\.bin: .*（与此前上传的“scan\.pdf”内容相同）$/);
    expect(jobAsUploaded(await kb.app.runner.wait(first.jobId), 'scan.pdf').error).toMatch(
      /^scan\.pdf: [^（]*$/,
    );
  });

  it('over HTTP: traversal, control characters and emoji in the multipart file name', async () => {
    const server = await buildServer(kb.app, []);
    for (const [name, stored] of [
      ['../../../etc/shadow.txt', 'shadow.txt'],
      ['..\\..\\boot.ini.txt', 'boot.ini.txt'],
      ['通知\u0007🚑.txt', '通知🚑.txt'],
    ] as const) {
      const bytes = noticeBytes(name);
      const response = await server.inject({
        method: 'POST',
        url: '/api/notices',
        ...multipartBody(name, bytes),
      });
      expect(response.statusCode).toBe(202);
      const { jobId, noticeId } = response.json();
      expect(noticeId).toBe(sha256(bytes));
      expect(await kb.app.runner.wait(jobId)).toMatchObject({ state: 'completed', fileName: stored });
    }
    expect(filesUnder(kb.parent).every((path) => path.startsWith('data/'))).toBe(true);
    await server.close();
  });
});

describe('duplicate uploads racing', () => {
  it('20 concurrent submits of the same bytes make one job and one notice', async () => {
    const bytes = noticeBytes('racing submits');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submitUpload(kb.app, bytes, `copy-${i}.txt`)),
    );
    expect(new Set(results.map((r) => r.jobId))).toEqual(new Set([jobIdFor(sha256(bytes))]));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const views = await Promise.all(results.map((r) => kb.app.runner.wait(r.jobId)));
    expect(views.every((view) => view.state === 'completed' && view.attempts === 1)).toBe(true);
    expect(await filesOf(sha256(bytes))).toEqual(1);
  });

  it('10 concurrent HTTP uploads of the same bytes make one notice', async () => {
    const server = await buildServer(kb.app, []);
    const bytes = noticeBytes('racing HTTP uploads');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.inject({ method: 'POST', url: '/api/notices', ...multipartBody(`upload-${i}.txt`, bytes) }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(202));
    const jobIds = new Set(responses.map((r) => r.json().jobId as string));
    expect(jobIds.size).toBe(1);
    expect(await kb.app.runner.wait([...jobIds][0] as string)).toMatchObject({ state: 'completed' });
    expect(await filesOf(sha256(bytes))).toEqual(1);
    await server.close();
  });
});

describe('a 200 MB upload over HTTP', () => {
  const SIZE = 200 * 2 ** 20;

  it.each([
    ['with a Content-Length', true],
    ['chunked, without a length', false],
  ])(
    '%s: 413 naming the file, without buffering it all',
    { timeout: 240_000 },
    async (_label, declareLength) => {
      const server = await buildServer(kb.app, []);
      await server.listen({ port: 0, host: '127.0.0.1' });
      const { port } = server.server.address() as { port: number };
      const before = (await kb.app.store.listNotices()).length;
      const upload = await streamUpload(port, 'huge.txt', SIZE, { declareLength });
      await server.close();
      expect(upload.status).toBe(413);
      expect(JSON.parse(upload.body)).toMatchObject({
        status: 413,
        detail: expect.stringMatching(/^huge\.txt: 文件超过 50\.0 MiB 的上限$/),
      });
      // Refused before the body is read (declared length) or once the limit is passed (chunked):
      // the client is stopped long before it has sent 200 MB, and nothing near that is buffered.
      expect(upload.sent).toBeLessThan((declareLength ? 8 : 64) * 2 ** 20);
      expect(upload.peakBuffersMb).toBeLessThan(declareLength ? 16 : 80);
      expect(upload.ms).toBeLessThan(20_000);
      expect((await kb.app.store.listNotices()).length).toBe(before);
    },
  );
});
