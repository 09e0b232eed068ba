import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { type Entry, fromBufferPromise, type ZipFile } from 'yauzl';
import { BadInputError, causeForPeople, causeText } from '../errors.ts';
import { MESSAGES } from '../messages.ts';

/**
 * Most entries accepted in one archive (a Word document has a few dozen).
 * @defaultValue 10,000
 */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * Output an entry may inflate to in one synchronous call; a larger one (a bomb, or a big image)
 * is counted as a stream of chunks that are dropped, so memory stays at this size.
 */
const SYNC_INFLATE_BYTES = 8 * 2 ** 20;

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;

/**
 * Checks an uploaded zip (a docx) before any parser inflates it: every entry is inflated with
 * an output cap (`maxOutputLength`) and the bytes actually produced are counted against
 * `maxDecompressedBytes` — the sizes the archive declares are never trusted. Entries are
 * inflated synchronously up to SYNC_INFLATE_BYTES (a docx's parts inflate in well under a
 * millisecond, and zlib streams cost more than the work); past that they are counted as a
 * stream, never held in memory whole. Throws BadInputError 'zip-bomb', 'encrypted', 'truncated'
 * or 'malformed'. Returns the checked parts by name, still compressed (see `inflatePart`).
 */
export async function guardZip(
  bytes: Uint8Array,
  fileName: string,
  maxDecompressedBytes: number,
): Promise<Map<string, ZipPart>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await openZip(buffer, fileName);
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      throw new BadInputError(fileName, 'zip-bomb', MESSAGES.zipEntries(zip.entryCount, MAX_ZIP_ENTRIES));
    }
    let inflated = 0;
    const parts = new Map<string, ZipPart>();
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) throw new BadInputError(fileName, 'encrypted', MESSAGES.zipEncrypted());
      if (entry.fileName.endsWith('/')) continue;
      const part = locatePart(buffer, entry);
      inflated += await inflatedSize(part, maxDecompressedBytes - inflated);
      if (inflated > maxDecompressedBytes) throw zipBomb(fileName, maxDecompressedBytes);
      parts.set(entry.fileName, part);
    }
    return parts;
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

/** One archive entry's compressed bytes (a view of the upload, not a copy). */
export interface ZipPart {
  data: Buffer;
  /** 0 stored, 8 deflated (the only two a docx uses). */
  method: 0 | 8;
}

/**
 * A checked part's bytes as they inflate, chunk by chunk: a reader streams a part of any size
 * without holding it whole.
 */
export async function* inflatePart(part: ZipPart): AsyncGenerator<Buffer> {
  if (part.method === 0) {
    yield part.data;
    return;
  }
  const inflater = createInflateRaw({ chunkSize: 256 * 1024 });
  inflater.end(part.data);
  for await (const chunk of inflater) yield chunk as Buffer;
}

/** Finds an entry's compressed bytes from its local header; throws on offsets out of range. */
function locatePart(buffer: Buffer, entry: Entry): ZipPart {
  const header = entry.relativeOffsetOfLocalHeader;
  if (header + LOCAL_HEADER_BYTES > buffer.length || buffer.readUInt32LE(header) !== LOCAL_HEADER_SIGNATURE) {
    throw new Error(`invalid local file header of ${entry.fileName} (offset out of range)`);
  }
  const start =
    header + LOCAL_HEADER_BYTES + buffer.readUInt16LE(header + 26) + buffer.readUInt16LE(header + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new Error(`unexpected end of archive in ${entry.fileName}`);
  const method = entry.compressionMethod;
  if (method !== 0 && method !== 8) throw new Error(`unsupported compression method ${method}`);
  return { data: buffer.subarray(start, end), method };
}

/** Inflates one part, counting at most `budget + 1` bytes. */
async function inflatedSize({ data, method }: ZipPart, budget: number): Promise<number> {
  if (method === 0) return data.length;
  const syncCap = Math.max(1, Math.min(budget + 1, SYNC_INFLATE_BYTES));
  try {
    return inflateRawSync(data, { maxOutputLength: syncCap }).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw error;
    return syncCap > budget ? budget + 1 : streamedSize(data, budget);
  }
}

/** Inflates `data` chunk by chunk, keeping only the count; stops once it passes `budget`. */
function streamedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: 256 * 1024 });
    let produced = 0;
    inflater.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > budget) {
        inflater.destroy();
        resolve(produced);
      }
    });
    inflater.on('end', () => resolve(produced));
    inflater.on('error', reject);
    inflater.end(data);
  });
}

function zipBomb(fileName: string, maxDecompressedBytes: number): BadInputError {
  const mib = Math.round(maxDecompressedBytes / 2 ** 20);
  return new BadInputError(fileName, 'zip-bomb', MESSAGES.zipTooLarge(mib));
}

/** yauzl/zlib failures: a cut-off archive is 'truncated', anything else 'malformed'. */
function zipError(error: unknown, fileName: string): BadInputError {
  const message = causeText(error);
  const truncated = /end of central directory|unexpected end|truncated|out of range|beyond/i.test(message);
  return new BadInputError(
    fileName,
    truncated ? 'truncated' : 'malformed',
    MESSAGES.zipBroken(truncated, causeForPeople(error)),
    { cause: error },
  );
}
