import type { Config } from '../config.ts';
import type { App, OpenOptions } from '../pipeline/app.ts';

/** Output sinks of the CLI, injectable for tests. `--json` output goes to stdout, all else to stderr. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/**
 * What the composition root hands every command: the configuration, read once, and the opener
 * of the adapters it selects (each command opens them at most once).
 */
export interface CliContext {
  config: Config;
  openApp(options?: OpenOptions): Promise<App>;
}

export type Command = (args: string[], io: Io, context: CliContext) => Promise<number>;
