import type { Block } from '../../schemas/document.ts';
import { BadInputError } from '../errors.ts';
import { decodeText } from './decode.ts';
import {
  BLOCK_TAGS,
  collapseWhitespace,
  type HtmlNode,
  isElement,
  isSkipped,
  parseHtml,
} from './html-dom.ts';
import { TooManyElementsError } from './html-limits.ts';
import { sourceRows, tableCaption, tableRows } from './html-table.ts';
import { placeCells } from './table-grid.ts';
import type { FormatReader } from './types.ts';

/** Reads an HTML notice (UTF-8, GBK/GB18030 or Big5 bytes) into the document model. */
export const readHtml: FormatReader = async ({ bytes, fileName }) => {
  const { text, encoding } = decodeText(bytes, fileName, declaredCharset(bytes));
  try {
    return { encoding, blocks: htmlToBlocks(text) };
  } catch (error) {
    if (!(error instanceof TooManyElementsError)) throw error;
    const limit = error.limit.toLocaleString('en');
    throw new BadInputError(fileName, 'too-complex', `文件过大或过于复杂：网页元素超过 ${limit} 个`);
  }
};

/** The charset a page declares in its first 2 KiB (`<meta charset>` or http-equiv content-type). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

/** Leaving an element: the walk closes the paragraph or heading it opened. */
interface Leave {
  leave: string;
}

/**
 * HTML → blocks, in document order: h1–h6 become headings, runs of text between block edges
 * (p, div, li, br …) paragraphs, tables table blocks (a caption becomes the paragraph before
 * its table). script/style/noscript/template and `<head>` are ignored. A one-cell table is page
 * layout, not data: its content is read as ordinary blocks. Iterative: any nesting depth.
 */
export function htmlToBlocks(html: string): Block[] {
  const out = new BlockWriter();
  const stack: (HtmlNode | Leave)[] = [parseHtml(html)];
  while (stack.length > 0) {
    const item = stack.pop() as HtmlNode | Leave;
    if ('leave' in item) out.leave(item.leave);
    else visit(item, stack, out);
  }
  out.flush();
  return out.blocks;
}

function visit(node: HtmlNode, stack: (HtmlNode | Leave)[], out: BlockWriter): void {
  const name = isElement(node) ? (node.name ?? '') : '';
  const level = /^h([1-6])$/.exec(name)?.[1];
  const rows = name === 'table' ? tableRows(node) : [];
  if (node.type === 'text') out.text(node.data ?? '');
  else if (isSkipped(node)) return;
  else if (name === 'br') out.lineBreak();
  else if (rows.flat().length > 1) out.table(tableCaption(node), rows);
  else {
    if (level) out.enterHeading(Number(level));
    else if (isBlock(name)) out.edge();
    if (name) stack.push({ leave: name });
    // A loop, not a spread: an element may have more children than a call takes arguments.
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as HtmlNode);
  }
}

/** Block elements, and the cells of a layout table, whose edges break paragraphs. */
function isBlock(name: string): boolean {
  return BLOCK_TAGS.has(name) || name === 'td' || name === 'th';
}

/** Collects text into the current paragraph or heading and emits finished blocks. */
class BlockWriter {
  readonly blocks: Block[] = [];
  private pieces: string[] = [];
  private headingLevel = 0;
  /** Open heading elements (a heading nested in a heading stays one heading). */
  private headingDepth = 0;

  text(data: string): void {
    this.pieces.push(data);
  }

  /** `<br>`: a new paragraph, or a space inside a heading. */
  lineBreak(): void {
    this.edge();
  }

  /** A block element starts or ends. */
  edge(): void {
    if (this.headingDepth > 0) this.pieces.push(' ');
    else this.flush();
  }

  enterHeading(level: number): void {
    if (this.headingDepth++ > 0) {
      this.pieces.push(' ');
      return;
    }
    this.flush();
    this.headingLevel = level;
  }

  leave(name: string): void {
    if (/^h[1-6]$/.test(name) && this.headingDepth > 0) {
      if (--this.headingDepth === 0) {
        this.flush();
        this.headingLevel = 0;
      }
    } else if (isBlock(name)) this.edge();
  }

  table(caption: string, rows: ReturnType<typeof tableRows>): void {
    this.flush();
    if (caption) this.blocks.push({ kind: 'paragraph', text: caption });
    this.blocks.push({ kind: 'table', table: placeCells(sourceRows(rows)) });
  }

  flush(): void {
    const text = collapseWhitespace(this.pieces.join(''));
    this.pieces = [];
    if (!text) return;
    this.blocks.push(
      this.headingLevel > 0
        ? { kind: 'heading', text, level: this.headingLevel }
        : { kind: 'paragraph', text },
    );
  }
}
