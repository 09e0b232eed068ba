import type { Block, TableData } from '../../schemas/document.ts';
import type { NoticeTable } from '../../schemas/notice.ts';
import { normalizeText } from '../normalize/text.ts';
import { toGrid } from './grid.ts';
import { cleanHeader, headerKey } from './headers.ts';
import { gridToItems } from './items.ts';
import { powerTypeFromNameHeader, powerTypeFromTitle } from './power-type.ts';

/** A table title names a list: 清单, 目录, 基准, 一览表 … */
const TITLE_WORDS = /(?:清单|目录|基准|一览表|事项表|汇总表|明细表|登记表|[^代]表)(?:（[^）]*）|\([^)]*\))?$/;
/** How many blocks above a table are searched for its title. */
const TITLE_LOOKBACK = 3;

/**
 * The catalogue tables of a notice: tables with a name column (事项名称 / 检查事项 …). A table
 * that continues the one before it (same header, nothing in between but page furniture) is
 * merged into it.
 */
export function extractTables(blocks: Block[]): NoticeTable[] {
  const tables: NoticeTable[] = [];
  let sinceLastTable = Number.POSITIVE_INFINITY;
  blocks.forEach((block, index) => {
    if (block.kind !== 'table') {
      sinceLastTable++;
      return;
    }
    const title = findTitle(blocks, index);
    const grid = toGrid(block.table);
    const last = tables.at(-1);
    if (last && title === null && sinceLastTable === 0 && sameHeaders(last.headers, grid.headers)) {
      last.items.push(...gridToItems(grid, last.powerType));
    } else if (isCatalogue(block.table, grid.headers)) {
      const nameHeader = grid.headers.find((header) => headerKey(header) === 'name') ?? '';
      const powerType = powerTypeFromTitle(title) ?? powerTypeFromNameHeader(nameHeader);
      tables.push({
        title,
        powerType,
        headers: grid.headers.map(cleanHeader),
        items: gridToItems(grid, powerType),
      });
    }
    sinceLastTable = 0;
  });
  return tables;
}

function isCatalogue(table: TableData, headers: string[]): boolean {
  return table.numRows > 1 && headers.some((header) => headerKey(header) === 'name');
}

function sameHeaders(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((header, k) => header === cleanHeader(b[k] ?? ''));
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
