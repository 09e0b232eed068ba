import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobView } from '../../schemas/job.ts';
import { BadInputError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../formats/types.ts';
import { MESSAGES } from '../messages.ts';
import type { NoticeStore } from '../store/types.ts';
import type { IngestRunner } from './runner.ts';

/** Accepted upload file endings when a directory is ingested (the format itself is sniffed). */
const NOTICE_FILE = /\.(?:txt|md|html?|docx|pdf)$/i;

/** Longest stored upload name, in characters; longer names keep their start and their ending. */
const MAX_NAME_CHARS = 200;

/**
 * Stores an upload's original bytes (content-addressed), then submits its pipeline job. The
 * bytes are in the store before anything is queued, so a failed job never loses an upload.
 * The name is reduced to a safe base name first (see `uploadName`).
 */
export async function submitUpload(
  deps: { store: NoticeStore; runner: IngestRunner },
  bytes: Uint8Array,
  fileName: string,
): Promise<{ jobId: string; sha256: string; duplicate: boolean }> {
  const name = uploadName(fileName);
  if (bytes.byteLength > DEFAULT_LIMITS.maxBytes) {
    throw new BadInputError(
      name,
      'too-large',
      MESSAGES.overByteLimit(bytes.byteLength, DEFAULT_LIMITS.maxBytes),
    );
  }
  const original = await deps.store.putOriginal(bytes, name);
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
    throw new BadInputError(path, 'too-large', MESSAGES.overByteLimit(info.size, DEFAULT_LIMITS.maxBytes));
  }
  return new Uint8Array(await readFile(path));
}

/** Files named on the command line, with directories expanded to the notice files inside them (sorted). */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new BadInputError(path, 'malformed', MESSAGES.noSuchFileOrDirectory());
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((entry) => entry.isFile() && NOTICE_FILE.test(entry.name) && !entry.name.startsWith('.'))
        .map((entry) => join(entry.parentPath, entry.name));
      for (const file of found.sort()) files.push(file);
    } else files.push(path);
  }
  return files;
}

/**
 * The name an upload is stored and reported under: its base name after the last `/` or `\\`
 * (`../../etc/passwd.docx` → `passwd.docx`), without control or bidi-override characters (which
 * would break one-line messages or disguise the ending), at most MAX_NAME_CHARS characters;
 * `upload` when nothing is left. Emoji and CJK are kept.
 */
export function uploadName(fileName: string): string {
  const base = (fileName.split(/[\\/]/).at(-1) ?? '').replace(UNSAFE_NAME_CHARS, '').trim();
  if (base === '' || base === '.' || base === '..') return 'upload';
  const chars = Array.from(base);
  if (chars.length <= MAX_NAME_CHARS) return base;
  const ending = /\.[^.]{1,16}$/u.exec(base)?.[0] ?? '';
  return chars.slice(0, MAX_NAME_CHARS - Array.from(ending).length).join('') + ending;
}

/** C0/C1 controls, and the bidi embeddings/overrides/isolates that can reverse a name on screen. */
const UNSAFE_NAME_CHARS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A job as the uploader of `fileName` sees it. The same bytes make one job, named after the
 * first upload: sent again under another name, its failure would speak of that earlier file
 * (`scan.pdf: …` for `noise.bin`). Here it speaks of theirs and says which upload it matched.
 */
export function jobAsUploaded(view: JobView, fileName: string): JobView {
  const name = uploadName(fileName);
  if (view.fileName === name) return view;
  const prefix = `${view.fileName}: `;
  const error =
    view.error === undefined
      ? undefined
      : `${view.error.startsWith(prefix) ? `${name}: ${view.error.slice(prefix.length)}` : view.error}（与此前上传的“${view.fileName}”内容相同）`;
  return { ...view, fileName: name, ...(error !== undefined && { error }) };
}
