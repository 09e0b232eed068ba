/**
 * The embedded store's version log (`versions.jsonl`): one line per saved notice version and one
 * per status change, never rewritten, only appended. Replaying it gives everything a save or a lookup needs — which
 * version these bytes made, which notice a catalogue key belongs to, the next version number,
 * which version is current — without opening a single notice file, so saving the 100,000th
 * notice costs what saving the first did (the manifest it replaces was rewritten whole on every
 * save, and each save read every version of its catalogue).
 */
import { z } from 'zod';
import { RecordStatus, type Rendition, RenditionDifference } from '../../schemas/store.ts';
import { currentVersion } from './catalogue-key.ts';
import type { VersionFacts } from './identity.ts';

/** One saved version, as the log records it: what identifies it and what decides the current one. */
export const VersionEntry = z.object({
  t: z.literal('version'),
  id: z.string(),
  version: z.int().positive(),
  sha256: z.string(),
  catalogueKey: z.string(),
  /** The notice's issue date (`meta.issuedOn`), which ranks versions before `createdAt`. */
  issuedOn: z.string().nullable(),
  createdAt: z.string(),
  /** The version's content (src/store/identity.ts); absent in lines written before renditions. */
  contentKey: z.string().optional(),
  /** The format of the file it was made from; absent in lines written before renditions. */
  format: z.string().optional(),
  /** A reviewed version: uploads are never placed into it as renditions. */
  reviewed: z.literal(true).optional(),
});
export type VersionEntry = z.infer<typeof VersionEntry>;

/** Another file giving an existing version (the same notice as PDF after its DOCX …). */
export const RenditionEntry = z.object({
  t: z.literal('rendition'),
  id: z.string(),
  version: z.int().positive(),
  sha256: z.string(),
  sourceFile: z.string(),
  format: z.string(),
  at: z.string(),
  differences: z.array(RenditionDifference),
});
export type RenditionEntry = z.infer<typeof RenditionEntry>;

/**
 * A version's new status (`indexed` once searchable): a line instead of rewriting the version's
 * file, which holds the whole notice.
 */
