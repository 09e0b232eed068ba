import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'schemas/**/*.test.ts'],
    // Tests wait for events; a timeout only ends a hang. Generous, so a busy machine (a second copy
    // of the suite on the same 2 cores) is slow, never failing.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // compiles src/ into dist/ first: tests that start bin/policy-kb.js run the compiled code
    globalSetup: ['test/support/build.ts'],
  },
});
