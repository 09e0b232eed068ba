#!/usr/bin/env node
// Entry shim: loads the TypeScript CLI through tsx so `npx policy-kb` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/app/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
