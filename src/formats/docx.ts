import { BadInputError } from '../errors.ts';
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
    const message = error instanceof Error ? error.message : String(error);
    throw new BadInputError(fileName, 'malformed', `the Word document could not be read (${message})`, {
      cause: error,
    });
  }
  return { encoding: null, blocks: htmlToBlocks(html) };
};
