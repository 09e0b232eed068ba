import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DocumentModel } from '../../schemas/document.ts';
import { Notice } from '../../schemas/notice.ts';
import { BadInputError } from '../../src/errors.ts';
import { extractFile } from '../../src/extract/from-file.ts';
import { extractNotice } from '../../src/extract/notice.ts';
import { readDocument } from '../../src/formats/index.ts';
import { caseBytes, type HostileCase } from './corpus.ts';

/** What running one case gave: its error or a summary of the notice, the time and heap it took. */
export interface CaseOutcome {
  id: string;
  /** The name the file was read under (a path for `sparseBytes` cases). */
  fileName: string;
  ms: number;
  /** Heap still in use after the case (after a full GC), minus before, MiB. */
  retainedMb: number;
  error?: { name: string; code?: string; message: string };
  notice?: {
    format: string;
    encoding: string | null;
    items: number;
    columns: number | null;
    articles: number;
    warnings: string[];
    /** The notice's JSON, when under 1 MiB. */
    json: string | null;
  };
  /** The document's text (paragraphs, headings and cells), first 256 KiB. */
  text?: string;
}

const gc = exposeGc();

/**
 * Reads a case the way the ingest stages do (read → extract → schema check) and summarizes
 * the result. Errors are caught and described; nothing is thrown for a bad file.
 */
export async function runCase(hostile: HostileCase): Promise<CaseOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), 'policy-kb-hostile-'));
  try {
    const bytes = hostile.sparseBytes ? null : await caseBytes(hostile);
    const fileName = bytes ? hostile.fileName : join(scratch, hostile.fileName);
    if (!bytes) {
      writeFileSync(fileName, '');
      truncateSync(fileName, hostile.sparseBytes);
    }
    gc();
    const before = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = await read(bytes, fileName);
    const ms = performance.now() - start;
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    return { id: hostile.id, fileName, ms, retainedMb, ...result };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function read(
  bytes: Buffer | null,
  fileName: string,
): Promise<Pick<CaseOutcome, 'error' | 'notice' | 'text'>> {
  try {
    if (!bytes) return summarize(await extractFile(fileName), null);
    const document = await readDocument(bytes, fileName);
    const notice = Notice.parse(
      extractNotice(document, {
        file: fileName,
        format: document.format,
        encoding: document.encoding,
        sha256: '0'.repeat(64),
        bytes: bytes.length,
      }),
    );
    return summarize(notice, document);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return { error: { name, message, ...(error instanceof BadInputError ? { code: error.code } : {}) } };
  }
}

function summarize(notice: Notice, document: DocumentModel | null): Pick<CaseOutcome, 'notice' | 'text'> {
  const json = JSON.stringify(notice);
  const text = (document?.blocks ?? [])
    .map((block) =>
      block.kind === 'table' ? block.table.cells.map((cell) => cell.text).join('\t') : block.text,
    )
    .join('\n');
  return {
    notice: {
      format: notice.source?.format ?? '',
      encoding: notice.source?.encoding ?? null,
      items: notice.tables.reduce((count, table) => count + table.items.length, 0),
      columns: notice.tables[0]?.headers.length ?? null,
      articles: notice.articles.length,
      warnings: notice.warnings.map((warning) => warning.code),
      json: json.length < 2 ** 20 ? json : null,
    },
    // A copy, not a slice: a slice would keep the whole text alive and count as retained heap.
    text: Buffer.from(text.slice(0, 256 * 1024)).toString(),
  };
}

/** `gc()` without `--expose-gc` on the command line (vitest's workers do not have it). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
