import { createHash } from 'node:crypto';
import { appendFile, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Notice } from '../../schemas/notice.ts';
import { OriginalRef, type RecordStatus, StoredNotice, StoredNoticeRead } from '../../schemas/store.ts';
import { appendDurably, orNull, readBytes, readJson, writeAtomic, writeOnce } from '../fs/atomic.ts';
import { createMutex, withLockFile } from '../fs/file-lock.ts';
import { noticeIdFor } from './catalogue-key.ts';
import {
  contentKey,
  placeUpload,
  primaryRendition,
  renditionDifferences,
  renditionName,
} from './identity.ts';
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
import {
  logLine,
  parseLogLines,
  type RenditionEntry,
  renditionOf,
  type VersionEntry,
  VersionLog,
} from './version-log.ts';

/**
 * The embedded store of record: a directory, no server. Layout:
 * `originals/<sha[0:2]>/<sha>` (bytes) and `<sha>.json` (OriginalRef, written after the bytes), `notices/<id>/v<n>.json`
 * (StoredNotice), `versions.jsonl` (the version log, see version-log.ts), `derived/<key>.json` and `.lock`. Files
 * are written atomically (temp file + rename, or + link where the first writer must win); the log is only
 * appended to, a complete line at a time. `saveNotice` and `setStatus` run one at a time: through an in-process
 * mutex, then an exclusive lock file shared with other processes. Which version is current is the log's answer,
 * never a flag read from a notice file, so a save touches its own file and the one version it demotes — nothing
 * else, however many versions the knowledge base holds.
 */
