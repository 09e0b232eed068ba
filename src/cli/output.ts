/**
 * Where a report goes, by `--format` and `--out`: text, md and csv to stdout (or the file), xlsx
 * and docx only to a file. The writers are passed as thunks, so a format's library (exceljs,
 * docx) is loaded only when that format is asked for.
 */
import { writeFile } from 'node:fs/promises';
import { BadInputError } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import type { Io } from './io.ts';
import { UsageError } from './specs.ts';

export const FORMATS = ['text', 'md', 'csv', 'xlsx', 'docx'] as const;
export type Format = (typeof FORMATS)[number];

export interface Renderers {
  text(): string;
  md(): string;
  csv(): string;
  xlsx(): Promise<Uint8Array>;
  docx(): Promise<Uint8Array>;
}

/** Checks `--format` / `--out`: the format, or the usage error as one line. */
export function chooseFormat(
  command: string,
  format: string | undefined,
  out: string | undefined,
): { format: Format } {
  const chosen = FORMATS.find((f) => f === (format ?? 'text'));
  if (!chosen) throw new UsageError(command, `--format 须是 ${FORMATS.join('、')} 之一`);
  if ((chosen === 'xlsx' || chosen === 'docx') && !out)
    throw new UsageError(command, `--format ${chosen} 需要 --out <文件>`);
  return { format: chosen };
}

/** Writes the report; returns the exit code. */
export async function emit(
  io: Io,
  format: Format,
  out: string | undefined,
  render: Renderers,
): Promise<number> {
  const content = format === 'xlsx' || format === 'docx' ? await render[format]() : `${render[format]()}\n`;
  if (out) {
    await writeFile(out, content).catch((error: NodeJS.ErrnoException) => {
      throw new BadInputError(out, 'malformed', MESSAGES.cannotWriteReport(error.code ?? error.message));
    });
    io.stderr(`已写入 ${out}\n`);
  } else io.stdout(content as string);
  return 0;
}
