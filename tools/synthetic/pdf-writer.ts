/**
 * A minimal hand-written PDF generator for hostile-input tests: N small pages in a flat page
 * tree, Helvetica text (ASCII) or CJK text in a non-embedded CID font with a ToUnicode map
 * (what a reader extracts Chinese text through), optionally an image-only page, a lying page count, an
 * `/Encrypt` dictionary whose password nobody knows, or a broken cross-reference table.
 * Small and fast: 5,000 pages are about 0.5 MB and take milliseconds to write.
 */
export interface PdfSpec {
  /** The text of each page (ASCII; `\n` starts a new line), or how many pages with the same short line. */
  pages: string[] | number;
  /** Each page shows a 1×1 gray image instead of text (a scan without a text layer). */
  imageOnly?: boolean;
  /** `/Count` of the page tree, when it should lie about the number of pages. */
  claimedPages?: number;
  /** Adds a standard-security `/Encrypt` dictionary: opening needs a password nobody knows. */
  encrypted?: boolean;
  /** Writes every xref offset as 0 and the startxref past the end of the file. */
  brokenXref?: boolean;
  /** Text in any BMP characters (Chinese) through a Type0 font, instead of Helvetica ASCII. */
  cjk?: boolean;
}

/** Builds the PDF described by `spec`. */
export function buildPdf(spec: PdfSpec): Buffer {
  const texts = typeof spec.pages === 'number' ? Array<string>(spec.pages).fill('') : spec.pages;
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);

  const catalog = add('');
  const pagesRoot = add('');
  const font = spec.cjk ? addCjkFont(add) : add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const image = spec.imageOnly
    ? add(
        stream(
          '<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8',
          '\x80',
        ),
      )
    : 0;
  const shared =
    typeof spec.pages === 'number' ? add(stream('<<', pageContent('Page', spec.imageOnly, spec.cjk))) : 0;
  const kids: number[] = [];
  for (const [index, text] of texts.entries()) {
    const content =
      shared || add(stream('<<', pageContent(text || `Page ${index + 1}`, spec.imageOnly, spec.cjk)));
    const resources = image ? `/XObject << /Im1 ${image} 0 R >>` : `/Font << /F1 ${font} 0 R >>`;
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 595 842] /Resources << ${resources} >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesRoot} 0 R >>`;
  objects[pagesRoot - 1] =
    `<< /Type /Pages /Count ${spec.claimedPages ?? kids.length} /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] >>`;
  const encrypt = spec.encrypted ? add(ENCRYPT_DICTIONARY) : 0;
  return serialize(objects, catalog, encrypt, spec.brokenXref ?? false);
}

/**
 * A revision-2 (40-bit RC4) security handler with random-looking /O and /U: no password,
 * not even the empty one, matches /U, so a reader must ask for a password.
 */
const ENCRYPT_DICTIONARY = `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'7a'.repeat(32)}> /U <${'3c'.repeat(32)}> >>`;

const FILE_ID = '<0123456789abcdef0123456789abcdef>';

function pageContent(text: string, imageOnly = false, cjk = false): string {
  if (imageOnly) return 'q 500 0 0 700 48 70 cm /Im1 Do Q';
  const pdfString = (line: string) => line.replace(/[\\()]/g, (char) => `\\${char}`);
  // CJK: two-byte codes (Identity-H), each the character's UTF-16 unit, as a hex string.
  const cidString = (line: string) => Buffer.from(line, 'utf16le').swap16().toString('hex');
  // Lines (split on \n) go down the page, one text line each.
  const lines = text.split('\n').map((line) => (cjk ? `<${cidString(line)}> Tj` : `(${pdfString(line)}) Tj`));
  return `BT /F1 14 Tf 72 770 Td ${lines.join(' 0 -16 Td ')} ET`;
}

/**
 * A Type0 font whose two-byte codes are UTF-16 units (CID = code, Identity-H) and whose
 * ToUnicode CMap maps each code to itself; the glyphs are not embedded (a reader substitutes).
 */
function addCjkFont(add: (body: string) => number): number {
  const ranges = Array.from({ length: 256 }, (_, hi) => {
    const h = hi.toString(16).padStart(2, '0');
    return `<${h}00> <${h}ff> <${h}00>`;
  });
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const block = ranges.slice(i, i + 100);
    blocks.push(`${block.length} beginbfrange\n${block.join('\n')}\nendbfrange`);
  }
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <ffff> endcodespacerange',
    ...blocks,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const toUnicode = add(stream('<<', cmap));
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  return add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
}

function stream(dictionaryStart: string, data: string): string {
  return `${dictionaryStart} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
}

function serialize(objects: string[], catalog: number, encrypt: number, brokenXref: boolean): Buffer {
  const parts = ['%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'];
  let length = Buffer.byteLength(parts[0] as string, 'latin1');
  const offsets: number[] = [];
  for (const [index, body] of objects.entries()) {
    offsets.push(length);
    const object = `${index + 1} 0 obj\n${body}\nendobj\n`;
    parts.push(object);
    length += Buffer.byteLength(object, 'latin1');
  }
  const entries = offsets.map((offset) => `${pad(brokenXref ? 0 : offset)} 00000 n \n`);
  const trailerExtra = encrypt ? ` /Encrypt ${encrypt} 0 R /ID [${FILE_ID} ${FILE_ID}]` : '';
  parts.push(
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries.join('')}`,
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${trailerExtra} >>\n`,
    `startxref\n${brokenXref ? length + 1000 : length}\n%%EOF\n`,
  );
  return Buffer.from(parts.join(''), 'latin1');
}

function pad(offset: number): string {
  return String(offset).padStart(10, '0');
}