export function createFileStore(dir: string): NoticeStore {
  const paths = layout(resolve(dir));
  const mutex = createMutex();
  const exclusive = <T>(work: () => Promise<T>) =>
    // the lock file's write makes the store's directory when it is missing
    mutex.run(() => withLockFile(paths.lock, work));

  let log = new VersionLog();
  /** Bytes of `versions.jsonl` replayed into `log`; -1 until the log was first opened. */
  let replayed = -1;
  /** Drops what was replayed and parsed: the log on disk is not the one it came from. */
  const forget = () => {
    log = new VersionLog();
    replayed = -1;
    parsed.clear();
  };

  /**
   * Catches up with the log: replays the lines other processes appended since the last call (a
   * stat when there are none). A store without a log (empty, or written before the log existed)
   * gets one built from its notice files, under the lock.
   */
  async function syncLog(lockHeld = false): Promise<VersionLog> {
    const size = (await stat(paths.log).catch(orNull))?.size;
    if (size === undefined) {
      // the directory was emptied under this process (a reset): what it remembered is gone too
      if (replayed > 0) forget();
      if ((await listIds()).length === 0) return log;
      await (lockHeld ? migrateToLog() : exclusive(migrateToLog));
      return syncLog(lockHeld);
    }
    // replaced by a rebuild in another process: start over
    if (size < replayed) forget();
    if (size === replayed) return log;
    const from = Math.max(replayed, 0);
    const handle = await open(paths.log, 'r');
    try {
      const buffer = Buffer.alloc(size - from);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
      const { entries, consumed } = parseLogLines(buffer.subarray(0, bytesRead));
      for (const entry of entries) log.apply(entry);
      replayed = from + consumed;
    } finally {
      await handle.close();
    }
    return log;
  }

  /**
   * Writes the log of a store that has notice files but no log (written before the log existed,
   * with the manifest `index.json` it replaces). Call holding the lock.
   */
  async function migrateToLog(): Promise<void> {
    if (await stat(paths.log).catch(orNull)) return;
    const lines: string[] = [];
    for (const id of await listIds()) {
      for (const record of await readVersionFiles(id)) lines.push(logLine(entryOf(record)));
    }
    await writeAtomic(paths.log, lines.join(''));
    await unlink(join(paths.root, 'index.json')).catch(() => {});
  }

  const getOriginalRef = (sha256: string) =>
    isSha256(sha256) ? readJson(paths.originalRef(sha256), OriginalRef) : Promise.resolve(null);
  const readFileVersion = (id: string, version: number) =>
    isNoticeId(id) && Number.isInteger(version) && version > 0
      ? readJson(paths.version(id, version), StoredNoticeRead)
      : Promise.resolve(null);
  /**
   * Parsed versions the log knows, by `id@version`, most recently used last. A version's file
   * never changes once its log line is written (what changes — current, status — comes from the
   * log), so a parsed copy stays right; reading and validating the file is most of a lookup.
   */
  const parsed = new Map<string, StoredNotice>();
  const remember = (record: StoredNotice) => {
    const key = `${record.id}@${record.version}`;
    parsed.delete(key);
    parsed.set(key, record);
    if (parsed.size > PARSED_VERSIONS) parsed.delete(parsed.keys().next().value as string);
  };
  /** A version as stored, with the log's answer to whether it is current and its status. */
  const readVersion = async (
    id: string,
    version: number,
    versions?: VersionLog,
  ): Promise<StoredNotice | null> => {
    const log = versions ?? (await syncLog());
    const key = `${id}@${version}`;
    let record = parsed.get(key);
    if (!record) {
      record = (await readFileVersion(id, version)) ?? undefined;
      if (!record) return null;
    }
    if (log.has(id, version)) remember(record);
    const current = log.current(id) === version;
    const renditions = [primaryRendition(record), ...log.renditions(id, version).map(renditionOf)];
    const changed = log.status(id, version);
    if (!changed) return { ...record, current, renditions };
    // ISO times of one format compare as strings
    const updatedAt = [changed.at, record.updatedAt].sort().at(-1) ?? record.updatedAt;
    return { ...record, current, renditions, status: changed.status, updatedAt };
  };
  const writeVersion = (record: StoredNotice, options: { sync?: boolean } = {}) =>
    writeAtomic(paths.version(record.id, record.version), `${JSON.stringify(record, null, 2)}\n`, options);

  async function readVersions(id: string): Promise<StoredNotice[]> {
    if (!isNoticeId(id)) return [];
    const versions = await syncLog();
    const records = await Promise.all(versions.versions(id).map((n) => readVersion(id, n, versions)));
    return records.filter((record) => record !== null);
  }

  /** The version files of one notice directory, whatever the log says (migration only). */
  async function readVersionFiles(id: string): Promise<StoredNotice[]> {
    const names = (await readdir(paths.notice(id)).catch(orNull)) ?? [];
    const numbers = names.flatMap((name) => /^v([1-9]\d*)\.json$/.exec(name)?.[1] ?? []).map(Number);
    const records = await Promise.all(numbers.sort((a, b) => a - b).map((n) => readFileVersion(id, n)));
    return records.filter((record) => record !== null);
  }

  async function listIds(): Promise<string[]> {
    const names = (await readdir(paths.notices).catch(orNull)) ?? [];
    return names.filter(isNoticeId).sort();
  }

  async function saveLocked(input: SaveNoticeInput, sourceFile: string, notice: Notice) {
    const { sha256, catalogueKey } = input;
    if (!(await getOriginalRef(sha256))) throw missingOriginal(sha256);
    const versions = await syncLog(true);
    const known = versions.bySha256(sha256);
    const saved = known ? await readVersion(known.id, known.version) : null;
    if (saved) return { record: saved, created: false, rendition: false };

    const id = versions.idOfCatalogue(catalogueKey) ?? noticeIdFor(catalogueKey, notice);
    const now = new Date().toISOString();
    const content = contentKey(notice);
    const format = notice.source?.format ?? 'unknown';
    const placement = input.reviewed
      ? ({ kind: 'new-version' } as const)
      : placeUpload(versions.facts(id), {
          contentKey: content,
          issuedOn: notice.meta.issuedOn,
          format,
        });
    const target = placement.kind === 'rendition' ? await readVersion(id, placement.version, versions) : null;
    if (placement.kind === 'rendition' && target) {
      const rendition: RenditionEntry = {
        t: 'rendition',
        id,
        version: target.version,
        sha256,
        sourceFile,
        format,
        at: now,
        differences: placement.sameContent
          ? []
          : renditionDifferences(target.notice, notice, renditionName(format)),
      };
      await appendDurably(paths.log, logLine(rendition));
      const record = await readVersion(id, target.version, await syncLog(true));
      return { record: StoredNotice.parse(record), created: false, rendition: true };
    }
    const version = versions.nextVersion(id);
    const entry: VersionEntry = {
      t: 'version',
      id,
      version,
      sha256,
      catalogueKey,
      issuedOn: notice.meta.issuedOn,
      createdAt: now,
      contentKey: content,
      format: input.reviewed ? 'review' : format,
      ...(input.reviewed && { reviewed: true as const }),
    };
    const demoted = versions.current(id);
    const current = versions.currentWith(entry);
    const record = StoredNotice.parse({
      id,
      version,
      current: version === current,
      catalogueKey,
      sourceFile,
      sha256,
      status: 'stored',
      createdAt: now,
      updatedAt: now,
      notice,
      reviewed: input.reviewed ?? null,
    });
    // The file first, then its log line: a crash between them leaves a file no line names, which
    // the next save of this catalogue overwrites (it gets the same version number).
    await writeVersion(record);
    await appendDurably(paths.log, logLine(entry));
    await syncLog(true);
    remember(record);
    // Keeps the demoted version's file truthful for a person reading it; readers ask the log.
    if (demoted !== null && demoted !== current) {
      const old = await readFileVersion(id, demoted);
      if (old?.current) {
        const updated = { ...old, current: false, updatedAt: now };
        await writeVersion(updated, { sync: false });
        remember(updated);
      }
    }
    return { record: { ...record, renditions: [primaryRendition(record)] }, created: true, rendition: false };
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
      const current = isNoticeId(id) ? (await syncLog()).current(id) : null;
      return current === null ? null : readVersion(id, current);
    },
    async findBySha(sha256) {
      if (!isSha256(sha256)) return null;
      const known = (await syncLog()).bySha256(sha256);
      return known ? readVersion(known.id, known.version) : null;
    },
    listVersions: readVersions,
    async listNotices(options = {}) {
      const versions = await syncLog();
      const records: StoredNotice[] = [];
      for (const id of versions.ids()) {
        if (!options.currentOnly) records.push(...(await readVersions(id)));
        else {
          const current = versions.current(id);
          const record = current === null ? null : await readVersion(id, current, versions);
          if (record) records.push(record);
        }
      }
      return records;
    },
    async foldVersion(id, version, into, differences) {
      await exclusive(async () => {
        const versions = await syncLog(true);
        if (!versions.has(id, version) || !versions.has(id, into) || version === into) return;
        const folded = await readVersion(id, version, versions);
        if (!folded) throw missingVersion(id, version);
        const entry = {
          t: 'fold' as const,
          id,
          version,
          into,
          sourceFile: folded.sourceFile,
          format: folded.notice.source?.format ?? 'unknown',
          at: folded.createdAt,
          differences,
        };
        await appendDurably(paths.log, logLine(entry));
        await syncLog(true);
      });
    },
    addIdentity: (key, id) =>
      exclusive(async () => {
        const versions = await syncLog(true);
        if (versions.idOfCatalogue(key) !== undefined || versions.current(id) === null) return false;
        await appendDurably(paths.log, logLine({ t: 'key', id, catalogueKey: key }));
        await syncLog(true);
        return true;
      }),
    /**
     * A status line in the log, not a rewrite of the version's file. Not synced: a status lost
     * in a power cut is `stored` again, and `reindex --pending` indexes that version once more.
     */
    async setStatus(id: string, version: number, status: RecordStatus) {
      if (!isNoticeId(id) || !(await syncLog()).has(id, version)) throw missingVersion(id, version);
      // one write() of one line with O_APPEND: lines of several processes never interleave
      const at = new Date().toISOString();
      await appendFile(paths.log, logLine({ t: 'status', id, version, status, at }));
    },
    /** One line per entry, appended and synced: a review or a learned mapping is a decision, not derived. */
    appendEntry: (journal, entry) =>
      mutex.run(() => appendDurably(paths.journal(journal), `${JSON.stringify(entry)}\n`)),
    async listEntries(journal) {
      const text = await readFile(paths.journal(journal), 'utf8').catch(orNull);
      // a line a crash cut short has no newline yet: not an entry
      return (text ?? '')
        .split('\n')
        .slice(0, -1)
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as unknown);
    },
    /** Derived data is recomputed from the notices when missing, so it is written without a sync. */
    putDerived: async (key, value) =>
      writeAtomic(paths.derived(derivedKey(key)), derivedJson(key, value), { sync: false }),
    async getDerived(key) {
      const text = await readFile(paths.derived(derivedKey(key)), 'utf8').catch(orNull);
      // empty: renamed before its data reached the disk (a power cut), the same as missing
      return text === null || text === '' ? null : (JSON.parse(text) as unknown);
    },
    /** Waits for queued writes; the store keeps no open handles. */
    close: () => mutex.run(async () => {}),
  };
}

