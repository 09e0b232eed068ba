import type { InputFormat } from '../../schemas/document.ts';
import type { FormatReader } from './types.ts';

/**
 * Input format → the reader that turns its bytes into the document model (after docling's format
 * options). Each reader is loaded on first use: a process reading only text never loads the zip,
 * XML, HTML and PDF libraries.
 */
export const READERS: Record<InputFormat, FormatReader> = {
  txt: async (input) => (await import('./txt.ts')).readTxt(input),
  html: async (input) => (await import('./html.ts')).readHtml(input),
  docx: async (input) => (await import('./docx.ts')).readDocx(input),
  pdf: async (input) => (await import('./pdf.ts')).readPdf(input),
};
