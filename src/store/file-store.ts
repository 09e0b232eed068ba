import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { Notice } from '../../schemas/notice.ts';
import { OriginalRef, type RecordStatus, StoredNotice, StoredNoticeRead } from '../../schemas/store.ts';
import { orNull, readBytes, readJson, writeAtomic, writeOnce } from '../fs/atomic.ts';
import { createMutex, withLockFile } from '../fs/file-lock.ts';
import { currentVersion, noticeIdFor } from './catalogue-key.ts';
import {
  assertSha256,
  derivedJson,
  derivedKey,
  isNoticeId,
  isSha256,
  missingOriginal,
  missingVersion,
  storedFileName,
} from './names.ts';
import type { NoticeStore, SaveNoticeInput } from './types.ts';

/** sha-256 → the version saved from it, catalogue key → notice id. Rebuilt by a scan when missing. */
const FileIndex = z.object({
  shas: z.record(z.string(), z.object({ id: z.string(), version: z.int().positive() })),
  catalogues: z.record(z.string(), z.string()),
});
type FileIndex = z.infer<typeof FileIndex>;

/**
 * The embedded store of record: a directory, no server. Layout:
 * `originals/<sha[0:2]>/<sha>` (bytes) and `<sha>.json` (OriginalRef, written after the bytes), `notices/<id>/v<n>.json`
 * (StoredNotice), `derived/<key>.json`, `index.json` (FileIndex) and `.lock`. Every file is written atomically (temp
 * file + rename, or + link where the first writer must win). `saveNotice` and `setStatus` run one
 * at a time: through an in-process mutex, then an exclusive lock file shared with other processes.
 */