/** The log entry of a version read from its file (migration). */
function entryOf(record: StoredNotice): VersionEntry {
  const { id, version, sha256, catalogueKey, createdAt } = record;
  const issuedOn = record.notice.meta.issuedOn;
  const format = record.notice.source?.format;
  return {
    t: 'version',
    id,
    version,
    sha256,
    catalogueKey,
    issuedOn,
    createdAt,
    contentKey: contentKey(record.notice),
    ...(format && { format }),
  };
}

/** Parsed versions kept per store: every current catalogue of a large knowledge base, a few MB each thousand. */
const PARSED_VERSIONS = 4096;

function layout(root: string) {
  const originals = join(root, 'originals');
  const notices = join(root, 'notices');
  return {
    root,
    originals,
    notices,
    log: join(root, 'versions.jsonl'),
    lock: join(root, '.lock'),
    original: (sha256: string) => join(originals, sha256.slice(0, 2), sha256),
    originalRef: (sha256: string) => join(originals, sha256.slice(0, 2), `${sha256}.json`),
    notice: (id: string) => join(notices, id),
    version: (id: string, version: number) => join(notices, id, `v${version}.json`),
    derived: (key: string) => join(root, 'derived', `${key}.json`),
    journal: (name: string) => join(root, `${name}.jsonl`),
  };
}
