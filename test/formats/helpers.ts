import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Block, Cell, TableData } from '../../schemas/document.ts';
import type { BadInputCode } from '../../src/errors.ts';
import { BadInputError } from '../../src/errors.ts';

/** A committed fixture from test/fixtures/formats/ (see scripts/make-format-fixtures.sh). */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url));
}

/** Expects a BadInputError with this code whose message starts with the file name. */
export async function expectBadInput(
  work: Promise<unknown>,
  code: BadInputCode,
  fileName: string,
): Promise<BadInputError> {
  const error = await work.then(
    () => expect.unreachable('expected a BadInputError'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BadInputError);
  const bad = error as BadInputError;
  expect(bad.code).toBe(code);
  expect(bad.message.startsWith(`${fileName}: `)).toBe(true);
  return bad;
}

export function tables(blocks: Block[]): TableData[] {
  return blocks.flatMap((block) => (block.kind === 'table' ? [block.table] : []));
}

export function texts(blocks: Block[]): string[] {
  return blocks.flatMap((block) => (block.kind === 'table' ? [] : [block.text]));
}

/** The table as rows of cell texts, each cell at its top-left grid position ('' elsewhere). */
export function grid(table: TableData): string[][] {
  const rows = Array.from({ length: table.numRows }, () => Array<string>(table.numCols).fill(''));
  for (const cell of table.cells) (rows[cell.row] as string[])[cell.col] = cell.text;
  return rows;
}

export function cellAt(table: TableData, row: number, col: number): Cell | undefined {
  return table.cells.find((cell) => cell.row === row && cell.col === col);
}
