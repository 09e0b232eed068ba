import type { Notice } from '../../schemas/notice.ts';
import type { OriginalRef, RecordStatus, StoredNotice } from '../../schemas/store.ts';

/**
 * The store of record: original uploads (content-addressed by sha-256) and the versioned
 * normalized notices. Two adapters: `files` (embedded default, a directory) and `postgres`.
 * Callers never touch the underlying files or tables directly; everything goes through here.
 */
export interface NoticeStore {
  /**
   * Stores an upload's bytes under their sha-256 before any processing; idempotent (the first
   * upload's ref is kept). `fileName` is reduced to its base name; a name with `..` segments or
   * none at all is refused with a BadInputError.
   */
  putOriginal(bytes: Uint8Array, fileName: string): Promise<OriginalRef>;
  getOriginal(sha256: string): Promise<Uint8Array | null>;
  getOriginalRef(sha256: string): Promise<OriginalRef | null>;
  /** Every stored original's ref, oldest first (by `storedAt`, then sha-256). */
  listOriginals(): Promise<OriginalRef[]>;
  /**
   * Saves the notice extracted from original `sha256` as a new version of its catalogue
   * (`catalogueKey`), or returns the existing record when these bytes were saved before
   * (`created: false`). Assigns version numbers and the current flag atomically.
   * The original must have been stored with `putOriginal` first (else this throws);
   * `sourceFile` is reduced to its base name like `putOriginal`'s `fileName`.
   */
  saveNotice(input: SaveNoticeInput): Promise<{ record: StoredNotice; created: boolean }>;
  /** The given version, or the current one. */
  getNotice(id: string, version?: number): Promise<StoredNotice | null>;
  findBySha(sha256: string): Promise<StoredNotice | null>;
  /** All versions of one notice, oldest first. */
  listVersions(id: string): Promise<StoredNotice[]>;
  /** Every stored version (or only current ones), ordered by id then version. */
  listNotices(options?: { currentOnly?: boolean }): Promise<StoredNotice[]>;
  /** Throws when that version does not exist. */
  setStatus(id: string, version: number, status: RecordStatus): Promise<void>;
  /**
   * Stores derived data (a comparison, the coverage matrix …) under `key`, replacing what was
   * there, atomically: a reader sees the old value or the new one, never a mix. `key` is a plain
   * name (letters, digits, `_`, `-`, `.`; not starting with `.`); anything else is refused.
   * `value` must be JSON-serializable; it is read back as parsed JSON.
   */
  putDerived(key: string, value: unknown): Promise<void>;
  /** The derived data stored under `key`, or null when there is none. */
  getDerived(key: string): Promise<unknown | null>;
  /** Waits for pending writes and releases connections; callers must not use the store afterwards. */
  close(): Promise<void>;
}

export interface SaveNoticeInput {
  notice: Notice;
  sha256: string;
  catalogueKey: string;
  sourceFile: string;
}
