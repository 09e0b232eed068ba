import { decodeText } from './decode.ts';
import { textToBlocks } from './text-blocks.ts';
import type { FormatReader } from './types.ts';

/** Reads .txt/.md notices (UTF-8, GB18030/GBK, UTF-16 …) into the document model. */
export const readTxt: FormatReader = async ({ bytes, fileName, decoded }) => {
  const { text, encoding } = decoded ?? decodeText(bytes, fileName);
  return { encoding, blocks: textToBlocks(text) };
};
