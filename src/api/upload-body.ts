import type { Readable } from 'node:stream';

/** A multipart file stream as @fastify/multipart hands it over (busboy sets `truncated` at its limit). */
export type UploadStream = Readable & { truncated?: boolean };

/**
 * Reads an uploaded file's bytes, or null as soon as it passes the multipart `fileSize` limit —
 * not when the body ends (busboy's end comes only after the client has sent all of it), so the
 * 413 goes out at once. What the client still sends is drained and dropped, never buffered: the
 * connection is not cut, so the client reads the answer instead of a reset. Memory stays within
 * the limit.
 */
export function readWithinLimit(stream: UploadStream): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('limit', () => {
      chunks.length = 0;
      resolve(null);
    });
    stream.once('end', () => resolve(stream.truncated ? null : new Uint8Array(Buffer.concat(chunks))));
    stream.once('error', reject);
  });
}
