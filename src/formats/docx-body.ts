import type { Block } from '../../schemas/document.ts';
import { collapseWhitespace } from './html-dom.ts';
import { placeCells, type SourceCell } from './table-grid.ts';

/**
 * Deepest element nesting read in a Word part. Word writes a few dozen levels (tables in
 * tables in text boxes); thousands are a hostile file.
 * @defaultValue 1,000
 */
export const MAX_WORD_DEPTH = 1000;

/** Thrown for a Word part the reader refuses (the caller names the file). */
export class WordBodyError extends Error {}

/** An XML start tag as the SAX parser reports it (names with their prefix, e.g. `w:p`). */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
}

/** Subtrees whose text is not the document's: deleted runs, the modern half of an alternate. */
const SKIPPED = new Set(['w:del', 'w:moveFrom', 'mc:Choice']);

/** Run content that reads as a character (after mammoth's body reader). */
const CHARACTERS: Record<string, string> = {
  'w:tab': '\t',
  'w:noBreakHyphen': '\u2011',
  'w:softHyphen': '\u00ad',
};

interface Paragraph {
  pieces: string[];
  styleId: string | null;
  /** The paragraph mark is a tracked deletion: its text runs on into the next paragraph. */
  markDeleted: boolean;
}

interface OpenCell {
  /** What the cell holds, as blocks (kept whole only while its table may be a layout table). */
  blocks: Block[];
  colSpan: number | null;
  /** w:vMerge without "restart": this cell continues the one above. */
  mergesUp: boolean;
}

interface OpenRow {
  cells: OpenCell[];
  header: boolean;
  deleted: boolean;
}

/** A finished cell of a table still being read (its blocks kept only while the table may be layout). */
interface ReadCell extends SourceCell {
  blocks: Block[];
}

interface OpenTable {
  rows: ReadCell[][];
  /** By grid position, the latest cell that starts there (what a vMerge continuation lengthens). */
  columns: Map<number, ReadCell>;
  row: OpenRow | null;
  cell: OpenCell | null;
  cellCount: number;
}

/**
 * Builds the document's blocks from the SAX events of a WordprocessingML body, in one pass and
 * without a tree: what is held at any time is the open paragraph and the tables still open, so
 * memory follows the text, not the XML. The result is the one mammoth + htmlToBlocks gave
 * (the reader it replaces): paragraphs in Heading 1–6 styles are headings, `w:br` breaks a
 * paragraph, tables keep gridSpan and vMerge spans and tblHeader rows, a one-cell table is page
 * layout and is read as ordinary blocks, deleted runs and rows and the `mc:Choice` half of an
 * alternate are skipped, text boxes are paragraphs of their own.
 */
export class WordBodyReader {
  readonly blocks: Block[] = [];
  private readonly names: string[] = [];
  private skipDepth = 0;
  private inText = false;
  private readonly paragraphs: Paragraph[] = [];
  private readonly tables: OpenTable[] = [];
  /** Text of paragraphs whose mark was deleted: it runs on into the next paragraph. */
  private carried: string[] = [];
  private sawDocument = false;

  /** @param headingLevels heading level by paragraph style id (from styles.xml). */
  constructor(private readonly headingLevels: ReadonlyMap<string, number>) {}

  open(tag: XmlTag): void {
    this.names.push(tag.name);
    if (this.names.length > MAX_WORD_DEPTH) {
      throw new WordBodyError(`Word 文件的元素嵌套过深，无法读取（超过 ${MAX_WORD_DEPTH} 层）`);
    }
    if (this.skipDepth > 0 || this.skips(tag.name)) {
      this.skipDepth++;
      return;
    }
    this.startElement(tag);
  }

  close(): void {
    const name = this.names.pop() ?? '';
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    this.endElement(name);
  }

  text(data: string): void {
    if (this.inText && this.skipDepth === 0) this.paragraph()?.pieces.push(data);
  }

  /** Called after the last event; throws when the part was no Word body at all. */
  end(): Block[] {
    if (!this.sawDocument) throw new WordBodyError('the Word document has no body');
    if (this.carried.length > 0) {
      this.paragraphs.push({ pieces: this.carried, styleId: null, markDeleted: false });
      this.flushParagraph();
    }
    return this.blocks;
  }

  private skips(name: string): boolean {
    if (!SKIPPED.has(name)) return false;
    // w:del inside properties marks a deleted row or paragraph mark; it holds no text.
    return !(name === 'w:del' && /Pr$/.test(this.parentName()));
  }

  private startElement({ name, attributes }: XmlTag): void {
    const paragraph = this.paragraph();
    switch (name) {
      case 'w:document':
        this.sawDocument = true;
        return;
      case 'w:p':
        // A paragraph inside a paragraph (a text box in a run) ends the text before it.
        this.flushParagraph();
        this.paragraphs.push({ pieces: this.carried, styleId: null, markDeleted: false });
        this.carried = [];
        return;
      case 'w:t':
        this.inText = true;
        return;
      case 'w:br':
      case 'w:cr':
        if (name === 'w:cr' || !attributes['w:type'] || attributes['w:type'] === 'textWrapping')
          this.lineBreak();
        return;
      case 'w:pStyle':
        if (paragraph && this.parentName() === 'w:pPr') paragraph.styleId = attributes['w:val'] ?? null;
        return;
      case 'w:del':
        this.markDeleted();
        return;
      case 'w:tbl':
        this.flushParagraph();
        this.tables.push({ rows: [], columns: new Map(), row: null, cell: null, cellCount: 0 });
        return;
      case 'w:tr':
      case 'w:tblHeader':
      case 'w:tc':
      case 'w:gridSpan':
      case 'w:vMerge': {
        const table = this.tables.at(-1);
        if (table) startTablePart(table, name, attributes['w:val']);
        return;
      }
      default: {
        const character = CHARACTERS[name];
        if (character) paragraph?.pieces.push(character);
      }
    }
  }

