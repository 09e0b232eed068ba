import { createRequire } from 'node:module';
import { BadInputError } from '../errors.ts';
import { MESSAGES } from '../messages.ts';

/**
 * chardet and iconv-lite (~45 ms to load) are needed only for text that is not UTF-8, a minority:
 * loaded on first use (both are CommonJS, so synchronously), not with every command that reads
 * a file.
 */
const load = createRequire(import.meta.url);
let legacy: { analyse: typeof import('chardet').analyse; iconv: typeof import('iconv-lite') } | null = null;
function codecs() {
  legacy ??= { analyse: load('chardet').analyse, iconv: load('iconv-lite') };
  return legacy;
}

/** Text bytes decoded, with the encoding that was used (utf-8, utf-16le, gb18030, big5 …). */
export interface DecodedText {
  /** LF line ends, no leading BOM. */
  text: string;
  encoding: string;
}

/**
 * Share of characters that may be control characters or U+FFFD before the bytes count as
 * binary data rather than text (a few stray ones survive in real notices).
 */
const MAX_JUNK_SHARE = 0.02;

/** chardet's confidence (0–100) Big5 must reach, above GB18030's, before it is preferred. */
const MIN_BIG5_CONFIDENCE = 50;

/**
 * Decodes a text upload: a BOM (UTF-8, UTF-16LE/BE) wins; else UTF-16 without a BOM when the
 * bytes read as text in it (NUL bytes in plain text, or not UTF-8 at all); else strict UTF-8; else the charset
 * the file declares (an HTML `<meta charset>`) when iconv-lite knows it; else Big5 when chardet
 * is confident of it; else GB18030 (a superset of GBK and GB2312). Throws BadInputError
 * 'binary-junk' when the result is mostly control characters or undecodable bytes — a binary
 * file named .txt.
 */
export function decodeText(bytes: Uint8Array, fileName: string, declaredCharset?: string): DecodedText {
  const bom = decodeWithBom(bytes);
  // Strict UTF-8 at most once: the UTF-16 check asks whether the bytes are UTF-8 too.
  const utf8 = bom ? null : decodeUtf8(bytes);
  const decoded =
    bom ??
    decodeUtf16WithoutBom(bytes, utf8 !== null) ??
    utf8 ??
    decodeDeclared(bytes, declaredCharset) ??
    decodeChinese(bytes);
  if (isJunk(decoded.text)) {
    throw new BadInputError(fileName, 'binary-junk', MESSAGES.binaryJunk());
  }
  return { text: normaliseLineEnds(decoded.text.replace(/^\uFEFF/, '')), encoding: decoded.encoding };
}

function decodeWithBom(bytes: Uint8Array): DecodedText | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return {
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)),
      encoding: 'utf-8',
    };
  }
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: decodeWith(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: decodeWith(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  return null;
}

/**
 * UTF-16 without a BOM (Windows tools write it): tried when the bytes hold NULs (text in any
 * other encoding has none) or are not UTF-8, and taken when nearly every character it gives is
 * one a notice is written in (CJK, CJK punctuation, full-width forms, printable ASCII, line ends).
 */
function decodeUtf16WithoutBom(bytes: Uint8Array, isUtf8: boolean): DecodedText | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  if (!bytes.includes(0) && isUtf8) return null;
  // Judged on a sample; the whole file is decoded only in the encoding taken.
  const sample = bytes.subarray(0, UTF16_SAMPLE_BYTES);
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    if (textShare(decodeWith(sample, encoding)) >= MIN_UTF16_TEXT_SHARE)
      return { text: decodeWith(bytes, encoding), encoding };
  }
  return null;
}

/** Bytes of a BOM-less file looked at to tell UTF-16 (an even number: whole code units). */
const UTF16_SAMPLE_BYTES = 8192;

const MIN_UTF16_TEXT_SHARE = 0.95;

/** The share of characters that ordinary notice text is made of. */
function textShare(text: string): number {
  const sample = text.slice(0, 4096);
  let ok = 0;
  for (const char of sample) {
    const code = char.codePointAt(0) ?? 0;
    if (
      (code >= 0x20 && code < 0x7f) ||
      code === 0x0a ||
      code === 0x0d ||
      code === 0x09 ||
      (code >= 0x3000 && code < 0x3040) ||
      (code >= 0x4e00 && code < 0xa000) ||
      (code >= 0xff00 && code < 0xfff0) ||
      (code >= 0x2000 && code < 0x2070)
    )
      ok++;
  }
  return sample.length === 0 ? 0 : ok / [...sample].length;
}

function decodeUtf8(bytes: Uint8Array): DecodedText | null {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes),
      encoding: 'utf-8',
    };
  } catch {
    return null;
  }
}

function decodeDeclared(bytes: Uint8Array, charset: string | undefined): DecodedText | null {
  const name = charset?.trim().toLowerCase();
  if (!name || /^utf-?8$/.test(name) || !codecs().iconv.encodingExists(name)) return null;
  // GBK and GB2312 declarations are read as their superset.
  const encoding = /^(?:gbk|gb2312|gb_2312.*|x-gbk|cp936)$/.test(name) ? 'gb18030' : name;
  return { text: decodeWith(bytes, encoding), encoding };
}

/** Not UTF-8: a Chinese legacy encoding. Big5 only when chardet prefers it and it decodes without loss. */
function decodeChinese(bytes: Uint8Array): DecodedText {
  if (prefersBig5(bytes)) {
    const big5 = decodeWith(bytes, 'big5');
    if (!big5.includes('\uFFFD')) return { text: big5, encoding: 'big5' };
  }
  return { text: decodeWith(bytes, 'gb18030'), encoding: 'gb18030' };
}

function prefersBig5(bytes: Uint8Array): boolean {
  const matches = codecs().analyse(bytes);
  const confidence = (name: string) => matches.find((match) => match.name === name)?.confidence ?? 0;
  return confidence('Big5') >= MIN_BIG5_CONFIDENCE && confidence('Big5') > confidence('GB18030');
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  return codecs().iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, {
    stripBOM: false,
  });
}

/** More than MAX_JUNK_SHARE control characters (other than whitespace ones) or U+FFFD. */
function isJunk(text: string): boolean {
  if (text.length === 0) return false;
  let junk = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const isControl = (code < 0x20 && !WHITESPACE_CONTROLS.has(code)) || (code >= 0x7f && code < 0xa0);
    if (isControl || code === 0xfffd) junk++;
  }
  return junk / text.length > MAX_JUNK_SHARE;
}

const WHITESPACE_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d]);

function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
