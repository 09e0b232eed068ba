/**
 * Errors in two families (after meilisearch-js src/errors/): BadInputError is the user's file
 * being unreadable — reported as one line naming the file and the problem; anything else is
 * an internal bug.
 */

import { LIBRARY_CAUSES, MESSAGES } from './messages.ts';

/** Why a file could not be read, as a stable code (for the API and the failed-jobs view). */
export type BadInputCode =
  | 'empty'
  | 'too-large'
  | 'unknown-format'
  | 'binary-junk'
  | 'truncated'
  | 'encrypted'
  | 'zip-bomb'
  | 'too-many-pages'
  | 'malformed'
  | 'not-a-notice'
  /** Parsing it went over the time or memory limit of a parse thread. */
  | 'too-complex';

/** The Chinese message of each code when nothing more specific is said (src/messages.ts). */
const DEFAULT_MESSAGES: Record<BadInputCode, string> = {
  empty: MESSAGES.empty(),
  'too-large': '文件超过大小上限',
  'unknown-format': MESSAGES.unknownFormat(),
  'binary-junk': MESSAGES.binaryJunk(),
  truncated: MESSAGES.truncated(),
  encrypted: MESSAGES.encrypted(),
  'zip-bomb': MESSAGES.zipBomb(),
  'too-many-pages': MESSAGES.tooManyPages(),
  malformed: MESSAGES.malformed(),
  'not-a-notice': MESSAGES.noText(),
  'too-complex': MESSAGES.tooComplex(),
};

export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  constructor(
    readonly file: string,
    readonly code: BadInputCode,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    // One line, whatever a parser's message held: it is shown in lists and failed-job views.
    super(`${file}: ${(detail ?? DEFAULT_MESSAGES[code]).replace(/\s+/g, ' ').trim()}`, options);
  }
}

/** Longest part of a library's error message quoted in a BadInputError. */
const MAX_CAUSE_CHARS = 200;

/** A parser's error message as one short line, for the `(…)` detail of a BadInputError. */
export function causeText(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  return text.length > MAX_CAUSE_CHARS ? `${text.slice(0, MAX_CAUSE_CHARS - 1)}…` : text;
}

/**
 * The cause of a BadInputError as people read it (the `(…)` of its message): Chinese when the
 * library's words are known (LIBRARY_CAUSES) or already Chinese, else the error's code or name
 * (`程序库报错 FormatError`). The library's own words stay in the error's `cause`.
 */
export function causeForPeople(error: unknown): string {
  const text = causeText(error);
  if (/\p{Script=Han}/u.test(text)) return text;
  const known = LIBRARY_CAUSES.find(([pattern]) => pattern.test(text));
  if (known) return known[1];
  const code = (error as { code?: unknown } | null)?.code;
  const name =
    typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)
      ? code
      : error instanceof Error
        ? error.name
        : 'Error';
  return MESSAGES.libraryError(name);
}

/** The engine ran out of stack: the input nests deeper than a recursive parser can follow. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export function isBadInput(error: unknown): error is BadInputError {
  return error instanceof BadInputError;
}

/**
 * A bug in our own pure code (extraction, normalization, a reader's output failing its
 * schema) met on a readable file: retrying gives the same answer until the code is fixed, so
 * it is neither the file's fault nor worth retrying automatically.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/** Whose fault a failure was (see FailureKind in schemas/job.ts). */
export function failureKindOf(error: unknown): 'input' | 'internal' | 'infrastructure' {
  return error instanceof BadInputError
    ? 'input'
    : error instanceof InternalError
      ? 'internal'
      : 'infrastructure';
}

/** Runs a step of our own pure code: anything it throws but a BadInputError is an InternalError. */
export function ownCode<T>(fileName: string, step: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BadInputError || error instanceof InternalError) throw error;
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    throw new InternalError(`${fileName}: 程序在“${step}”步骤出错（${message}）`, { cause: error });
  }
}
