// A worker thread started from Gongbao's TypeScript sources (the tests, under tsx; see
// thread-module.ts): on Node 20 tsx registers itself in the main thread only, so this registers it
// in the thread, then loads the module it was started for. The built code (dist/) starts its
// threads' .js modules directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsxModule);
