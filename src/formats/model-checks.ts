import type { Block, InputFormat } from '../../schemas/document.ts';
import { BadInputError } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import type { ReadLimits } from './types.ts';

/**
 * Checks every reader's output the same way before anything is extracted from it: control
 * characters out of the text, tables within the grid limit, and some text at all.
 */
export function checkedBlocks(
  blocks: Block[],
  format: InputFormat,
  fileName: string,
  limits: ReadLimits,
): Block[] {
  const tidied = blocks.map(tidyBlock);
  for (const block of tidied) {
    if (block.kind !== 'table') continue;
    const { numRows, numCols } = block.table;
    if (numRows * numCols > limits.maxTableCells) {
      throw new BadInputError(
        fileName,
        'malformed',
        MESSAGES.tableTooLarge(numRows, numCols, limits.maxTableCells),
      );
    }
  }
  if (!tidied.some(hasText))
    throw new BadInputError(fileName, 'not-a-notice', MESSAGES.noTextIn[format] ?? MESSAGES.noText());
  return tidied;
}

/**
 * Control characters that are not line ends: NUL and its kind are dropped (PostgreSQL text
 * cannot hold U+0000, and none of them is ever meant as text); vertical tab, form feed and a
 * stray CR become a space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const DROPPED_CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const SPACING_CONTROLS = /[\u000b\u000c\r]/g;

function tidyText(text: string): string {
  return text.replace(DROPPED_CONTROLS, '').replace(SPACING_CONTROLS, ' ');
}

function tidyBlock(block: Block): Block {
  if (block.kind !== 'table') return { ...block, text: tidyText(block.text) };
  const cells = block.table.cells.map((cell) => ({ ...cell, text: tidyText(cell.text) }));
  return { ...block, table: { ...block.table, cells } };
}

function hasText(block: Block): boolean {
  if (block.kind !== 'table') return block.text.trim() !== '';
  return block.table.cells.some((cell) => cell.text.trim() !== '');
}
