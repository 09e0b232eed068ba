import type { InputFormat } from '../schemas/document.ts';
import { readDocx } from '../src/formats/docx.ts';
import { readHtml } from '../src/formats/html.ts';
import { readPdf } from '../src/formats/pdf.ts';
import { readTxt } from '../src/formats/txt.ts';
import type { FormatReader } from '../src/formats/types.ts';

/** Input format → the reader that turns its bytes into the document model (after docling's format options). */
export const READERS: Record<InputFormat, FormatReader> = {
  txt: readTxt,
  html: readHtml,
  docx: readDocx,
  pdf: readPdf,
};