export const StatusEntry = z.object({
  t: z.literal('status'),
  id: z.string(),
  version: z.int().positive(),
  status: RecordStatus,
  /** When it changed: the version's `updatedAt` from then on. */
  at: z.string(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;

/**
 * Migration: version `version` was the same notice as version `into` (saved before renditions
 * existed, from another format): from here on it is one of `into`'s renditions, not a version.
 */
export const FoldEntry = z.object({
  t: z.literal('fold'),
  id: z.string(),
  version: z.int().positive(),
  into: z.int().positive(),
  sourceFile: z.string(),
  format: z.string(),
  at: z.string(),
  differences: z.array(RenditionDifference),
});
export type FoldEntry = z.infer<typeof FoldEntry>;

/** Migration: a further identity key naming notice `id` (its key by 文号, for a notice saved under its catalogue kind). */
export const KeyEntry = z.object({ t: z.literal('key'), id: z.string(), catalogueKey: z.string() });
export type KeyEntry = z.infer<typeof KeyEntry>;

export const LogEntry = z.discriminatedUnion('t', [
  VersionEntry,
  StatusEntry,
  RenditionEntry,
  FoldEntry,
  KeyEntry,
]);
export type LogEntry = z.infer<typeof LogEntry>;

/**
 * One notice's versions. The current one is kept as versions arrive (the newest by issue date,
 * then by save time, is a running maximum), so neither a save nor a lookup walks the others.
 */
interface CatalogueVersions {
  numbers: Set<number>;
  latest: number;
  current: VersionEntry;
}

/** The log replayed into lookups; `apply` is the only way it changes. */
export class VersionLog {
  private readonly bySha = new Map<string, VersionEntry>();
  private readonly byCatalogue = new Map<string, string>();
  private readonly byId = new Map<string, CatalogueVersions>();
  private readonly statuses = new Map<string, { status: RecordStatus; at: string }>();
  private readonly versionEntries = new Map<string, VersionEntry>();
  private readonly renditionEntries = new Map<string, RenditionEntry[]>();

  apply(entry: LogEntry): void {
    if (entry.t === 'status') {
      this.statuses.set(`${entry.id}@${entry.version}`, { status: entry.status, at: entry.at });
      return;
    }
    if (entry.t === 'rendition') {
      const key = `${entry.id}@${entry.version}`;
      const version = this.versionEntries.get(key);
      if (!version || this.bySha.has(entry.sha256)) return;
      this.bySha.set(entry.sha256, version);
      this.renditionEntries.set(key, [...(this.renditionEntries.get(key) ?? []), entry]);
      return;
    }
    if (entry.t === 'key') {
      if (!this.byCatalogue.has(entry.catalogueKey)) this.byCatalogue.set(entry.catalogueKey, entry.id);
      return;
    }
    if (entry.t === 'fold') {
      this.fold(entry);
      return;
    }
    if (this.bySha.has(entry.sha256)) return;
    this.bySha.set(entry.sha256, entry);
    this.versionEntries.set(`${entry.id}@${entry.version}`, entry);
    if (!this.byCatalogue.has(entry.catalogueKey)) this.byCatalogue.set(entry.catalogueKey, entry.id);
    const versions = this.byId.get(entry.id);
    if (!versions) {
      this.byId.set(entry.id, { numbers: new Set([entry.version]), latest: entry.version, current: entry });
      return;
    }
    versions.numbers.add(entry.version);
    versions.latest = Math.max(versions.latest, entry.version);
    if (currentOf(versions.current, entry) === entry.version) versions.current = entry;
  }

  /** A version becomes a rendition of another: its bytes find that version, and the current one is chosen again. */
  private fold(entry: FoldEntry): void {
    const versions = this.byId.get(entry.id);
    const folded = this.versionEntries.get(`${entry.id}@${entry.version}`);
    const into = this.versionEntries.get(`${entry.id}@${entry.into}`);
    if (!versions || !folded || !into || !versions.numbers.has(entry.version) || entry.version === entry.into)
      return;
    versions.numbers.delete(entry.version);
    this.bySha.set(folded.sha256, into);
    const key = `${entry.id}@${entry.into}`;
    const { sourceFile, format, at, differences } = entry;
    const rendition: RenditionEntry = {
      t: 'rendition',
      id: entry.id,
      version: entry.into,
      sha256: folded.sha256,
      sourceFile,
      format,
      at,
      differences,
    };
    this.renditionEntries.set(key, [...(this.renditionEntries.get(key) ?? []), rendition]);
    let current: VersionEntry | null = null;
    for (const number of [...versions.numbers].sort((a, b) => a - b)) {
      const candidate = this.versionEntries.get(`${entry.id}@${number}`) as VersionEntry;
      if (!current || currentOf(current, candidate) === candidate.version) current = candidate;
    }
    if (current) versions.current = current;
  }

  /** The renditions logged for a version after the file it was made from. */
  renditions(id: string, version: number): readonly RenditionEntry[] {
    return this.renditionEntries.get(`${id}@${version}`) ?? [];
  }

  /** Each version of notice `id` as the rule that places an upload sees it (src/store/identity.ts). */
  facts(id: string): VersionFacts[] {
    return this.versions(id).flatMap((version) => {
      const entry = this.versionEntries.get(`${id}@${version}`);
      if (!entry || entry.reviewed) return [];
      const formats = [entry.format, ...this.renditions(id, version).map((r) => r.format)];
      return [
        {
          version,
          contentKey: entry.contentKey ?? null,
          issuedOn: entry.issuedOn,
          formats: formats.filter((f) => f !== undefined),
        },
      ];
    });
  }

  /** The version a file's bytes made, or the version they are a rendition of. */
  bySha256(sha256: string): VersionEntry | undefined {
    return this.bySha.get(sha256);
  }

  idOfCatalogue(catalogueKey: string): string | undefined {
    return this.byCatalogue.get(catalogueKey);
  }

  /** The version number the next save of notice `id` gets. */
  nextVersion(id: string): number {
    return (this.byId.get(id)?.latest ?? 0) + 1;
  }

  /** The status the log last recorded for a version, if any (else its file's). */
  status(id: string, version: number): { status: RecordStatus; at: string } | undefined {
    return this.statuses.get(`${id}@${version}`);
  }

  has(id: string, version: number): boolean {
    return this.byId.get(id)?.numbers.has(version) ?? false;
  }

  current(id: string): number | null {
    return this.byId.get(id)?.current.version ?? null;
  }

  /** Which version would be current if `entry` were saved too (nothing changes). */
  currentWith(entry: VersionEntry): number | null {
    const current = this.byId.get(entry.id)?.current;
    return current ? currentOf(current, entry) : entry.version;
  }

  /** Version numbers of notice `id`, ascending. */
  versions(id: string): number[] {
    return [...(this.byId.get(id)?.numbers ?? [])].sort((a, b) => a - b);
  }

  /** Every notice id, sorted. */
  ids(): string[] {
    return [...this.byId.keys()].sort();
  }
}

/** The current of the two (`later` saved after `current`): the project's one rule, `currentVersion`. */
function currentOf(current: VersionEntry, later: VersionEntry): number | null {
  return currentVersion(
    [current, later].map((e) => ({
      version: e.version,
      createdAt: e.createdAt,
      notice: { meta: { issuedOn: e.issuedOn } },
    })),
  );
}

/** The log line of one entry. */
export function logLine(entry: LogEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/**
 * The complete lines of `bytes` (a writer may be mid-line at the end) as entries, and how many
 * bytes they span. A line that is not an entry throws: the log is ours, damage must be seen.
 */
export function parseLogLines(bytes: Buffer): { entries: LogEntry[]; consumed: number } {
  const consumed = bytes.lastIndexOf(0x0a) + 1;
  if (consumed === 0) return { entries: [], consumed: 0 };
  const entries: LogEntry[] = [];
  for (const line of bytes.toString('utf8', 0, consumed).split('\n')) {
    if (line.length > 0) entries.push(LogEntry.parse(JSON.parse(line)));
  }
  return { entries, consumed };
}

/** A logged rendition as the record shows it. */
export function renditionOf(entry: RenditionEntry): Rendition {
  const { sha256, sourceFile, format, at, differences } = entry;
  return { sha256, sourceFile, format, storedAt: at, differences };
}
