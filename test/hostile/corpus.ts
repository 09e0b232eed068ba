import { readFileSync } from 'node:fs';
import type { InputFormat } from '../../schemas/document.ts';
import type { BadInputCode } from '../../src/errors.ts';
import { BINARY_CASES } from './cases-binary.ts';
import { MARKUP_CASES } from './cases-markup.ts';
import { PDF_CASES } from './cases-pdf.ts';
import { TEXT_CASES } from './cases-text.ts';

/**
 * The hostile-input corpus: files a user might upload by mistake or in malice, each with the
 * outcome it must get — a BadInputError with a specific code, or a correct reading. Small cases
 * are committed under test/fixtures/hostile/ (written by test/hostile/make-corpus.ts); big
 * ones (a 200 MB file, zip bombs, 5,000 pages, 10,000 nested tables …) are built at test time.
 */

/** What reading a case must give. */
export type Expected =
  | {
      /** Refused with this code, the message starting with the file name. */
      error: BadInputCode;
      /** Matched against the message after the file name. */
      detail?: RegExp;
      /** Must not match the message. */
      absent?: RegExp;
    }
  | {
      /** Read, sniffed as this format. */
      format: InputFormat;
      encoding?: string | null;
      /** Items over all catalogue tables. */
      items?: number;
      /** Columns of the first catalogue table. */
      columns?: number;
      articles?: number;
      /** A warning the notice must carry. */
      warning?: RegExp;
      /** Strings the document's text must hold. */
      text?: string[];
      /** Must match neither the document's text nor the notice's JSON. */
      absent?: RegExp;
    };

export interface HostileCase {
  /** Stable id (kebab-case). */
  id: string;
  /** What the file is, for the corpus table. */
  what: string;
  /** The upload's name; also the committed fixture's file name. */
  fileName: string;
  /** `committed`: small, kept in test/fixtures/hostile/; `generated`: built at test time only. */
  source: 'committed' | 'generated';
  /** The file's bytes (for a `sparseBytes` case: unused). */
  build(): Buffer | Promise<Buffer>;
  /** Read through `extractFile` from a sparse file of this many bytes instead of from bytes. */
  sparseBytes?: number;
  expected: Expected;
  /**
   * Time the read may take on the 2-core CI machine.
   * @defaultValue 3000
   */
  maxMs?: number;
  /**
   * Old-generation heap of the worker thread it runs in (`resourceLimits`), MiB.
   * @defaultValue 256
   */
  heapMb?: number;
}

export const DEFAULT_MAX_MS = 3000;
export const DEFAULT_HEAP_MB = 256;

export const HOSTILE_CASES: HostileCase[] = [...TEXT_CASES, ...MARKUP_CASES, ...BINARY_CASES, ...PDF_CASES];

/** Where committed cases live. */
export const HOSTILE_DIR = new URL('../fixtures/hostile/', import.meta.url);

export function caseById(id: string): HostileCase {
  const found = HOSTILE_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no hostile case ${id}`);
  return found;
}

/** A case's bytes: the committed fixture, or built now. */
export async function caseBytes(hostile: HostileCase): Promise<Buffer> {
  if (hostile.source === 'committed') return readFileSync(new URL(hostile.fileName, HOSTILE_DIR));
  return Buffer.from(await hostile.build());
}

/** `error` expectations for the corpus table. */
export function describeExpected(expected: Expected): string {
  if ('error' in expected) {
    const absent = expected.absent
      ? `, nothing matching \`${expected.absent.source.replace(/\|/g, '\\|')}\``
      : '';
    return `BadInputError \`${expected.error}\`${absent}`;
  }
  const parts = [`read as ${expected.format}`];
  if (expected.encoding) parts.push(expected.encoding);
  if (expected.items !== undefined) parts.push(`${expected.items} items`);
  if (expected.columns !== undefined) parts.push(`${expected.columns} columns`);
  if (expected.articles !== undefined) parts.push(`${expected.articles} articles`);
  if (expected.warning) parts.push('a warning');
  if (expected.text) parts.push('text kept');
  if (expected.absent) parts.push(`nothing matching \`${expected.absent.source.replace(/\|/g, '\\|')}\``);
  return parts.join(', ');
}
