import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One file in a hand-built test zip. */
export interface ZipEntrySpec {
  name: string;
  /** Stored deflated; `zeros` bytes of zeros are deflated in streaming chunks instead. */
  data?: string | Uint8Array;
  zeros?: number;
  /** Uncompressed size written to the headers; defaults to the real one (a lying archive sets it). */
  declaredSize?: number;
  /** Sets the "encrypted" flag (the data is left as is). */
  encrypted?: boolean;
  /** Data deflated beforehand (raw deflate), with the CRC-32 and size of what it inflates to. */
  deflated?: { data: Buffer; crc: number; size: number };
}

/** Builds a zip archive (deflate, no data descriptors, no zip64) for hostile-archive tests. */
export async function buildZip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { compressed, crc, size } = await compress(entry);
    const name = Buffer.from(entry.name, 'utf8');
    const fields = {
      flags: (entry.encrypted ? 0x1 : 0) | 0x800,
      crc,
      compressedSize: compressed.length,
      size: entry.declaredSize ?? size,
      nameLength: name.length,
    };
    const local = Buffer.concat([header(0x04034b50, fields, false), name, compressed]);
    central.push(Buffer.concat([header(0x02014b50, fields, true, offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The three parts a Word document needs, around the given word/document.xml. */
export function minimalDocx(documentXml: string): ZipEntrySpec[] {
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    { name: 'word/document.xml', data: documentXml },
  ];
}

/** A `<w:document>` with one paragraph per text (text inserted verbatim: it may hold entity references). */
export function documentXml(paragraphs: string[], doctype = ''): string {
  const body = paragraphs.map((text) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>${doctype}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

async function compress(entry: ZipEntrySpec): Promise<{ compressed: Buffer; crc: number; size: number }> {
  if (entry.deflated) return { ...entry.deflated, compressed: entry.deflated.data };
  if (entry.zeros === undefined) {
    const data =
      typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? []);
    return { compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
  }
  const chunk = Buffer.alloc(1 << 20);
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const output: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => output.push(piece));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  for (let left = entry.zeros; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { compressed: Buffer.concat(output), crc, size: entry.zeros };
}

interface HeaderFields {
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  nameLength: number;
}

/** A local (30-byte) or central (46-byte) file header, without the name. */
function header(signature: number, fields: HeaderFields, central: boolean, localOffset = 0): Buffer {
  const buffer = Buffer.alloc(central ? 46 : 30);
  let at = 0;
  const u16 = (value: number) => {
    at = buffer.writeUInt16LE(value, at);
  };
  const u32 = (value: number) => {
    at = buffer.writeUInt32LE(value >>> 0, at);
  };
  u32(signature);
  if (central) u16(20);
  [20, fields.flags, 8, 0, 0x21].forEach(u16);
  [fields.crc, fields.compressedSize, fields.size].forEach(u32);
  [fields.nameLength, 0].forEach(u16);
  if (central) {
    [0, 0, 0].forEach(u16);
    [0, localOffset].forEach(u32);
  }
  return buffer;
}
