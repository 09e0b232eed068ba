/**
 * The embedded index's snapshot file: a header, one JSON section (the documents, the gram and
 * filter-term tables with their posting-list lengths), then the posting lists as raw typed
 * arrays (ids as little-endian u32, field masks as u8). Loading maps the lists as views into the
 * file's buffer instead of re-tokenizing every document.
 */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from '../../fs/atomic.ts';
import type { SearchDocument } from '../documents.ts';
import { MemoryIndex } from './memory.ts';
import { Postings } from './postings.ts';

const MAGIC = 'PKBIDX01';
const HEADER_BYTES = 16;

interface Meta {
  docs: SearchDocument[];
  grams: string[];
  gramLengths: number[];
  filters: string[];
  filterLengths: number[];
}

/** Compacts the index, then writes its snapshot atomically (temp file, fsync, rename). */
export async function writeSnapshot(path: string, index: MemoryIndex): Promise<void> {
  index.compact();
  const grams = [...index.grams];
  const filters = [...index.filters];
  const meta: Meta = {
    docs: index.docs as SearchDocument[],
    grams: grams.map(([gram]) => gram),
    gramLengths: grams.map(([, list]) => list.length),
    filters: filters.map(([term]) => term),
    filterLengths: filters.map(([, list]) => list.length),
  };
  const json = Buffer.from(JSON.stringify(meta));
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(json.length, 8);
  const total = sum(meta.gramLengths) + sum(meta.filterLengths);
  const ids = new Uint32Array(total);
  const masks = new Uint8Array(sum(meta.gramLengths));
  let at = 0;
  for (const [, list] of grams) {
    ids.set(list.ids.subarray(0, list.length), at);
    masks.set(list.masks.subarray(0, list.length), at);
    at += list.length;
  }
  for (const [, list] of filters) {
    ids.set(list.ids.subarray(0, list.length), at);
    at += list.length;
  }
  const padding = Buffer.alloc((4 - (json.length % 4)) % 4);
  await writeChunks(path, [header, json, padding, Buffer.from(ids.buffer), Buffer.from(masks.buffer)]);
}

/** Reads a snapshot written by `writeSnapshot`. */
export function readSnapshot(buffer: Buffer, path: string): MemoryIndex {
  if (buffer.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${path} is not a policy-kb index snapshot`);
  const jsonBytes = buffer.readUInt32LE(8);
  const meta = JSON.parse(buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonBytes)) as Meta;
  const start = HEADER_BYTES + jsonBytes + ((4 - (jsonBytes % 4)) % 4);
  const total = sum(meta.gramLengths) + sum(meta.filterLengths);
  const aligned = (buffer.byteOffset + start) % 4 === 0;
  const ids = aligned
    ? new Uint32Array(buffer.buffer, buffer.byteOffset + start, total)
    : new Uint32Array(buffer.buffer.slice(buffer.byteOffset + start, buffer.byteOffset + start + total * 4));
  const masks = new Uint8Array(buffer.buffer, buffer.byteOffset + start + total * 4, sum(meta.gramLengths));
  const index = new MemoryIndex();
  let at = 0;
  meta.grams.forEach((gram, i) => {
    const length = meta.gramLengths[i] ?? 0;
    index.grams.set(
      gram,
      new Postings(ids.subarray(at, at + length), masks.subarray(at, at + length), length),
    );
    at += length;
  });
  meta.filters.forEach((term, i) => {
    const length = meta.filterLengths[i] ?? 0;
    index.filters.set(
      term,
      new Postings(ids.subarray(at, at + length), new Uint8Array(length).fill(1), length),
    );
    at += length;
  });
  index.restore(meta.docs);
  return index;
}

async function writeChunks(path: string, chunks: Uint8Array[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx');
  try {
    let position = 0;
    for (const chunk of chunks) {
      for (let done = 0; done < chunk.length; ) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path).catch(async (error: unknown) => {
    await unlink(temp).catch(() => {});
    throw error;
  });
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
