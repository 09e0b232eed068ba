import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Block } from '../../schemas/document.ts';
import { BadInputError, causeForPeople } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import { type FlowItem, stitchTables } from './pdf-stitch.ts';
import { captureTableGeometry, type PageTable, pageTables } from './pdf-tables.ts';
import { cellHaystack, fullLineWidth, isTableLine, paragraphsOf, tidyLine } from './pdf-text.ts';
import { isPageNumberLine } from './text-artifacts.ts';
import type { FormatReader } from './types.ts';

/**
 * Reads a PDF with pdf-parse (pdf.js): the page count is checked first, then the text of each
 * page and its ruled tables. Table text is taken out of the page text and the table block put
 * where its lines were; tables continued across pages are stitched into one; page-number lines
 * (第 1 页 共 21 页, - 3 -) are dropped; wrapped lines are joined into paragraphs.
 */
export const readPdf: FormatReader = async ({ bytes, fileName, limits }) => {
  const pdfParse = await loadPdfJs();
  const { PDFParse, VerbosityLevel } = pdfParse;
  // pdf.js may take over the buffer it is given; the caller keeps its bytes.
  const parser = new PDFParse({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS });
  const geometry = captureTableGeometry(parser);
  try {
    const { total } = await parser.getInfo();
    if (total > limits.maxPages) {
      throw new BadInputError(fileName, 'too-many-pages', MESSAGES.pdfPages(total, limits.maxPages));
    }
    const text = await parser.getText();
    const tables = pageTables(await parser.getTable(), geometry);
    const flow = text.pages.flatMap((page): FlowItem[] => [
      ...pageFlow(page.num, page.text, tables.get(page.num) ?? []),
      { kind: 'page-break' },
    ]);
    return { encoding: null, blocks: blocksOf(stitchTables(flow)) };
  } catch (error) {
    throw pdfError(error, fileName, pdfParse);
  } finally {
    await parser.destroy();
  }
};

/**
 * One page in reading order: each table replaces the longest run of text lines made of its
 * cells' text (pdf.js reads a table row by row, interleaving cells); lines before stay before.
 */
function pageFlow(page: number, text: string, tables: PageTable[]): FlowItem[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !isPageNumberLine(line));
  const flow: FlowItem[] = [];
  let cursor = 0;
  for (const { table } of tables) {
    const haystack = cellHaystack([table]);
    const found = longestRun(lines, cursor, (line) => isTableLine(line, haystack));
    const run = found ? { start: firstHeaderLine(lines, found, table), end: found.end } : null;
    const end = run ? run.start : cursor;
    for (const line of lines.slice(cursor, end)) flow.push({ kind: 'line', text: tidyLine(line) });
    flow.push({ kind: 'table', table: { ...table, pages: [page] } });
    cursor = run ? run.end : cursor;
  }
  for (const line of lines.slice(cursor)) flow.push({ kind: 'line', text: tidyLine(line) });
  return flow;
}

function blocksOf(flow: FlowItem[]): Block[] {
  const prose = flow.flatMap((item) => (item.kind === 'line' ? [item.text] : []));
  const fullWidth = fullLineWidth(prose);
  const blocks: Block[] = [];
  let lines: string[] = [];
  const flushLines = () => {
    for (const text of paragraphsOf(lines, fullWidth)) blocks.push({ kind: 'paragraph', text });
    lines = [];
  };
  for (const item of flow) {
    if (item.kind === 'line') lines.push(item.text);
    else if (item.kind === 'table') {
      flushLines();
      blocks.push({ kind: 'table', table: item.table });
    }
  }
  flushLines();
  return blocks;
}

/**
 * Where the table starts within a run of lines made of its cells' text: the first line holding
 * text of its first row. Prose above a table can repeat a cell (a masthead 昆明市官渡区医疗保障局
 * above a table whose 实施主体 column says the same); it stays prose.
 */
function firstHeaderLine(
  lines: string[],
  run: { start: number; end: number },
  table: PageTable['table'],
): number {
  const firstRow = table.cells
    .filter((cell) => cell.row === 0)
    .map((cell) => cell.text.replace(/\s+/g, ''))
    .filter(Boolean);
  for (let i = run.start; i < run.end; i++) {
    const line = (lines[i] ?? '').replace(/\s+/g, '');
    if (firstRow.some((text) => line.includes(text) || text.startsWith(line))) return i;
  }
  return run.start;
}

/** The longest run of consecutive lines from `from` on that all pass `test`. */
function longestRun(lines: string[], from: number, test: (line: string) => boolean) {
  let best: { start: number; end: number } | null = null;
  let start = -1;
  for (let i = from; i <= lines.length; i++) {
    if (i < lines.length && test(lines[i] as string)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (!best || i - start > best.end - best.start) best = { start, end: i };
      start = -1;
    }
  }
  return best;
}

let pdfJs: Promise<typeof import('pdf-parse')> | undefined;

/**
 * pdf-parse and pdf.js's worker module, loaded once, on first use (pdf.js patches
 * Array.prototype.push on Node 20, slowing everything else), with source maps off: under tsx
 * (the CLI, the queue's sandboxed threads) Node otherwise keeps the source maps of pdf.js's
 * 3 MB of code, about 150 MB of heap for as long as the process lives. The worker module is
 * the copy pdf-parse depends on; importing it sets `globalThis.pdfjsWorker`, which pdf.js then
 * uses instead of importing it itself later (with source maps back on).
 */
function loadPdfJs(): Promise<typeof import('pdf-parse')> {
  pdfJs ??= (async () => {
    const sourceMaps = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    try {
      const pdfParse = await import('pdf-parse');
      const fromPdfParse = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
      await import(pathToFileURL(fromPdfParse.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href);
      return pdfParse;
    } finally {
      process.setSourceMapsEnabled(sourceMaps);
    }
  })();
  return pdfJs;
}

/** pdf.js failures as the user's problem: a password, a cut-off file, a broken structure. */
function pdfError(error: unknown, fileName: string, errors: typeof import('pdf-parse')): BadInputError {
  const { PasswordException, InvalidPDFException, FormatError } = errors;
  if (error instanceof BadInputError) return error;
  const message = causeForPeople(error);
  if (error instanceof PasswordException) {
    return new BadInputError(fileName, 'encrypted', MESSAGES.pdfEncrypted(), { cause: error });
  }
  if (error instanceof InvalidPDFException) {
    return new BadInputError(fileName, 'truncated', MESSAGES.pdfTruncated(message), {
      cause: error,
    });
  }
  const detail =
    error instanceof FormatError ? MESSAGES.pdfMalformed(message) : MESSAGES.pdfNotParsed(message);
  return new BadInputError(fileName, 'malformed', detail, { cause: error });
}
