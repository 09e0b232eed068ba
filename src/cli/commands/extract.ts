import { parseArgs } from 'node:util';
import { extractFile } from '../../extract/from-file.ts';
import type { Command } from '../io.ts';
import { renderNotice } from '../render.ts';

/** `policy-kb extract <file> [--json]`: one notice, normalized, without storing it. */
export const extractCommand: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) {
    io.stderr('policy-kb extract: give exactly one file\n');
    return 1;
  }
  const notice = await extractFile(positionals[0] as string);
  io.stdout(values.json ? `${JSON.stringify(notice, null, 2)}\n` : `${renderNotice(notice)}\n`);
  return 0;
};
