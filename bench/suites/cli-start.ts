/**
 * How long a CLI command takes to start and answer, as a person typing it waits: `policy-kb
 * --help` and `extract` of a seed, each a new `node bin/policy-kb.js` process (the compiled
 * `dist/` that `npm ci` builds), against a bare `node -e 0` in the same runs. Target: ≤ 0.5 s.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BenchCase, SuiteModule } from '../harness.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/policy-kb.js', import.meta.url).pathname;
const SEED = new URL('../../seeds/003_2a9d65f420513247.txt', import.meta.url).pathname;
const MAX_MS = 500;

const node = (args: string[]) => async () => {
  await run(process.execPath, args, { env: { ...process.env, POLICY_KB_FROM_SOURCE: '' } });
};
const bare = { label: 'node -e 0', run: node(['-e', '0']) };

async function cases(): Promise<BenchCase[]> {
  return [
    {
      name: 'policy-kb --help',
      runs: 10,
      warmup: 2,
      subject: node([BIN, '--help']),
      baseline: bare,
      budget: { maxMedianMs: MAX_MS },
    },
    {
      name: 'policy-kb extract <seed>',
      runs: 10,
      warmup: 2,
      subject: node([BIN, 'extract', SEED]),
      baseline: bare,
      budget: { maxMedianMs: MAX_MS },
    },
  ];
}

export default {
  description: 'CLI start-up: --help and extract of a seed in a new process, against node -e 0',
  cases,
} satisfies SuiteModule;
