import type { FileTypeResult } from 'file-type';
import { BadInputError } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import { decodeText } from './decode.ts';
import { DEFAULT_LIMITS, type InputFormat } from './types.ts';

/** Where a PDF header may start (readers accept up to 1 KiB of leading junk). */
const PDF_HEADER_WINDOW = 1024;

/** file-type results whose 2-byte ASCII signatures also begin ordinary text ("BM…", "MZ…"). */
const WEAK_SIGNATURES = new Set(['bmp', 'exe', 'ac3', 'dmg', 'mp3']);

/** file-type results that are markup text, left to the HTML/text checks. */
const TEXT_TYPES = new Set(['xml', 'html']);

/**
 * The input format of an upload, from its bytes only — the name is used in error messages.
 * Throws BadInputError: 'empty', 'unknown-format' (naming what the file is instead),
 * 'encrypted' (a password-protected Word file) or 'binary-junk'.
 */
export async function sniffFormat(bytes: Uint8Array, fileName: string): Promise<InputFormat> {
  return (await sniff(bytes, fileName)).format;
}

/** The sniffed format, plus the decoded text when sniffing had to decode it (so readers don't again). */
export interface Sniffed {
  format: InputFormat;
  decoded?: { text: string; encoding: string };
}

export async function sniff(
  bytes: Uint8Array,
  fileName: string,
  maxTextBytes = DEFAULT_LIMITS.maxTextBytes,
): Promise<Sniffed> {
  if (bytes.length === 0) throw new BadInputError(fileName, 'empty');
  if (indexOfAscii(bytes.subarray(0, PDF_HEADER_WINDOW), '%PDF-') >= 0) return { format: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b]) && [3, 5, 7].includes(bytes[2] ?? 0))
    return { format: sniffZip(bytes, fileName) };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw rejectOle(bytes, fileName);

  // A text BOM first: FF FE also looks like an MPEG audio frame header to file-type.
  const detected = hasTextBom(bytes) || plainText(bytes) ? undefined : await detectType(bytes);
  if (detected && !TEXT_TYPES.has(detected.ext)) {
    if (!WEAK_SIGNATURES.has(detected.ext) || !decodesAsText(bytes, fileName)) {
      throw unknownFormat(fileName, `这是${describe(detected)}，不是 txt、html、docx 或 pdf 文件`);
    }
  }
  if (bytes.length > maxTextBytes) {
    // Checked before decoding: decoding 50 MB only to refuse it took seconds.
    throw new BadInputError(fileName, 'too-large', MESSAGES.textTooLarge(bytes.length, maxTextBytes));
  }
  const decoded = decodeText(bytes, fileName);
  return looksLikeHtml(decoded.text) ? { format: 'html' } : { format: 'txt', decoded };
}

/**
 * file-type (and the 50-odd tokenizer modules behind it: ~80 ms to load) is loaded only for
 * bytes that may be something other than text.
 */
async function detectType(bytes: Uint8Array): Promise<FileTypeResult | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  return fileTypeFromBuffer(bytes);
}

/** Signatures of formats file-type knows that are themselves plain ASCII text (RTF, PostScript, vCard …). */
const TEXT_SIGNATURES = /^(?:\{\\rtf|%!|BEGIN:|-----BEGIN|#!)/;
const HEAD_BYTES = 4096;

/**
 * Whether the first 4 KiB are valid UTF-8 without control characters (tab, line breaks and form
 * feed aside) and without a text-shaped signature: no binary format file-type detects starts so,
 * and most notices (UTF-8 text and web pages) do. GB18030 and other encodings still go to
 * file-type.
 */
function plainText(bytes: Uint8Array): boolean {
  let end = Math.min(bytes.length, HEAD_BYTES);
  // cut at a character boundary: back over continuation bytes, then before the lead byte they follow
  if (end < bytes.length) {
    while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  }
  const head = bytes.subarray(0, end);
  for (const byte of head)
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f)
      return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    return false;
  }
  return !TEXT_SIGNATURES.test(text.trimStart());
}

/**
 * HTML when it says so up front (`<!doctype html`, `<html`, `<?xml …<html`) or when it starts
 * with markup and has a `<body>` or `<table>`. A stray `<p>` in a text file's cell stays text.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  const prolog = head.replace(/^(?:<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*)*/i, '');
  if (/^<!doctype\s+html|^<html[\s>]/i.test(prolog)) return true;
  return prolog.startsWith('<') && /<(?:body|table)[\s>]/i.test(text);
}

function sniffZip(bytes: Uint8Array, fileName: string): InputFormat {
  if (indexOfAscii(bytes, 'word/document.xml') >= 0) return 'docx';
  const what =
    indexOfAscii(bytes, 'xl/workbook') >= 0
      ? 'Excel 工作簿（.xlsx）'
      : indexOfAscii(bytes, 'ppt/presentation') >= 0
        ? 'PowerPoint 演示文稿（.pptx）'
        : indexOfAscii(bytes, 'opendocument.text') >= 0
          ? 'OpenDocument 文本（.odt），请另存为 .docx'
          : 'zip 压缩包';
  throw unknownFormat(fileName, MESSAGES.otherOffice(what));
}

/** OLE compound files: legacy .doc/.xls, or a password-protected (encrypted) .docx. */
function rejectOle(bytes: Uint8Array, fileName: string): BadInputError {
  if (indexOfUtf16(bytes, 'EncryptedPackage') >= 0) {
    return new BadInputError(fileName, 'encrypted', MESSAGES.wordEncrypted());
  }
  if (indexOfUtf16(bytes, 'WordDocument') >= 0) {
    return unknownFormat(fileName, MESSAGES.legacyWord());
  }
  return unknownFormat(fileName, MESSAGES.otherOffice('旧版 Office（OLE）文件'));
}

function unknownFormat(fileName: string, detail: string): BadInputError {
  return new BadInputError(fileName, 'unknown-format', detail);
}

function decodesAsText(bytes: Uint8Array, fileName: string): boolean {
  try {
    decodeText(bytes, fileName);
    return true;
  } catch {
    return false;
  }
}

/** "a PNG image", "an MP3 audio file", "an RTF document file". */
function describe({ ext, mime }: FileTypeResult): string {
  const name = ext.toUpperCase();
  const top = mime.split('/')[0];
  const kind = top === 'image' ? '图片' : top === 'audio' ? '音频文件' : top === 'video' ? '视频' : '文件';
  return ` ${name} ${kind}`;
}

function hasTextBom(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, [0xef, 0xbb, 0xbf]) ||
    startsWith(bytes, [0xff, 0xfe]) ||
    startsWith(bytes, [0xfe, 0xff])
  );
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 0, 'latin1');
}

function indexOfUtf16(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(
    Buffer.from(needle, 'utf16le'),
  );
}

/** A size for messages: `47.7 MiB`. */
export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
