/**
 * The module a worker thread runs, next to the module that starts it: `NAME.js` in dist/; from the
 * TypeScript sources (the tests, under tsx) `NAME.ts`, loaded through `tsx-thread.mjs`, which
 * registers tsx in the thread first (on Node 20 tsx registers itself in the main thread only).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const fromSources = (starter: string) => extname(fileURLToPath(starter)) === '.ts';

/** A worker thread running module `name` beside `starter` (an import.meta.url). */
export function startThread(starter: string, name: string): Worker {
  if (!fromSources(starter)) return new Worker(new URL(`./${name}.js`, starter));
  return new Worker(new URL('./tsx-thread.mjs', import.meta.url), { workerData: { tsxModule: new URL(`./${name}.ts`, starter).href } });
}

/**
 * The file a thread pool loads for module `name` beside `starter`: from the sources
 * `NAME-tsx.mjs`, a shim that registers tsx and re-exports the module's functions (a pool calls
 * them by name, so it cannot go through `tsx-thread.mjs`).
 */
export function poolModule(starter: string, name: string): string {
  return fileURLToPath(new URL(fromSources(starter) ? `./${name}-tsx.mjs` : `./${name}.js`, starter));
}
