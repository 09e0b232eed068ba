import { isBadInput } from '../errors.ts';
import type { CliContext, Command, Io } from './io.ts';
import { type CommandName, commandHelp, EXIT, isCommand, UsageError, usage } from './specs.ts';

/** Commands load their modules on first use, so `extract` never loads the queue or the server. */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  extract: async () => (await import('./commands/extract.ts')).extractCommand,
  ingest: async () => (await import('./commands/ingest.ts')).ingestCommand,
  list: async () => (await import('./commands/list.ts')).listCommand,
  jobs: async () => (await import('./commands/jobs.ts')).jobsCommand,
  retry: async () => (await import('./commands/jobs.ts')).retryCommand,
  recover: async () => (await import('./commands/recover.ts')).recoverCommand,
  worker: async () => (await import('./commands/worker.ts')).workerCommand,
  diff: async () => (await import('./commands/diff.ts')).diffCommand,
  matrix: async () => (await import('./commands/matrix.ts')).matrixCommand,
  search: async () => (await import('./commands/search.ts')).searchCommand,
  reindex: async () => (await import('./commands/reindex.ts')).reindexCommand,
  review: async () => (await import('./commands/review.ts')).reviewCommand,
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  start: async () => (await import('./commands/serve.ts')).startCommand,
};

/**
 * CLI entry: takes argv (without node and script), the output sinks and what the composition
 * root hands down (`src/app/main.ts`), returns the exit code.
 */
export async function main(argv: string[], io: Io, context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io[name === undefined ? 'stderr' : 'stdout'](usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!isCommand(name)) {
    io.stderr(`policy-kb：没有“${name}”这个命令\n\n${usage()}`);
    return EXIT.usage;
  }
  // --help never runs the command (`serve --help` starts no server)
  const end = rest.indexOf('--');
  const options = end < 0 ? rest : rest.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout(commandHelp(name));
    return EXIT.ok;
  }
  try {
    return await (await COMMANDS[name]())(rest, io, context);
  } catch (error) {
    return reportError(name, error, io, context);
  }
}

/** What the node:util parseArgs errors mean, in Chinese. */
const PARSE_ERRORS: Record<string, (quoted: string) => string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: (option) => `没有 ${option} 这个选项`,
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: (option) => `选项 ${option} 的值不对`,
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: (value) => `不需要参数 ${value}`,
};

/** One line on stderr: usage (2), the file and the problem for bad input (1), else an internal error (70). */
function reportError(name: string, error: unknown, io: Io, context: CliContext): number {
  if (error instanceof UsageError) {
    io.stderr(`${error.message}\n`);
    return EXIT.usage;
  }
  const code = (error as { code?: string } | null)?.code;
  const parseError = code ? PARSE_ERRORS[code] : undefined;
  if (parseError) {
    const quoted = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
    io.stderr(`${new UsageError(name, parseError(quoted)).message}\n`);
    return EXIT.usage;
  }
  if (isBadInput(error)) {
    io.stderr(`policy-kb: ${error.message}\n`);
    return EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`policy-kb：内部错误：${message.split('\n')[0]}\n`);
  if (context.config.POLICY_KB_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  return EXIT.internal;
}
