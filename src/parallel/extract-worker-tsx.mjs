// The extraction worker when Gongbao runs from its TypeScript sources (the tests, under tsx): on
// Node 20 tsx registers itself in the main thread only, so this worker registers it before loading
// extract-worker.ts. Built code (dist/) runs extract-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./extract-worker.ts');
