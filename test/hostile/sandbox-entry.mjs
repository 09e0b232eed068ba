// Entry of the hostile-case worker thread: module hooks are per thread, so register tsx here,
// then load the TypeScript worker (the same shim as src/queue/heavy-processor.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./sandbox-worker.ts');
