// The checkpointing thread when Gongbao runs from its TypeScript sources (the tests, under
// tsx): on Node 20 tsx registers itself in the main thread only, so this registers it before
// loading checkpoint-thread.ts. The built code (dist/) runs checkpoint-thread.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./checkpoint-thread.ts');
