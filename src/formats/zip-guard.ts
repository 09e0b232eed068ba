import { inflateRawSync } from 'node:zlib';
import { type Entry, fromBufferPromise, type ZipFile } from 'yauzl';
import { BadInputError } from '../errors.ts';

/**
 * Most entries accepted in one archive (a Word document has a few dozen).
 * @defaultValue 10,000
 */
export const MAX_ZIP_ENTRIES = 10_000;

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;

/**
 * Checks an uploaded zip (a docx) before any parser inflates it: every entry is inflated with
 * an output cap (`maxOutputLength`) and the bytes actually produced are counted against
 * `maxDecompressedBytes` — the sizes the archive declares are never trusted. Inflation is
 * synchronous: a docx inflates in well under a millisecond and zlib streams cost more than the
 * work. Throws BadInputError 'zip-bomb', 'encrypted', 'truncated' or 'malformed'.
 */
export async function guardZip(
  bytes: Uint8Array,
  fileName: string,
  maxDecompressedBytes: number,
): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await openZip(buffer, fileName);
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      throw new BadInputError(
        fileName,
        'zip-bomb',
        `the archive has ${zip.entryCount} entries (over ${MAX_ZIP_ENTRIES})`,
      );
    }
    let inflated = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted())
        throw new BadInputError(fileName, 'encrypted', 'the archive is password-protected');
      if (entry.fileName.endsWith('/')) continue;
      inflated += inflatedSize(buffer, entry, maxDecompressedBytes - inflated, fileName);
      if (inflated > maxDecompressedBytes) throw zipBomb(fileName, maxDecompressedBytes);
    }
  } catch (error) {
    throw error instanceof BadInputError ? error : zipError(error, fileName);
  } finally {
    zip.close();
  }
}

async function openZip(buffer: Buffer, fileName: string): Promise<ZipFile> {
  try {
    return await fromBufferPromise(buffer, {
      lazyEntries: true,
      validateEntrySizes: false,
      autoClose: false,
    });
  } catch (error) {
    throw zipError(error, fileName);
  }
}

/** Inflates one entry from its local header on, producing at most `budget + 1` bytes. */
function inflatedSize(buffer: Buffer, entry: Entry, budget: number, fileName: string): number {
  const header = entry.relativeOffsetOfLocalHeader;
  if (header + LOCAL_HEADER_BYTES > buffer.length || buffer.readUInt32LE(header) !== LOCAL_HEADER_SIGNATURE) {
    throw new Error(`invalid local file header of ${entry.fileName} (offset out of range)`);
  }
  const start =
    header + LOCAL_HEADER_BYTES + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new Error(`unexpected end of archive in ${entry.fileName}`);
  const data = buffer.subarray(start, end);
  if (entry.compressionMethod === 0) return data.length;
  if (entry.compressionMethod !== 8)
    throw new Error(`unsupported compression method ${entry.compressionMethod}`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget + 1) }).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return budget + 1;
    throw error;
  }
}

function zipBomb(fileName: string, maxDecompressedBytes: number): BadInputError {
  const mib = Math.round(maxDecompressedBytes / 2 ** 20);
  return new BadInputError(
    fileName,
    'zip-bomb',
    `the document decompresses to more than ${mib} MiB (zip bomb?)`,
  );
}

/** yauzl/zlib failures: a cut-off archive is 'truncated', anything else 'malformed'. */
function zipError(error: unknown, fileName: string): BadInputError {
  const message = error instanceof Error ? error.message : String(error);
  const truncated = /end of central directory|unexpected end|truncated|out of range|beyond/i.test(message);
  return new BadInputError(
    fileName,
    truncated ? 'truncated' : 'malformed',
    `the Word document's zip is ${truncated ? 'truncated' : 'corrupt'} (${message})`,
    { cause: error },
  );
}
