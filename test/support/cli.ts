import { processContext } from '../../src/app/main.ts';
import { main } from '../../src/cli/main.ts';

/**
 * Runs one CLI command in this process, as `bin/policy-kb.js` would (the context read from the
 * environment now), capturing what it writes.
 */
export async function runCliInProcess(
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false },
    processContext(),
  );
  return { code, stdout, stderr };
}
