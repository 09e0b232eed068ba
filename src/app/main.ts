import { type CliContext, processIo } from '../cli/io.ts';
import { main } from '../cli/main.ts';
import { loadConfig } from '../config.ts';

/**
 * The CLI process's composition root: reads the configuration once and hands the commands the
 * one opener of the adapters it selects. `bin/policy-kb.js` calls this.
 */
export function processContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  const config = loadConfig(env);
  // loaded on first use: `--help` and commands that never open the knowledge base skip the
  // readers, extractors and adapters behind it
  return { config, openApp: async (options) => (await import('./open.ts')).openApp(config, options) };
}

/** Runs one CLI command in this process; returns the exit code. */
export function runCli(argv: string[]): Promise<number> {
  return main(argv, processIo, processContext());
}
