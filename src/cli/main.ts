import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isBadInput } from '../errors.ts';
import { extractFile } from '../pipeline/extract-file.ts';
import { renderNotice } from './render.ts';

const USAGE = `usage: policy-kb <command> [options]

commands:
  extract <file> [--json]   read one notice (txt, md, html, docx, pdf) and print its normalized form
`;

/** Output sinks, injectable for tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** CLI entry: takes argv (without node and script), returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'extract':
        return await extractCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 1 : 0;
      default:
        io.stderr(`policy-kb: unknown command '${command}'\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    return reportError(error, io);
  }
}

async function extractCommand(args: string[], io: Io): Promise<number> {
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
}

/** One line on stderr: the file and the problem for bad input, the message for anything else. */
function reportError(error: unknown, io: Io): number {
  if (isBadInput(error)) {
    io.stderr(`policy-kb: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`policy-kb: internal error: ${message.split('\n')[0]}\n`);
  if (loadConfig().POLICY_KB_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  return 70;
}
