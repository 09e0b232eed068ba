import type { Block } from '../../schemas/document.ts';
import type { NoticeTable, TableKind } from '../../schemas/notice.ts';
import { normalizeText } from '../chinese/text.ts';
import { recognizeTableBlock } from './grid-tables.ts';
import { cleanHeader, headerKey } from './headers.ts';
import { tableItems } from './items.ts';
import { findParagraphTables } from './paragraph-tables.ts';
import { powerTypeFromNameHeader, powerTypeFromTitle } from './power-type.ts';
import type { RecognizedTable } from './recognized.ts';

/** A title names a list: 清单, 目录, 基准, 一览表 … */
const TITLE_WORDS =
  /(?:清单|目录|基准|一览表|事项表|汇总表|明细表|登记表|计划|[^代]表)(?:（[^）]*）|\([^)]*\))?$/u;
/** How many blocks above a table are searched for its title. */
const TITLE_LOOKBACK = 3;
const EXEMPTION = /免罚|免于处罚|免予处罚|不予处罚|不予行政处罚|减免责|两轻一免|首违不罚|轻微违法|从轻|减轻/u;

/** A catalogue table with the document blocks it was read from. */
export interface FoundTable {
  table: NoticeTable;
  recognized: RecognizedTable;
}

/**
 * The catalogue tables of a notice, whatever their shape: the readers' tables (grids and
 * delimited rows) and tables in running text, in document order. A table is a catalogue when
 * it has a name column (事项名称 / 检查事项 / 违法行为 …). A table that continues the one
 * before it (same header, nothing in between but page furniture) is merged into it. Each
 * table's power type comes from its title, else its name column's header, else the notice's
 * title; its kind (catalogue, discretion benchmark, exemption list) from its columns and title.
 */
export function extractTables(blocks: Block[], noticeTitle: string | null): FoundTable[] {
  const recognized: RecognizedTable[] = [];
  blocks.forEach((block, index) => {
    if (block.kind !== 'table') return;
    const table = recognizeTableBlock(block.table, index, index === blocks.length - 1);
    if (table) recognized.push(table);
  });
  for (const table of findParagraphTables(blocks)) recognized.push(table);
  recognized.sort((a, b) => a.blocks[0] - b.blocks[0]);
  const found: FoundTable[] = [];
  for (const table of recognized) {
    const keys = table.headers.map(headerKey);
    if (!keys.includes('name') && !keys.includes('group')) continue;
    const title = table.caption ? normalizeText(table.caption) : findTitle(blocks, table.blocks[0]);
    const last = found.at(-1);
    if (last && title === null && continues(last.recognized, table)) {
      // A loop, not push(...): a continued table may bring more items than a call takes arguments.
      for (const item of tableItems(table, last.table.powerType, last.table.kind))
        last.table.items.push(item);
      last.recognized = { ...last.recognized, blocks: [last.recognized.blocks[0], table.blocks[1]] };
      continue;
    }
    const kind = kindOf(keys, table.headers, [title, noticeTitle]);
    const nameHeader =
      table.headers[keys.includes('name') ? keys.indexOf('name') : keys.indexOf('group')] ?? '';
    const powerType =
      powerTypeFromTitle(title) ?? powerTypeFromNameHeader(nameHeader) ?? powerTypeFromTitle(noticeTitle);
    const items = tableItems(table, powerType, kind);
    if (items.length === 0) continue;
    found.push({
      recognized: table,
      table: {
        title,
        kind,
        layout: table.layout,
        line: table.line,
        page: table.page,
        confidence: 1,
        powerType,
        headers: table.headers.map((header) => cleanHeader(normalizeText(header))),
        columns: null,
        items,
      },
    });
  }
  return found;
}

/** Discretion benchmark: a 裁量阶次 or 处罚基准 column; exemption list: its title or columns say 免罚 / 不予处罚. */
function kindOf(keys: (string | null)[], headers: string[], titles: (string | null)[]): TableKind {
  if (
    titles.some((title) => title && EXEMPTION.test(title)) ||
    headers.some((header) => EXEMPTION.test(header))
  )
    return 'exemption';
  return keys.includes('grade') || keys.includes('benchmark') ? 'discretion' : 'catalogue';
}

/** The same columns, and nothing but page furniture between the two tables. */
function continues(previous: RecognizedTable, next: RecognizedTable): boolean {
  return (
    next.blocks[0] === previous.blocks[1] + 1 &&
    previous.headers.length === next.headers.length &&
    previous.headers.every((header, k) => cleanHeader(header) === cleanHeader(next.headers[k] ?? ''))
  );
}

/** The nearest paragraph or heading above the table that reads like a list's title. */
function findTitle(blocks: Block[], tableIndex: number): string | null {
  for (let i = tableIndex - 1; i >= Math.max(0, tableIndex - TITLE_LOOKBACK); i--) {
    const block = blocks[i];
    if (!block || block.kind === 'table') return null;
    const text = normalizeText(block.text);
    if (text.length <= 60 && TITLE_WORDS.test(text)) return text;
  }
  return null;
}
