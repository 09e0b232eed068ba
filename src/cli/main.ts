import { isBadInput } from '../errors.ts';
import type { CliContext, Command, Io } from './io.ts';

/** Commands load their modules on first use, so `extract` never loads the queue or the server. */
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  extract: {
    load: async () => (await import('./commands/extract.ts')).extractCommand,
    usage: 'extract <file> [--json]       read one notice and print its normalized form',
  },
  ingest: {
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
    usage: 'ingest <files or dirs…> [--json]  store, extract and index; waits for the jobs',
  },
  list: {
    load: async () => (await import('./commands/list.ts')).listCommand,
    usage: 'list [--json] [--current]     the notices in the knowledge base',
  },
  jobs: {
    load: async () => (await import('./commands/jobs.ts')).jobsCommand,
    usage: 'jobs [--json]                 job counts and failed jobs with reasons',
  },
  retry: {
    load: async () => (await import('./commands/jobs.ts')).retryCommand,
    usage: 'retry <jobId…> | --all-failed  run failed jobs again',
  },
  recover: {
    load: async () => (await import('./commands/recover.ts')).recoverCommand,
    usage: 'recover [--dry-run] [--json]  queue again stored uploads whose job was lost',
  },
  worker: {
    load: async () => (await import('./commands/worker.ts')).workerCommand,
    usage: 'worker [--concurrency N]      run the BullMQ workers (needs REDIS_URL)',
  },
  diff: {
    load: async () => (await import('./commands/diff.ts')).diffCommand,
    usage: 'diff <a> <b> [--json] [--format md|csv|xlsx|docx] [--out file]  compare two notices or regions',
  },
  matrix: {
    load: async () => (await import('./commands/matrix.ts')).matrixCommand,
    usage: 'matrix [--json] [--format md|csv|xlsx] [--out file]  coverage of powers across regions',
  },
  search: {
    load: async () => (await import('./commands/search.ts')).searchCommand,
    usage: 'search <query> [--region R] [--power-type T] [--limit N] [--json]',
  },
  reindex: {
    load: async () => (await import('./commands/reindex.ts')).reindexCommand,
    usage:
      'reindex [--pending|--renditions]  rebuild the search index from the store (--renditions: fold format-only versions into renditions first)',
  },
  review: {
    load: async () => (await import('./commands/review.ts')).reviewCommand,
    usage:
      'review export [--out f] | review import <f>  staff corrections and learned column mappings as JSON',
  },
  serve: {
    load: async () => (await import('./commands/serve.ts')).serveCommand,
    usage: 'serve                         the HTTP API on PORT',
  },
  start: {
    load: async () => (await import('./commands/serve.ts')).startCommand,
    usage: 'start [paths…]                ingest seeds/ (or paths), then serve',
  },
};

const USAGE = `usage: policy-kb <command> [options]\n\ncommands:\n${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}\n`;

/**
 * CLI entry: takes argv (without node and script), the output sinks and what the composition
 * root hands down (`src/app/main.ts`), returns the exit code.
 */
export async function main(argv: string[], io: Io, context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`policy-kb: unknown command '${name}'\n${USAGE}`);
    return 1;
  }
  try {
    return await (await command.load())(rest, io, context);
  } catch (error) {
    return reportError(error, io, context);
  }
}

/** One line on stderr: the file and the problem for bad input, the message for anything else. */
function reportError(error: unknown, io: Io, context: CliContext): number {
  if (isBadInput(error)) {
    io.stderr(`policy-kb: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`policy-kb: ${message.split('\n')[0]}\n`);
  if (context.config.POLICY_KB_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
  return 70;
}
