/**
 * The module a worker thread runs, next to the module that starts it: `NAME.js` in dist/; from the
 * TypeScript sources (the tests, under tsx) `NAME-tsx.mjs`, a shim that registers tsx in the
 * thread first (on Node 20 tsx registers itself in the main thread only) and then loads `NAME.ts`.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function threadModule(starter: string, name: string): URL {
  const fromSources = extname(fileURLToPath(starter)) === '.ts';
  return new URL(fromSources ? `./${name}-tsx.mjs` : `./${name}.js`, starter);
}
