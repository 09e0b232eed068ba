import { parseArgs } from 'node:util';
import { extractFile } from '../../extract/from-file.ts';
import type { Command } from '../io.ts';
import { renderNotice } from '../render.ts';
import { SPECS, UsageError } from '../specs.ts';

/** `policy-kb extract <file> [--json]`: one notice, normalized, without storing it. */
export const extractCommand: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: SPECS.extract.options,
  });
  if (positionals.length !== 1) {
    throw new UsageError('extract', '请给出一个文件');
  }
  const notice = await extractFile(positionals[0] as string);
  io.stdout(values.json ? `${JSON.stringify(notice, null, 2)}\n` : `${renderNotice(notice)}\n`);
  return 0;
};
