// Entry of a parse thread (see parse-threads.ts). Module hooks are per thread, so tsx is
// registered here before the TypeScript body loads. Plain JavaScript on purpose, like
// bin/policy-kb.js and src/queue/heavy-processor.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./parse-thread.ts');
