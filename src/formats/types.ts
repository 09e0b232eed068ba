import type { Block, DocumentModel, InputFormat } from '../../schemas/document.ts';

/** Safety caps applied while reading untrusted uploads. */
export interface ReadLimits {
  /**
   * Largest accepted file, in bytes.
   * @defaultValue 50 MiB
   */
  maxBytes: number;
  /**
   * Largest accepted text or web page (txt, md, html), in bytes: text costs far more memory per
   * byte than a compressed format, and a real notice is well under 1 MiB of text.
   * @defaultValue 20 MiB
   */
  maxTextBytes: number;
  /**
   * Largest total decompressed size of a docx's zip entries, in bytes.
   * @defaultValue 200 MiB
   */
  maxDecompressedBytes: number;
  /**
   * Most PDF pages read.
   * @defaultValue 1000
   */
  maxPages: number;
  /**
   * Largest table grid (rows × columns, spans expanded) read; a few bytes of rowspan/colspan
   * must not become a grid of billions of positions.
   * @defaultValue 2,000,000
   */
  maxTableCells: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxTextBytes: 20 * 1024 * 1024,
  maxDecompressedBytes: 200 * 1024 * 1024,
  maxPages: 1000,
  maxTableCells: 2_000_000,
};

export interface ReadInput {
  bytes: Uint8Array;
  /** Used only in error messages; the format comes from the bytes. */
  fileName: string;
  limits: ReadLimits;
  /** The text, when sniffing already decoded it. */
  decoded?: { text: string; encoding: string };
}

/** A format reader: bytes of one format in, the document model out. Throws BadInputError. */
export type FormatReader = (input: ReadInput) => Promise<Omit<DocumentModel, 'format'> & { blocks: Block[] }>;

export type { InputFormat };
