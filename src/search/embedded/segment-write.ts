/**
 * Writes a segment of the embedded index: the documents with ids in `[from, end)` of a
 * MemoryIndex (end: every id handed out), streamed to a temp file that is synced and renamed into
 * place. `dense` renumbers the live documents from 0 and leaves the removed out (a rewrite of all);
 * otherwise ids are kept and a removed document stays as an empty record, so the segments
 * before `from` and the processes that replayed the same journal keep meaning the same ids.
 *
 * Layout (little-endian; sections at multiples of 8):
 *   'PKBIDX02' + 8 reserved bytes
 *   the documents: one UTF-8 JSON record each, back to back (an empty record: removed)
 *   the postings: per term, its ids (u32) then, for grams, its field masks (u8)
 *   sections: state (u8 for every id below end: the newest segment's states are the index's),
 *     titleLength u16, facet i32, lawCount u8, laws u32, docOffsets f64 (count + 1),
 *     regions, lawNames, versionKeys (string tables) with versionCounts, versionIds u32,
 *     gramTerms, gramAt f64, gramLengths u32, and the same for filterTerms
 *   the directory (JSON: range and section positions), then a footer: its position f64, its
 *     length u32, 'PKB2'
 */
import { open, rename, unlink } from 'node:fs/promises';
import { tempPathFor } from '../../fs/atomic.ts';
import { encodeStrings, FileSink } from './binary.ts';
import type { MemoryIndex } from './memory.ts';
import type { TermLists } from './term-lists.ts';

export const SEGMENT_MAGIC = 'PKBIDX02';
export const FOOTER_MAGIC = 'PKB2';
export const FOOTER_BYTES = 16;

/** The ids a segment holds, after writing. */
export interface SegmentRange {
  from: number;
  end: number;
}

export interface SegmentDirectory extends SegmentRange {
  sections: Record<string, [offset: number, bytes: number]>;
}

export async function writeSegment(
  path: string,
  index: MemoryIndex,
  from: number,
  dense: boolean,
): Promise<SegmentRange> {
  if (dense && from !== 0) throw new Error('a dense segment starts at id 0');
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx');
  try {
    const range = await writeTo(new FileSink(handle), index, from, dense);
    await handle.sync();
    await handle.close();
    await rename(temp, path);
    return range;
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
}

async function writeTo(
  sink: FileSink,
  index: MemoryIndex,
  from: number,
  dense: boolean,
): Promise<SegmentRange> {
  const end = index.idLimit;
  const { state } = index.columns;
  // output id per id (−1: left out); ids below `from` keep theirs
  const remap = new Int32Array(end);
  let next = from;
  for (let id = 0; id < end; id++) remap[id] = id < from ? id : dense && !state[id] ? -1 : next++;
  const outEnd = next;
  const ids = [] as number[];
  for (let id = from; id < end; id++) if ((remap[id] as number) >= 0) ids.push(id);

  const header = Buffer.alloc(16);
  header.write(SEGMENT_MAGIC, 0, 'latin1');
  await sink.write(header);
  const docOffsets = new Float64Array(ids.length + 1);
  for (const [i, id] of ids.entries()) {
    docOffsets[i] = sink.position;
    const record = state[id] ? index.docs.record(id) : null;
    if (record) await sink.write(record);
  }
  docOffsets[ids.length] = sink.position;

  const sections: SegmentDirectory['sections'] = {};
  const section = async (name: string, bytes: ArrayBufferView) => {
    await sink.pad();
    sections[name] = [sink.position, bytes.byteLength];
    await sink.writeArray(bytes);
  };
  const grams = await writePostings(sink, index.grams, from, state, remap, true);
  const filters = await writePostings(sink, index.filters, from, state, remap, false);

  const states = new Uint8Array(outEnd);
  for (let id = 0; id < end; id++)
    if ((remap[id] as number) >= 0) states[remap[id] as number] = state[id] as number;
  await section('state', states);
  await section(
    'titleLength',
    Uint16Array.from(ids, (id) => index.columns.titleLength[id] as number),
  );
  await section(
    'facet',
    Int32Array.from(ids, (id) => index.columns.facet[id] as number),
  );
  const laws = ids.map((id) => index.facets.lawsOf(id));
  await section(
    'lawCount',
    Uint8Array.from(laws, (codes) => codes.length),
  );
  await section('laws', Uint32Array.from(laws.flatMap((codes) => [...codes])));
  await section('docOffsets', docOffsets);
  const { regions, lawNames } = index.facets.tables();
  await section('regions', encodeStrings(regions));
  await section('lawNames', encodeStrings(lawNames));
  const versions = [...index.byVersion].filter(([, held]) => (held[0] ?? -1) >= from);
  await section('versionKeys', encodeStrings(versions.map(([key]) => key)));
  await section(
    'versionCounts',
    Uint32Array.from(versions, ([, held]) => held.length),
  );
  await section(
    'versionIds',
    Uint32Array.from(versions.flatMap(([, held]) => held.map((id) => remap[id] as number))),
  );
  for (const [name, table] of [
    ['gram', grams],
    ['filter', filters],
  ] as const) {
    await section(`${name}Terms`, encodeStrings(table.terms));
    await section(`${name}At`, Float64Array.from(table.at));
    await section(`${name}Lengths`, Uint32Array.from(table.lengths));
  }

  await sink.pad();
  const directory = Buffer.from(JSON.stringify({ from, end: outEnd, sections } satisfies SegmentDirectory));
  const at = sink.position;
  await sink.write(directory);
  const footer = Buffer.alloc(FOOTER_BYTES);
  footer.writeDoubleLE(at, 0);
  footer.writeUInt32LE(directory.length, 8);
  footer.write(FOOTER_MAGIC, 12, 'latin1');
  await sink.write(footer);
  await sink.flush();
  return { from, end: outEnd };
}

/**
 * Writes each term's ids ≥ `from` of live documents (renumbered), and for grams their masks;
 * returns the terms written, where their ids start and how many.
 */
async function writePostings(
  sink: FileSink,
  lists: TermLists,
  from: number,
  state: Uint8Array,
  remap: Int32Array,
  masked: boolean,
) {
  const table = { terms: [] as string[], at: [] as number[], lengths: [] as number[] };
  for (const term of lists.terms()) {
    const parts = lists.partsFrom(term, from);
    let total = 0;
    for (const part of parts) total += part.length;
    if (total === 0) continue;
    const ids = new Uint32Array(total);
    const masks = new Uint8Array(total);
    let n = 0;
    for (const part of parts) {
      for (let i = 0; i < part.length; i++) {
        const id = part.ids[i] as number;
        if (!state[id]) continue;
        ids[n] = remap[id] as number;
        masks[n++] = part.masks[i] as number;
      }
    }
    if (n === 0) continue;
    await sink.pad();
    table.terms.push(term);
    table.at.push(sink.position);
    table.lengths.push(n);
    await sink.writeArray(ids.subarray(0, n));
    if (masked) await sink.writeArray(masks.subarray(0, n));
  }
  return table;
}
