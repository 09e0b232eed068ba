import { constants, crc32, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { buildZip, documentXml, minimalDocx, type ZipEntrySpec } from './zip-writer.ts';

/**
 * Byte builders for the hostile corpus: small real files of formats the readers must refuse
 * (PNG, OLE, XLSX, gzip, ELF), and zips whose cost is in the inflating (zip bombs).
 */

/** A 1×1 grey PNG (signature, IHDR, IDAT, IEND with their CRCs). */
export function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An OLE compound file's header sector and first directory sector, naming `streams`: what a
 * password-protected .docx (EncryptionInfo, EncryptedPackage) or a Word 97 .doc looks like
 * to a reader that checks the signature and the stream names.
 */
export function oleContainer(streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 24); // minor version
  header.writeUInt16LE(3, 26); // major version 3: 512-byte sectors
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // sector shift
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeUInt32LE(0, 48); // first directory sector
  const directory = Buffer.alloc(512);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, index) => {
    const entry = index * 128;
    const utf16 = Buffer.from(`${name}\0`, 'utf16le');
    utf16.copy(directory, entry);
    directory.writeUInt16LE(utf16.length, entry + 64);
    directory[entry + 66] = index === 0 ? 5 : 2; // root storage, then streams
  });
  return Buffer.concat([header, directory]);
}

/** A minimal but complete .xlsx workbook (one sheet, one cell). */
export function xlsx(): Promise<Buffer> {
  const ns = 'http://schemas.openxmlformats.org';
  return buildZip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>事项名称</t></is></c></row></sheetData></worksheet>`,
    },
  ]);
}

/** A Word document whose body is the given paragraphs (inserted verbatim, so they may hold markup). */
export function docx(paragraphs: string[], doctype = '', extra: ZipEntrySpec[] = []): Promise<Buffer> {
  return buildZip([...minimalDocx(documentXml(paragraphs, doctype)), ...extra]);
}

/** A Word document around a raw `<w:body>` content string (`r:` is the relationships namespace). */
export function docxBody(body: string, extra: ZipEntrySpec[] = []): Promise<Buffer> {
  const ns = 'http://schemas.openxmlformats.org';
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${ns}/wordprocessingml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><w:body>${body}</w:body></w:document>`;
  return buildZip([...minimalDocx(xml), ...extra]);
}

/**
 * `mib` MiB of zeros as raw deflate, built in milliseconds: one MiB deflated with a sync
 * flush (so it ends on a byte boundary and is not final) repeated, then an empty final block.
 */
export function deflatedZeros(mib: number): { data: Buffer; crc: number; size: number } {
  const block = Buffer.alloc(2 ** 20);
  const piece = deflateRawSync(block, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(block, crc);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  return {
    data: Buffer.concat([...Array<Buffer>(mib).fill(piece), finalEmptyBlock]),
    crc,
    size: mib * 2 ** 20,
  };
}

/** The first bytes of an x86-64 Linux executable (ELF header). */
export function elfHeader(): Buffer {
  const header = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(header);
  header.writeUInt16LE(2, 16); // executable
  header.writeUInt16LE(0x3e, 18); // x86-64
  return header;
}

export function gzip(text: string): Buffer {
  return gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
}

/** Deterministic pseudo-random bytes (xorshift), so a committed "random" file regenerates identically. */
export function noise(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** `序号 事项名称 检查对象 实施依据` plus `extraColumns` more, then `rows` rows. */
export function wideOrLongTable(rows: number, extraColumns: number): string {
  const extra = Array.from({ length: extraColumns }, (_, i) => `附加列${i + 1}`);
  const lines = [['序号', '事项名称', '检查对象', '实施依据', ...extra].join('\t')];
  for (let i = 1; i <= rows; i++) {
    const basis = `《医疗保障基金使用监督管理条例》第${(i % 50) + 1}条`;
    lines.push(
      [i, `对定点医药机构的行政检查第${i}项`, '定点医药机构', basis, ...extra.map((_, k) => `值${k}`)].join(
        '\t',
      ),
    );
  }
  return `医疗保障行政检查事项清单\n${lines.join('\n')}\n`;
}
