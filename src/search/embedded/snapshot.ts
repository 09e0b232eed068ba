/**
 * The first snapshot format (`PKBIDX01`), read so that index directories written before segments
 * keep working until their next publish rewrites them as a segment: a header, one JSON section
 * (the documents, the gram and filter-term tables with their posting-list lengths), then the
 * posting lists as raw typed arrays (ids as little-endian u32, field masks as u8). One JSON
 * string cannot hold more than ~500,000 documents, which is why segments replaced it.
 */
import type { SearchDocument } from '../documents.ts';
import { MemoryIndex } from './memory.ts';
import { Postings } from './postings.ts';

export const LEGACY_MAGIC = 'PKBIDX01';
const HEADER_BYTES = 16;

export interface LegacyMeta {
  docs: SearchDocument[];
  grams: string[];
  gramLengths: number[];
  filters: string[];
  filterLengths: number[];
}

/** Reads a snapshot of the first format. */
export function readSnapshot(buffer: Buffer, path: string): MemoryIndex {
  if (buffer.toString('latin1', 0, 8) !== LEGACY_MAGIC)
    throw new Error(`${path} is not a policy-kb index snapshot`);
  const jsonBytes = buffer.readUInt32LE(8);
  const meta = JSON.parse(buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonBytes)) as LegacyMeta;
  const start = HEADER_BYTES + jsonBytes + ((4 - (jsonBytes % 4)) % 4);
  const total = sum(meta.gramLengths) + sum(meta.filterLengths);
  // a copy: aligned, and not shared with the file's buffer
  const ids = new Uint32Array(
    buffer.buffer.slice(buffer.byteOffset + start, buffer.byteOffset + start + total * 4),
  );
  const masks = new Uint8Array(buffer.buffer, buffer.byteOffset + start + total * 4, sum(meta.gramLengths));
  const index = new MemoryIndex();
  let at = 0;
  meta.grams.forEach((gram, i) => {
    const length = meta.gramLengths[i] ?? 0;
    index.grams.put(
      gram,
      new Postings(ids.subarray(at, at + length), masks.subarray(at, at + length), length),
    );
    at += length;
  });
  meta.filters.forEach((term, i) => {
    const length = meta.filterLengths[i] ?? 0;
    index.filters.put(
      term,
      new Postings(ids.subarray(at, at + length), new Uint8Array(length).fill(1), length),
    );
    at += length;
  });
  index.restore(meta.docs);
  return index;
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
