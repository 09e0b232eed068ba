#!/usr/bin/env node
// Entry shim: loads the TypeScript CLI through tsx so `npx policy-kb` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
