/**
 * Byte-level helpers of the segment files: a sink that streams sections to a temp file in
 * buffered chunks (a segment of a million documents is never one string or one buffer), string
 * tables (a count, UTF-8 end offsets, the bytes) and reading a file range into one buffer.
 */
import type { FileHandle } from 'node:fs/promises';

/** Chunk of the sink's buffer: big enough that writes are few, small enough to stay off the heap's radar. */
const CHUNK = 4 * 2 ** 20;
/** Sections start at multiples of 8, so typed-array views over the loaded buffer are aligned. */
export const ALIGN = 8;

export class FileSink {
  position = 0;
  private readonly buffer = Buffer.allocUnsafeSlow(CHUNK);
  private used = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    if (bytes.length >= CHUNK) {
      await this.flush();
      await writeAll(this.handle, bytes, this.position);
      this.position += bytes.length;
      return;
    }
    if (this.used + bytes.length > CHUNK) await this.flush();
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    this.position += bytes.length;
  }

  /** Writes a typed array's bytes (little-endian, as every platform Node runs on stores them). */
  writeArray(array: ArrayBufferView): Promise<void> {
    return this.write(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }

  async pad(): Promise<void> {
    const gap = (ALIGN - (this.position % ALIGN)) % ALIGN;
    if (gap > 0) await this.write(new Uint8Array(gap));
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await writeAll(this.handle, this.buffer.subarray(0, this.used), this.position - this.used);
    this.used = 0;
  }
}

/** Strings as one section: u32 count, u32 end offsets (one per string), then the UTF-8 bytes. */
export function encodeStrings(values: readonly string[]): Uint8Array {
  const bytes = values.map((value) => Buffer.from(value, 'utf8'));
  const head = new Uint32Array(1 + values.length);
  head[0] = values.length;
  let end = 0;
  bytes.forEach((b, i) => {
    end += b.length;
    head[i + 1] = end;
  });
  return Buffer.concat([new Uint8Array(head.buffer), ...bytes]);
}

/** Calls `each` with every string of a section written by `encodeStrings`, in order. */
export function decodeStrings(section: Buffer, each: (value: string, index: number) => void): void {
  const count = section.readUInt32LE(0);
  const base = 4 + 4 * count;
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = section.readUInt32LE(4 + 4 * i);
    each(section.toString('utf8', base + start, base + end), i);
    start = end;
  }
}

export function stringsOf(section: Buffer): string[] {
  const out: string[] = [];
  decodeStrings(section, (value) => out.push(value));
  return out;
}

/** Bytes `[from, to)` of an open file, in one buffer whose offset 0 is aligned for any typed array. */
export async function readRange(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(to - from);
  for (let done = 0; done < buffer.length; ) {
    const length = Math.min(buffer.length - done, 2 ** 30);
    const { bytesRead } = await handle.read(buffer, done, length, from + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at ${from + done}`);
    done += bytesRead;
  }
  return buffer;
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
