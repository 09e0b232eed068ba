import { BadInputError } from '../errors.ts';
import { MESSAGES } from '../messages.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const NOTICE_ID = /^[\w-]{1,128}$/;
const DERIVED_KEY = /^[\w-][\w.-]{0,127}$/;

/**
 * The base name an upload is stored under: directories (`/` or `\`) stripped, so a stored name
 * is never a path. A name that tries to climb out (`..` segments) or has nothing left is refused.
 */
export function storedFileName(fileName: string): string {
  const segments = fileName.split(/[\\/]/);
  if (segments.includes('..')) throw new BadInputError(fileName, 'malformed', MESSAGES.fileNameDots());
  const base = segments.at(-1)?.trim() ?? '';
  if (base === '' || base === '.') throw new BadInputError(fileName, 'malformed', MESSAGES.fileNameEmpty());
  return base;
}

/** A lowercase hex sha-256 digest. */
export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

/** Throws (an internal error: callers pass digests they computed) unless `value` is a sha-256. */
export function assertSha256(value: string): void {
  if (!isSha256(value)) throw new Error(`not a sha-256 digest: ${JSON.stringify(value)}`);
}

/** Notice ids as `noticeIdFor` makes them; anything else (a path, `..`) names no notice. */
export function isNoticeId(value: string): boolean {
  return NOTICE_ID.test(value);
}

/** The error both adapters throw when a notice is saved before its original bytes were stored. */
export function missingOriginal(sha256: string): Error {
  return new Error(`original ${sha256} is not stored: call putOriginal before saveNotice`);
}

/** The error both adapters throw from setStatus for a version that does not exist. */
export function missingVersion(id: string, version: number): Error {
  return new Error(`no stored notice ${id} v${version}`);
}

/** Checks a derived-data key (a plain name, so never a path) and returns it; throws otherwise. */
export function derivedKey(key: string): string {
  if (!DERIVED_KEY.test(key) || key.includes('..'))
    throw new Error(`not a valid derived-data key: ${JSON.stringify(key)}`);
  return key;
}

/** A derived value as stored text; refuses values JSON cannot hold (undefined, functions). */
export function derivedJson(key: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`derived value for ${key} is not JSON-serializable`);
  return text;
}
