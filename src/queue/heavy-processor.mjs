// Entry of the heavy queue's sandboxed processor. BullMQ imports this file in a fresh worker
// thread, where no TypeScript loader is registered (module hooks are per thread): register tsx
// there, then load the TypeScript processor. Plain JavaScript on purpose, like bin/policy-kb.js.
import { register } from 'tsx/esm/api';

register();
const { default: heavyProcessor } = await import('./heavy-processor.ts');

export default heavyProcessor;
