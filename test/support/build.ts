/**
 * Vitest global setup: compiles the sources into dist/ (`npm run build`) before any test runs,
 * so the tests that start `bin/policy-kb.js` as a process (workers, the CLI) run the code under
 * test, not an earlier build. `npm ci` builds too (the `prepare` step); this keeps a working tree
 * edited since then honest.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  const root = new URL('../../', import.meta.url).pathname;
  try {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`npm run build failed; the tests would run an earlier build:\n${output}`);
  }
}