export function createFileStore(dir: string): NoticeStore {
  const paths = layout(resolve(dir));
  const mutex = createMutex();
  const exclusive = <T>(work: () => Promise<T>) =>
    mutex.run(async () => {
      await mkdir(paths.root, { recursive: true });
      return withLockFile(paths.lock, work);
    });

  const getOriginalRef = (sha256: string) =>
    isSha256(sha256) ? readJson(paths.originalRef(sha256), OriginalRef) : Promise.resolve(null);
  const readVersion = (id: string, version: number) =>
    isNoticeId(id) && Number.isInteger(version) && version > 0
      ? readJson(paths.version(id, version), StoredNoticeRead)
      : Promise.resolve(null);
  const writeVersion = (record: StoredNotice) =>
    writeAtomic(paths.version(record.id, record.version), `${JSON.stringify(record, null, 2)}\n`);

  async function readVersions(id: string): Promise<StoredNotice[]> {
    if (!isNoticeId(id)) return [];
    const names = (await readdir(paths.notice(id)).catch(orNull)) ?? [];
    const numbers = names.flatMap((name) => /^v([1-9]\d*)\.json$/.exec(name)?.[1] ?? []).map(Number);
    const records = await Promise.all(numbers.sort((a, b) => a - b).map((n) => readVersion(id, n)));
    return records.filter((record) => record !== null);
  }

  async function listIds(): Promise<string[]> {
    const names = (await readdir(paths.notices).catch(orNull)) ?? [];
    return names.filter(isNoticeId).sort();
  }

  /** The index on disk, or one rebuilt from the notice files when there is none yet. */
  async function loadIndex(): Promise<FileIndex> {
    const index = await readJson(paths.index, FileIndex);
    if (index) return index;
    let rebuilt: FileIndex = { shas: {}, catalogues: {} };
    for (const id of await listIds()) rebuilt = indexed(rebuilt, await readVersions(id));
    return rebuilt;
  }

  async function saveLocked(input: SaveNoticeInput, sourceFile: string, notice: Notice) {
    const { sha256, catalogueKey } = input;
    if (!(await getOriginalRef(sha256))) throw missingOriginal(sha256);
    const index = await loadIndex();
    const known = index.shas[sha256];
    const saved = known ? await readVersion(known.id, known.version) : null;
    if (saved) return { record: saved, created: false };

    const id = index.catalogues[catalogueKey] ?? noticeIdFor(catalogueKey, notice);
    const versions = await readVersions(id);
    // Saved before a crash kept the index from learning about it: repair the index, reuse it.
    const unindexed = versions.find((v) => v.sha256 === sha256);
    if (unindexed) {
      await writeAtomic(paths.index, JSON.stringify(indexed(index, versions)));
      return { record: unindexed, created: false };
    }

    const now = new Date().toISOString();
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    const draft = StoredNotice.parse({
      id,
      version,
      current: false,
      catalogueKey,
      sourceFile,
      sha256,
      status: 'stored',
      createdAt: now,
      updatedAt: now,
      notice,
    });
    const current = currentVersion([...versions, draft]);
    const record = { ...draft, current: version === current };
    await writeVersion(record);
    for (const v of versions) {
      if (v.current !== (v.version === current)) {
        await writeVersion({ ...v, current: v.version === current, updatedAt: now });
      }
    }
    await writeAtomic(paths.index, JSON.stringify(indexed(index, [record])));
    return { record, created: true };
  }

  return {
    async putOriginal(bytes, fileName) {
      const name = storedFileName(fileName);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const existing = await getOriginalRef(sha256);
      if (existing) return existing;
      await writeOnce(paths.original(sha256), bytes);
      const storedAt = new Date().toISOString();
      const ref = OriginalRef.parse({ sha256, fileName: name, bytes: bytes.byteLength, storedAt });
      if (await writeOnce(paths.originalRef(sha256), JSON.stringify(ref))) return ref;
      return OriginalRef.parse(await getOriginalRef(sha256));
    },
    getOriginal: (sha256) => (isSha256(sha256) ? readBytes(paths.original(sha256)) : Promise.resolve(null)),
    getOriginalRef,
    async listOriginals() {
      const shards = (await readdir(paths.originals).catch(orNull)) ?? [];
      const names = await Promise.all(
        shards.map(async (shard) =>
          ((await readdir(join(paths.originals, shard)).catch(orNull)) ?? []).sort(),
        ),
      );
      const shas = names.flat().flatMap((name) => /^([0-9a-f]{64})\.json$/.exec(name)?.[1] ?? []);
      const refs = (await Promise.all(shas.map(getOriginalRef))).filter((ref) => ref !== null);
      return refs.sort((a, b) => a.storedAt.localeCompare(b.storedAt) || a.sha256.localeCompare(b.sha256));
    },

    async saveNotice(input) {
      assertSha256(input.sha256);
      const sourceFile = storedFileName(input.sourceFile);
      const notice = Notice.parse(input.notice);
      return exclusive(() => saveLocked(input, sourceFile, notice));
    },
    async getNotice(id, version) {
      if (version !== undefined) return readVersion(id, version);
      return (await readVersions(id)).findLast((v) => v.current) ?? null;
    },
    async findBySha(sha256) {
      if (!isSha256(sha256)) return null;
      const known = (await loadIndex()).shas[sha256];
      return known ? readVersion(known.id, known.version) : null;
    },
    listVersions: readVersions,
    async listNotices(options = {}) {
      const records: StoredNotice[] = [];
      for (const id of await listIds()) records.push(...(await readVersions(id)));
      return options.currentOnly ? records.filter((r) => r.current) : records;
    },
    setStatus(id: string, version: number, status: RecordStatus) {
      return exclusive(async () => {
        const record = await readVersion(id, version);
        if (!record) throw missingVersion(id, version);
        await writeVersion({ ...record, status, updatedAt: new Date().toISOString() });
      });
    },
    putDerived: async (key, value) => writeAtomic(paths.derived(derivedKey(key)), derivedJson(key, value)),
    async getDerived(key) {
      const text = await readFile(paths.derived(derivedKey(key)), 'utf8').catch(orNull);
      return text === null ? null : (JSON.parse(text) as unknown);
    },
    /** Waits for queued writes; the store keeps no open handles. */
    close: () => mutex.run(async () => {}),
  };
}

/** `index` with these records' sha-256s and catalogue keys added. */
function indexed(index: FileIndex, records: StoredNotice[]): FileIndex {
  const shas = { ...index.shas };
  const catalogues = { ...index.catalogues };
  for (const { sha256, id, version, catalogueKey } of records) {
    shas[sha256] = { id, version };
    catalogues[catalogueKey] ??= id;
  }
  return { shas, catalogues };
}

function layout(root: string) {
  const originals = join(root, 'originals');
  const notices = join(root, 'notices');
  return {
    root,
    originals,
    notices,
    index: join(root, 'index.json'),
    lock: join(root, '.lock'),
    original: (sha256: string) => join(originals, sha256.slice(0, 2), sha256),
    originalRef: (sha256: string) => join(originals, sha256.slice(0, 2), `${sha256}.json`),
    notice: (id: string) => join(notices, id),
    version: (id: string, version: number) => join(notices, id, `v${version}.json`),
    derived: (key: string) => join(root, 'derived', `${key}.json`),
  };
}
