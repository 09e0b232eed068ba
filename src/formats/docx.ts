import { SaxesParser } from 'saxes';
import { BadInputError, causeForPeople, causeText } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import { WordBodyError, WordBodyReader, type XmlTag } from './docx-body.ts';
import type { FormatReader } from './types.ts';
import { guardZip, inflatePart, type ZipPart } from './zip-guard.ts';

/** Where Word keeps the body and styles when the package's relationships do not say. */
const DEFAULT_DOCUMENT_PART = 'word/document.xml';

/**
 * Reads a Word .docx in one streaming pass: the zip is checked against the decompression cap
 * first (zip bombs, encrypted or cut-off archives), then the main document part is inflated
 * chunk by chunk into a strict SAX parser (saxes) whose events build the blocks directly
 * (WordBodyReader). No XML tree is ever built, so memory follows the text: a 20 MB document
 * costs what its words cost, where mammoth's three trees took gigabytes.
 * Strict XML: a part that is not well-formed is 'malformed'. Entities are never resolved
 * beyond XML's five and character references (no DTD is read), so XXE and billion-laughs
 * payloads are refused as undefined entities, never fetched or expanded.
 */
export const readDocx: FormatReader = async ({ bytes, fileName, limits }) => {
  const parts = await guardZip(bytes, fileName, limits.maxDecompressedBytes);
  try {
    const documentPath = await mainDocumentPath(parts);
    const document = parts.get(documentPath);
    if (!document) throw new WordBodyError(`the Word document has no ${documentPath} part`);
    const headingLevels = await readHeadingStyles(parts, documentPath);
    const reader = new WordBodyReader(headingLevels);
    await parseXml(document, {
      open: (tag) => reader.open(tag),
      close: () => reader.close(),
      text: (data) => reader.text(data),
    });
    return { encoding: null, blocks: reader.end() };
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(fileName, 'malformed', wordError(error), { cause: error });
  }
};

/** What a pass over a part listens to (a pass that only reads attributes listens to start tags). */
interface XmlHandlers {
  open(tag: XmlTag): void;
  close?(): void;
  text?(data: string): void;
}

/** Streams one part through saxes; an ill-formed part throws. */
async function parseXml(part: ZipPart, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ position: false });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => handlers.open(tag as XmlTag));
  const { close, text } = handlers;
  if (close) parser.on('closetag', () => close());
  if (text) parser.on('text', (data) => text(data));
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of inflatePart(part)) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
  }
  parser.write(decoder.decode());
  parser.close();
  if (failure) throw failure;
}

/** The main document part named by the package relationships (`_rels/.rels`), else word/document.xml. */
async function mainDocumentPath(parts: Map<string, ZipPart>): Promise<string> {
  const rels = parts.get('_rels/.rels');
  if (!rels) return DEFAULT_DOCUMENT_PART;
  const target = await relationshipTarget(rels, '/officeDocument');
  return target ? resolvePartPath('', target) : DEFAULT_DOCUMENT_PART;
}

/**
 * Heading level by paragraph style id: mammoth's default style map, which a Word user's
 * headings follow — style ids Heading1–Heading6, or style names "heading 1"–"heading 6" (what
 * Chinese Word writes, with numeric ids such as "2").
 */
async function readHeadingStyles(
  parts: Map<string, ZipPart>,
  documentPath: string,
): Promise<Map<string, number>> {
  const folder = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const rels = parts.get(`${folder}_rels/${documentPath.slice(folder.length)}.rels`);
  const target = rels ? await relationshipTarget(rels, '/styles') : undefined;
  const styles = parts.get(target ? resolvePartPath(folder, target) : `${folder}styles.xml`);
  const levels = new Map<string, number>();
  if (!styles) return levels;
  let styleId: string | null = null;
  await parseXml(styles, {
    open: ({ name, attributes }) => {
      if (name === 'w:style') {
        styleId = attributes['w:type'] === 'paragraph' ? (attributes['w:styleId'] ?? null) : null;
        const level = styleId ? /^Heading([1-6])$/.exec(styleId)?.[1] : undefined;
        if (styleId && level) levels.set(styleId, Number(level));
      } else if (name === 'w:name' && styleId) {
        const level = /^heading ([1-6])$/i.exec(attributes['w:val'] ?? '')?.[1];
        if (level) levels.set(styleId, Number(level));
      }
    },
  });
  return levels;
}

/** The target of the first relationship whose type ends with `typeSuffix`. */
async function relationshipTarget(rels: ZipPart, typeSuffix: string): Promise<string | undefined> {
  let target: string | undefined;
  await parseXml(rels, {
    open: ({ name, attributes }) => {
      if (target === undefined && name === 'Relationship' && attributes.Type?.endsWith(typeSuffix))
        target = attributes.Target;
    },
  });
  return target;
}

/** A relationship target as a part name: relative to `folder`, or absolute from the root. */
function resolvePartPath(folder: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const path: string[] = [];
  for (const segment of segments) {
    if (segment === '..') path.pop();
    else if (segment && segment !== '.') path.push(segment);
  }
  return path.join('/');
}

/** A refusal of the reader or the XML parser, in words. */
function wordError(error: unknown): string {
  if (error instanceof WordBodyError) return error.message;
  if (/undefined entity/i.test(causeText(error))) return MESSAGES.wordEntity();
  return MESSAGES.wordNotRead(causeForPeople(error));
}
