/**
 * The documents of the embedded index by internal id. Documents added in this process are kept
 * as objects; those of a loaded segment stay in its file (one UTF-8 JSON record each, located by
 * an offset table) and are read and decoded only when a search returns or re-ranks them, so
 * loading a million documents decodes none. A few thousand decoded ones are kept (repeated
 * queries re-rank the same documents).
 */
import type { SearchDocument } from '../documents.ts';
import { readFully } from './term-lists.ts';

/**
 * Decoded documents kept, most recently used last: about 30–60 MB at most. With 4,096, the
 * 1,000 mixed queries at 10k items kept reading records back (p95 0.9–1.5 ms; now 0.47–0.57).
 */
const CACHED = 32_768;

/** A segment's document records: `offsets[i]…offsets[i + 1]` are document `from + i`'s bytes in the file. */
export interface DocFile {
  fd: number;
  from: number;
  offsets: Float64Array;
}

export class DocTable {
  /** Documents from id `filed` on (ids below are in the files). */
  private readonly objects: (SearchDocument | null)[] = [];
  private readonly files: DocFile[] = [];
  private filed = 0;
  private readonly decoded = new Map<number, SearchDocument>();
  private scratch = Buffer.allocUnsafe(64 * 1024);

  get length(): number {
    return this.filed + this.objects.length;
  }

  push(doc: SearchDocument): number {
    return this.filed + this.objects.push(doc) - 1;
  }

  /** Takes a segment's documents as the next ids (`file.from` must be the current length). */
  attach(file: DocFile): void {
    if (file.from !== this.length || this.objects.length > 0)
      throw new Error(`segment starts at ${file.from}, not ${this.length}`);
    this.files.push(file);
    this.filed += file.offsets.length - 1;
  }

  /** Forgets a removed document (its id stays; one in a file is no longer returned from the cache). */
  drop(id: number): void {
    if (id >= this.filed) this.objects[id - this.filed] = null;
    this.decoded.delete(id);
  }

  /** The document, null when removed or written as an empty record. */
  get(id: number): SearchDocument | null {
    if (id >= this.filed) return this.objects[id - this.filed] ?? null;
    const cached = this.decoded.get(id);
    if (cached) {
      this.decoded.delete(id);
      this.decoded.set(id, cached);
      return cached;
    }
    const bytes = this.record(id);
    if (!bytes) return null;
    const doc = JSON.parse(bytes.toString('utf8')) as SearchDocument;
    this.decoded.set(id, doc);
    if (this.decoded.size > CACHED) this.decoded.delete(this.decoded.keys().next().value as number);
    return doc;
  }

  /**
   * The document's JSON record (a merge copies records without decoding them); null when removed.
   * The bytes of a record read from a file are valid until the next call.
   */
  record(id: number): Buffer | null {
    if (id >= this.filed) {
      const held = this.objects[id - this.filed];
      return held ? Buffer.from(JSON.stringify(held)) : null;
    }
    const file = this.fileOf(id);
    const at = id - file.from;
    const start = file.offsets[at] as number;
    const length = (file.offsets[at + 1] as number) - start;
    if (length === 0) return null;
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length * 2);
    const bytes = this.scratch.subarray(0, length);
    readFully(file.fd, bytes, start);
    return bytes;
  }

  private fileOf(id: number): DocFile {
    const files = this.files;
    let low = 0;
    let high = files.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((files[mid] as DocFile).from <= id) low = mid;
      else high = mid - 1;
    }
    const file = files[low];
    if (!file || id < file.from) throw new Error(`document ${id} is in no segment`);
    return file;
  }
}
