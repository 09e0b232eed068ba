// Entry of a merge thread (see merge-thread.ts). Module hooks are per thread, so tsx is
// registered here before the TypeScript body loads. Plain JavaScript on purpose, like
// src/pipeline/parse-thread.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./merge-thread.ts');
