import { z } from 'zod';
import { DocumentModel } from '../../schemas/document.ts';
import { BadInputError, causeForPeople, InternalError, isStackOverflow } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import { checkedBlocks } from './model-checks.ts';
import { READERS } from './readers.ts';
import { sniff } from './sniff.ts';
import { DEFAULT_LIMITS, type FormatReader, type ReadLimits } from './types.ts';

/**
 * Reads an uploaded file into the document model: size limits, the format sniffed from the
 * bytes (never the name), then the reader bound to that format in `readers.ts`.
 * Every failure caused by the file is a BadInputError whose message starts with the file name;
 * a parser crash becomes 'malformed' with the parser's message. The blocks read are checked
 * (`checkedBlocks`): control characters dropped, tables within `maxTableCells`, and a file
 * with no text at all is 'not-a-notice'.
 */
export async function readDocument(
  bytes: Uint8Array,
  fileName: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<DocumentModel> {
  if (bytes.length === 0) throw new BadInputError(fileName, 'empty');
  if (bytes.length > limits.maxBytes) {
    throw new BadInputError(fileName, 'too-large', MESSAGES.tooLarge(bytes.length, limits.maxBytes));
  }
  const { format, decoded } = await sniff(bytes, fileName, limits.maxTextBytes);
  let read: Awaited<ReturnType<FormatReader>>;
  try {
    read = await READERS[format]({ bytes, fileName, limits, ...(decoded ? { decoded } : {}) });
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    const detail = isStackOverflow(error)
      ? MESSAGES.nestedTooDeep(format)
      : MESSAGES.notParsed(format, causeForPeople(error));
    throw new BadInputError(fileName, 'malformed', detail, { cause: error });
  }
  const blocks = checkedBlocks(read.blocks, format, fileName, limits);
  const model = DocumentModel.safeParse({ format, ...read, blocks });
  if (!model.success) {
    throw new InternalError(
      `${fileName}: the ${format} reader produced an invalid document model\n${z.prettifyError(model.error)}`,
    );
  }
  return model.data;
}
