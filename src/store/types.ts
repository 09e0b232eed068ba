import type { Notice } from '../../schemas/notice.ts';
import type { Reviewed } from '../../schemas/review.ts';
import type { OriginalRef, RecordStatus, Rendition, StoredNotice } from '../../schemas/store.ts';

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
   * Saves the notice extracted from original `sha256` as a new version of the notice
   * `catalogueKey` identifies (src/store/identity.ts), as a rendition of one of its versions when
   * the content (or the notice in another format) is already there, or returns the existing
   * record when these bytes were saved before. Assigns version numbers and the current flag
   * atomically.
   * The original must have been stored with `putOriginal` first (else this throws);
   * `sourceFile` is reduced to its base name like `putOriginal`'s `fileName`.
   */
  saveNotice(input: SaveNoticeInput): Promise<SaveResult>;
  /** The given version, or the current one. */
  getNotice(id: string, version?: number): Promise<StoredNotice | null>;
  findBySha(sha256: string): Promise<StoredNotice | null>;
  /** All versions of one notice, oldest first. */
  listVersions(id: string): Promise<StoredNotice[]>;
  /** Every stored version (or only current ones), ordered by id then version. */
  listNotices(options?: { currentOnly?: boolean }): Promise<StoredNotice[]>;
  /**
   * Migration (`policy-kb reindex --renditions`): version `version` of notice `id` becomes a
   * rendition of version `into` (the same notice saved from another format before renditions
   * existed), with what it gave otherwise. Its file stays stored; it is no longer a version, its
   * bytes find `into`, and the current version is chosen again. No-op when already folded.
   */
  foldVersion(
    id: string,
    version: number,
    into: number,
    differences: Rendition['differences'],
  ): Promise<void>;
  /**
   * Migration: `key` (an identity by 文号 or title, src/store/identity.ts) names notice `id`
   * too, so a later upload of that notice joins it instead of starting a new one. The first
   * notice a key was given to keeps it. True when the key was added.
   */
  addIdentity(key: string, id: string): Promise<boolean>;
  /**
   * Appends one entry to a durable journal of the knowledge base: `audit` (who changed what) or
   * `header-aliases` (column mappings reviewers confirmed). Entries are JSON, validated by the caller.
   */
  appendEntry(journal: Journal, entry: unknown): Promise<void>;
  /** A journal's entries, oldest first. */
  listEntries(journal: Journal): Promise<unknown[]>;
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

/**
 * What a save did: `created` a new version; or found the version these bytes made before
 * (neither flag); or added them as another `rendition` of an existing version (the same notice
 * read from another file: see src/store/identity.ts). `record` is the version either way.
 */
export interface SaveResult {
  record: StoredNotice;
  created: boolean;
  rendition: boolean;
}

export type Journal = 'audit' | 'header-aliases';

export interface SaveNoticeInput {
  notice: Notice;
  sha256: string;
  catalogueKey: string;
  sourceFile: string;
  /**
   * A reviewed version (its original is the reviewer's corrections as JSON): always a new
   * version of the notice, never a rendition, and never one an upload becomes a rendition of.
   */
  reviewed?: Reviewed;
}