  private endElement(name: string): void {
    switch (name) {
      case 'w:t':
        this.inText = false;
        return;
      case 'w:p': {
        const paragraph = this.paragraph();
        if (paragraph?.markDeleted) this.carried = paragraph.pieces;
        else this.flushParagraph();
        this.paragraphs.pop();
        return;
      }
      case 'w:tc':
        this.table((table) => this.endCell(table));
        return;
      case 'w:tr':
        this.table((table) => this.endRow(table));
        return;
      case 'w:tbl':
        this.endTable();
        return;
    }
  }

  /** A deleted paragraph mark (pPr/rPr/del) or a deleted row (trPr/del). */
  private markDeleted(): void {
    const parent = this.parentName();
    const grandparent = this.names[this.names.length - 3];
    if (parent === 'w:trPr') {
      this.table((table) => {
        if (table.row) table.row.deleted = true;
      });
    } else if (parent === 'w:rPr' && grandparent === 'w:pPr') {
      const paragraph = this.paragraph();
      if (paragraph) paragraph.markDeleted = true;
    }
  }

  /** `<w:br/>`: a new paragraph, or a space inside a heading. */
  private lineBreak(): void {
    const paragraph = this.paragraph();
    if (!paragraph) return;
    if (this.headingLevel(paragraph) > 0) paragraph.pieces.push(' ');
    else this.flushParagraph();
  }

  /** Emits the open paragraph's text so far (if any) and leaves it open and empty. */
  private flushParagraph(): void {
    const paragraph = this.paragraph();
    if (!paragraph) return;
    const text = detached(collapseWhitespace(paragraph.pieces.join('')));
    paragraph.pieces = [];
    if (!text) return;
    const level = this.headingLevel(paragraph);
    this.emit(level > 0 ? { kind: 'heading', text, level } : { kind: 'paragraph', text });
  }

  private headingLevel(paragraph: Paragraph): number {
    return paragraph.styleId ? (this.headingLevels.get(paragraph.styleId) ?? 0) : 0;
  }

  private endCell(table: OpenTable): void {
    const cell = table.cell;
    table.cell = null;
    if (!cell || !table.row) return;
    this.flushParagraph();
    table.row.cells.push(cell);
  }

  /**
   * A finished row: cells that continue a merge lengthen the cell above them in the same grid
   * position (mammoth's rule: the position counts gridSpans, not gridBefore).
   */
  private endRow(table: OpenTable): void {
    const row = table.row;
    table.row = null;
    if (!row || row.deleted) return;
    const cells: ReadCell[] = [];
    let position = 0;
    for (const cell of row.cells) {
      const above = cell.mergesUp ? table.columns.get(position) : undefined;
      if (above) above.rowSpan = (above.rowSpan ?? 1) + 1;
      else {
        const read = {
          text: cellText(cell.blocks),
          header: row.header,
          colSpan: cell.colSpan,
          rowSpan: null,
          blocks: cell.blocks,
        };
        cells.push(read);
        table.columns.set(position, read);
        // Past one cell it is a data table: the first cell's blocks are not needed again.
        if (++table.cellCount === 2) for (const first of [...table.rows.flat(), ...cells]) first.blocks = [];
        if (table.cellCount >= 2) read.blocks = [];
      }
      position += cell.colSpan || 1;
    }
    table.rows.push(cells);
  }

  private endTable(): void {
    const table = this.tables.pop();
    if (!table) return;
    if (table.cellCount <= 1) {
      // One cell (or none): page layout, read as ordinary blocks.
      for (const row of table.rows) for (const cell of row) for (const block of cell.blocks) this.emit(block);
      return;
    }
    this.emit({ kind: 'table', table: placeCells(table.rows) });
  }

  /** Sends a finished block to the innermost open cell, or to the document. */
  private emit(block: Block): void {
    const cell = this.tables.at(-1)?.cell;
    if (cell) cell.blocks.push(block);
    else if (this.tables.length === 0) this.blocks.push(block);
  }

  private table(act: (table: OpenTable) => void): void {
    const table = this.tables.at(-1);
    if (table) act(table);
  }

  private paragraph(): Paragraph | undefined {
    return this.paragraphs.at(-1);
  }

  private parentName(): string {
    return this.names[this.names.length - 2] ?? '';
  }
}

/** A row, a cell, or one of their properties, in the innermost open table. */
function startTablePart(table: OpenTable, name: string, value: string | undefined): void {
  if (name === 'w:tr') table.row = { cells: [], header: false, deleted: false };
  else if (name === 'w:tc') table.cell = { blocks: [], colSpan: null, mergesUp: false };
  else if (name === 'w:tblHeader' && table.row) table.row.header = value !== 'false' && value !== '0';
  else if (name === 'w:gridSpan' && table.cell) table.cell.colSpan = Number.parseInt(value ?? '', 10) || null;
  else if (name === 'w:vMerge' && table.cell) table.cell.mergesUp = (value ?? 'continue') === 'continue';
}

/** A cell's text: its blocks as lines; a nested table's cells each on their own lines. */
function cellText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind !== 'table') lines.push(block.text);
    else for (const cell of block.table.cells) if (cell.text) lines.push(cell.text);
  }
  return lines.join('\n');
}

/**
 * A copy of `text` that does not keep the parser's chunk alive: V8 takes a substring of 13 or
 * more characters as a view of its parent, so without this every paragraph would pin the
 * 256 KB of decoded XML it was cut from and the whole part would stay in memory.
 */
function detached(text: string): string {
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}
