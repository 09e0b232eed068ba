import { BadInputError, causeText, isStackOverflow } from '../errors.ts';
import { htmlToBlocks } from './html.ts';
import type { FormatReader } from './types.ts';
import { guardZip } from './zip-guard.ts';

/**
 * Reads a Word .docx: the zip is checked against the decompression cap first (zip bombs,
 * encrypted or cut-off archives), then mammoth converts it to HTML (headings h1–h6 from the
 * Heading styles, tables with their merged cells) and htmlToBlocks builds the blocks.
 * mammoth's XML parser does not resolve external entities, so an XXE payload stays inert.
 */
export const readDocx: FormatReader = async ({ bytes, fileName, limits }) => {
  await guardZip(bytes, fileName, limits.maxDecompressedBytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { default: mammoth } = await import('mammoth');
  // Images are dropped: an empty src keeps mammoth from inlining them as base64.
  const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer }, { convertImage: dropImages })).value;
  } catch (error) {
    throw new BadInputError(fileName, 'malformed', wordError(error), { cause: error });
  }
  return { encoding: null, blocks: htmlToBlocks(html) };
};

/** mammoth/xmldom failures in words: a recursion limit hit, or the parser's first line without its noise. */
function wordError(error: unknown): string {
  if (isStackOverflow(error)) return 'the Word document nests elements too deeply to read';
  const message = causeText(error)
    .replace(/\[xmldom error\]|@#\[line:[^\]]*\]|^error:\s*/gi, '')
    .trim();
  return `the Word document could not be read (${message})`;
}
