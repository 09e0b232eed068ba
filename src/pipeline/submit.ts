import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BadInputError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../formats/types.ts';
import type { NoticeStore } from '../store/types.ts';
import type { IngestRunner } from './runner.ts';

/** Accepted upload file endings when a directory is ingested (the format itself is sniffed). */
const NOTICE_FILE = /\.(?:txt|md|html?|docx|pdf)$/i;

/**
 * Stores an upload's original bytes (content-addressed), then submits its pipeline job. The
 * bytes are in the store before anything is queued, so a failed job never loses an upload.
 */
export async function submitUpload(
  deps: { store: NoticeStore; runner: IngestRunner },
  bytes: Uint8Array,
  fileName: string,
): Promise<{ jobId: string; sha256: string; duplicate: boolean }> {
  if (bytes.byteLength > DEFAULT_LIMITS.maxBytes) {
    throw new BadInputError(
      fileName,
      'too-large',
      `${bytes.byteLength} bytes is over the ${DEFAULT_LIMITS.maxBytes}-byte limit`,
    );
  }
  const original = await deps.store.putOriginal(bytes, basename(fileName));
  const { jobId, duplicate } = await deps.runner.submit({
    sha256: original.sha256,
    fileName: original.fileName,
  });
  return { jobId, sha256: original.sha256, duplicate };
}

/** Reads a file for ingestion, refusing it by its size before reading it. */
export async function readUploadFile(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  if (info.size > DEFAULT_LIMITS.maxBytes) {
    throw new BadInputError(
      path,
      'too-large',
      `${info.size} bytes is over the ${DEFAULT_LIMITS.maxBytes}-byte limit`,
    );
  }
  return new Uint8Array(await readFile(path));
}

/** Files named on the command line, with directories expanded to the notice files inside them (sorted). */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new BadInputError(path, 'malformed', 'no such file or directory');
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((entry) => entry.isFile() && NOTICE_FILE.test(entry.name) && !entry.name.startsWith('.'))
        .map((entry) => join(entry.parentPath, entry.name));
      files.push(...found.sort());
    } else files.push(path);
  }
  return files;
}
