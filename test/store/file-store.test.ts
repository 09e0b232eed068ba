import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../../src/store/file-store.ts';
import { testNoticeStore } from './contract.ts';
import { loadUploads, save, type Uploads, variant } from './fixtures.ts';

testNoticeStore('files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-kb-store-'));
  return {
    store: createFileStore(dir),
    reopen: async () => createFileStore(dir),
    async copies(sha256) {
      const names = await readdir(join(dir, 'originals', sha256.slice(0, 2)));
      return names.filter((name) => name === sha256).length;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
    // version files without a log: what the store wrote before its log (and renditions) existed
    async saveAsBefore(records) {
      for (const record of records) {
        await mkdir(join(dir, 'notices', record.id), { recursive: true });
        await writeFile(join(dir, 'notices', record.id, `v${record.version}.json`), JSON.stringify(record));
      }
    },
  };
});

describe('file store: the version log', () => {
  let dir: string;
  let up: Uploads;
  beforeAll(async () => {
    up = await loadUploads();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'policy-kb-log-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves and finds the current version without reading any other version of the catalogue', async () => {
    const store = createFileStore(dir);
    const saved = [];
    for (let i = 0; i < 6; i++)
      saved.push((await save(store, variant(up.first, `v${i}`, `2024-0${i + 1}-01`))).record);
    const { id } = saved[0] ?? expect.unreachable();
    // Versions 1–4 become unreadable: a save, the current version and its lookup by bytes must not need them.
    for (const n of [1, 2, 3, 4]) await writeFile(join(dir, 'notices', id, `v${n}.json`), '{ damaged');
    await store.close();
    // a new instance: nothing parsed before the damage
    const reopened = createFileStore(dir);
    const next = await save(reopened, variant(up.first, 'v6', '2024-07-01'));
    expect(next.record).toMatchObject({ id, version: 7, current: true });
    expect((await reopened.getNotice(id))?.version).toBe(7);
    expect((await reopened.findBySha(next.record.sha256))?.version).toBe(7);
    // the demoted version (6) is read back as not current, and its file says so too
    expect((await reopened.getNotice(id, 6))?.current).toBe(false);
    expect(JSON.parse(await readFile(join(dir, 'notices', id, 'v6.json'), 'utf8')).current).toBe(false);
    expect((await reopened.listNotices({ currentOnly: true })).map((r) => r.version)).toEqual([7]);
    await reopened.close();
  });

  it('builds the log of a store written before it (manifest index.json, or no manifest at all)', async () => {
    const store = createFileStore(dir);
    await save(store, up.first);
    await save(store, up.corrected);
    await save(store, up.other);
    await store.close();
    const before = await createFileStore(dir).listNotices();
    await rm(join(dir, 'versions.jsonl'));
    await writeFile(join(dir, 'index.json'), '{"shas":{},"catalogues":{}}');

    const migrated = createFileStore(dir);
    expect(await migrated.listNotices()).toEqual(before);
    expect(await readdir(dir)).not.toContain('index.json');
    // a save after the migration continues the version numbers and finds old bytes
    expect((await save(migrated, up.older)).record.version).toBe(3);
    expect((await save(migrated, up.first)).created).toBe(false);
    await migrated.close();
  });

  it('replays what another instance appended, and ignores a line still being written', async () => {
    const a = createFileStore(dir);
    const b = createFileStore(dir);
    const first = (await save(a, up.first)).record;
    expect((await b.getNotice(first.id))?.version).toBe(1);
    await save(a, up.corrected);
    expect((await b.getNotice(first.id))?.version).toBe(2);
    // a writer cut off mid-line: readers see the complete lines only
    await appendFile(join(dir, 'versions.jsonl'), '{"id":"half');
    const c = createFileStore(dir);
    expect((await c.listVersions(first.id)).map((r) => r.version)).toEqual([1, 2]);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('reuses the version number of a notice file its log line never reached (a crash between the two)', async () => {
    const store = createFileStore(dir);
    const first = (await save(store, up.first)).record;
    // what a crash after writing v2.json but before its log line leaves behind
    await writeFile(join(dir, 'notices', first.id, 'v2.json'), JSON.stringify({ ...first, version: 2 }));
    const again = createFileStore(dir);
    expect((await again.listVersions(first.id)).map((r) => r.version)).toEqual([1]);
    const retried = await save(again, up.corrected);
    expect(retried.record).toMatchObject({ version: 2, current: true, sha256: retried.record.sha256 });
    expect((await again.getNotice(first.id, 2))?.sourceFile).toBe('corrected.txt');
    await Promise.all([store.close(), again.close()]);
  });

  it('forgets what it replayed when its directory is emptied under it (a reset), and starts again at v1', async () => {
    const store = createFileStore(dir);
    const first = (await save(store, up.first)).record;
    await rm(dir, { recursive: true, force: true });
    expect(await store.listNotices()).toEqual([]);
    expect(await store.getNotice(first.id)).toBeNull();
    const again = await save(store, up.first);
    expect(again).toMatchObject({ created: true, record: { version: 1, current: true } });
    await store.close();
  });
});
