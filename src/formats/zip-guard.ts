import { type Entry, fromBufferPromise, type ZipFile } from 'yauzl';
import { BadInputError } from '../errors.ts';

/**
 * Most entries accepted in one archive (a Word document has a few dozen).
 * @defaultValue 10,000
 */
export const MAX_ZIP_ENTRIES = 10_000;

/**
 * Checks an uploaded zip (a docx) before any parser inflates it: every entry is stream-inflated
 * and the bytes actually produced are counted against `maxDecompressedBytes` — the sizes the
 * archive declares are never trusted. Throws BadInputError 'zip-bomb', 'encrypted',
 * 'truncated' or 'malformed'.
 */
export async function guardZip(
  bytes: Uint8Array,
  fileName: string,
  maxDecompressedBytes: number,
): Promise<void> {
  const zip = await openZip(bytes, fileName);
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
      if (inflated + entry.uncompressedSize > maxDecompressedBytes)
        throw zipBomb(fileName, maxDecompressedBytes);
      inflated = await inflateCounting(zip, entry, inflated, maxDecompressedBytes, fileName);
    }
  } catch (error) {
    throw error instanceof BadInputError ? error : zipError(error, fileName);
  } finally {
    zip.close();
  }
}

async function openZip(bytes: Uint8Array, fileName: string): Promise<ZipFile> {
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return await fromBufferPromise(buffer, {
      lazyEntries: true,
      validateEntrySizes: false,
      autoClose: false,
    });
  } catch (error) {
    throw zipError(error, fileName);
  }
}

/** Inflates one entry, discarding the output; returns the running total or throws at the cap. */
async function inflateCounting(
  zip: ZipFile,
  entry: Entry,
  inflatedSoFar: number,
  maxDecompressedBytes: number,
  fileName: string,
): Promise<number> {
  let inflated = inflatedSoFar;
  const stream = await zip.openReadStreamPromise(entry);
  try {
    for await (const chunk of stream) {
      inflated += (chunk as Buffer).length;
      if (inflated > maxDecompressedBytes) throw zipBomb(fileName, maxDecompressedBytes);
    }
  } finally {
    stream.destroy();
  }
  return inflated;
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
