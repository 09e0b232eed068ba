#!/usr/bin/env node
// Entry shim. Runs the CLI compiled ahead of time into dist/ (`npm run build`, which `npm ci`
// runs as the `prepare` step), so a command starts without compiling TypeScript. Without dist/
// (a checkout where the build has not run), or with POLICY_KB_FROM_SOURCE=1, it loads the
// TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/app/main.js', import.meta.url);
let runCli;
if (process.env.POLICY_KB_FROM_SOURCE !== '1' && existsSync(compiled)) {
  ({ runCli } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/app/main.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
