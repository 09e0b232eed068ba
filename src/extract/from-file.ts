import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Notice } from '../../schemas/notice.ts';
import { BadInputError } from '../errors.ts';
import { readDocument } from '../formats/index.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../formats/types.ts';
import { MESSAGES } from '../messages.ts';
import { extractNotice } from './notice.ts';

/**
 * The read → extract stages for one file's bytes: the document model, then the normalized
 * notice, validated against the schema (a schema failure is our bug, not the user's).
 */
export async function extractBytes(bytes: Uint8Array, fileName: string, limits: ReadLimits = DEFAULT_LIMITS) {
  const document = await readDocument(bytes, fileName, limits);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const source = {
    file: basename(fileName),
    format: document.format,
    encoding: document.encoding,
    sha256,
    bytes: bytes.byteLength,
  };
  return Notice.parse(extractNotice(document, source));
}

/** Reads a file from disk (refusing it before reading when it is over the size limit) and extracts it. */
export async function extractFile(path: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<Notice> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new BadInputError(
      path,
      'malformed',
      error.code === 'ENOENT' ? MESSAGES.noSuchFile() : error.message,
    );
  });
  if (!info.isFile()) throw new BadInputError(path, 'malformed', MESSAGES.notAFile());
  if (info.size > limits.maxBytes) {
    throw new BadInputError(path, 'too-large', MESSAGES.overByteLimit(info.size, limits.maxBytes));
  }
  return extractBytes(new Uint8Array(await readFile(path)), path, limits);
}
