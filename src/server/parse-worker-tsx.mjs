// The parse worker when Gongbao runs from its TypeScript sources (the tests, under tsx): on Node 20
// tsx registers itself in the main thread only, so this worker registers it before loading
// parse-worker.ts. The built server (dist/) runs parse-worker.js directly.
import { register } from 'tsx/esm/api';

register();
export const { digest, prepare } = await import('./parse-worker.ts');
