import type { InputFormat } from '../../schemas/document.ts';
import { readDocx } from './docx.ts';
import { readHtml } from './html.ts';
import { readPdf } from './pdf.ts';
import { readTxt } from './txt.ts';
import type { FormatReader } from './types.ts';

/** Input format → the reader that turns its bytes into the document model (after docling's format options). */
export const READERS: Record<InputFormat, FormatReader> = {
  txt: readTxt,
  html: readHtml,
  docx: readDocx,
  pdf: readPdf,
};
