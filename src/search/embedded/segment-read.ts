/**
 * Loads the segments of the embedded index (segment-write.ts) into a MemoryIndex. Only the
 * per-document columns, the version keys and the term tables are read; the documents and the
 * posting lists stay in the files, which stay open (on Linux an open file outlives its removal
 * by a later merge) until the index is closed.
 */
import { fstatSync, openSync } from 'node:fs';
import { decodeStrings, stringsOf } from './binary.ts';
import { MemoryIndex } from './memory.ts';
import { FOOTER_BYTES, FOOTER_MAGIC, SEGMENT_MAGIC, type SegmentDirectory } from './segment-write.ts';
import { type FrozenTerms, readFully } from './term-lists.ts';

/** A MemoryIndex of the segments at `paths`, oldest first (`index.close()` closes their files). */
export function loadSegments(paths: readonly string[]): MemoryIndex {
  const index = new MemoryIndex();
  try {
    return restoreAll(index, paths);
  } catch (error) {
    index.close();
    throw error;
  }
}

function restoreAll(index: MemoryIndex, paths: readonly string[]): MemoryIndex {
  const loaded = paths.map((path) => {
    const fd = openSync(path, 'r');
    index.files.push(fd);
    return attach(index, fd, path);
  });
  const newest = loaded.at(-1);
  if (!newest) return index;
  index.facets.restoreTables(stringsOf(newest.section('regions')), stringsOf(newest.section('lawNames')));
  const states = newest.array('state', Uint8Array);
  if (states.length !== index.idLimit)
    throw new Error(`${paths.at(-1)}: ${states.length} states for ${index.idLimit} documents`);
  index.columns.restoreStates(states);
  for (const segment of loaded) {
    const keys: string[] = [];
    decodeStrings(segment.section('versionKeys'), (key) => keys.push(key));
    index.restoreVersions(
      keys,
      segment.array('versionIds', Uint32Array),
      segment.array('versionCounts', Uint32Array),
    );
  }
  index.recount();
  return index;
}

interface Loaded {
  section(name: string): Buffer;
  array<T extends TypedArray>(name: string, type: TypedArrayOf<T>): T;
}

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
interface TypedArrayOf<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
}

/** Reads one segment's tables and attaches its documents, columns and lists to `index`. */
function attach(index: MemoryIndex, fd: number, path: string): Loaded {
  const size = fstatSync(fd).size;
  const head = Buffer.alloc(8);
  readFully(fd, head, 0);
  if (head.toString('latin1') !== SEGMENT_MAGIC) throw new Error(`${path} is not a policy-kb index segment`);
  const footer = Buffer.alloc(FOOTER_BYTES);
  readFully(fd, footer, size - FOOTER_BYTES);
  if (footer.toString('latin1', 12) !== FOOTER_MAGIC) throw new Error(`${path} is incomplete (no footer)`);
  const at = footer.readDoubleLE(0);
  const text = Buffer.alloc(footer.readUInt32LE(8));
  readFully(fd, text, at);
  const directory = JSON.parse(text.toString('utf8')) as SegmentDirectory;
  const first = Math.min(...Object.values(directory.sections).map(([offset]) => offset));
  // one read for every table; offsets are multiples of 8 from `first` on, so views are aligned
  const tables = Buffer.allocUnsafeSlow(at - first);
  readFully(fd, tables, first);
  const loaded: Loaded = {
    section(name) {
      const [offset, bytes] = directory.sections[name] ?? [first, 0];
      return tables.subarray(offset - first, offset - first + bytes);
    },
    array(name, type) {
      const [offset, bytes] = directory.sections[name] ?? [first, 0];
      return new type(tables.buffer, tables.byteOffset + offset - first, bytes / type.BYTES_PER_ELEMENT);
    },
  };
  const { from, end } = directory;
  index.docs.attach({ fd, from, offsets: loaded.array('docOffsets', Float64Array) });
  const titleLength = loaded.array('titleLength', Uint16Array);
  const facet = loaded.array('facet', Int32Array);
  const lawCount = loaded.array('lawCount', Uint8Array);
  const laws = loaded.array('laws', Uint32Array);
  let law = 0;
  for (let i = 0; i < end - from; i++) {
    // live until the newest segment's states are applied
    index.columns.restore(from + i, 1, titleLength[i] as number, facet[i] as number);
    const count = lawCount[i] as number;
    index.facets.restoreLaws(from + i, laws.subarray(law, law + count));
    law += count;
  }
  index.grams.attach(frozenTerms(loaded, 'gram', { fd, from, end }, true));
  index.filters.attach(frozenTerms(loaded, 'filter', { fd, from, end }, false));
  return loaded;
}

function frozenTerms(
  loaded: Loaded,
  name: string,
  file: { fd: number; from: number; end: number },
  masked: boolean,
): FrozenTerms {
  const slots = new Map<string, number>();
  decodeStrings(loaded.section(`${name}Terms`), (term, slot) => slots.set(term, slot));
  return {
    ...file,
    slots,
    at: loaded.array(`${name}At`, Float64Array),
    lengths: loaded.array(`${name}Lengths`, Uint32Array),
    masked,
  };
}
