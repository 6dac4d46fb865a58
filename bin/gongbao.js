#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the "prepare" script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('gongbao: not built yet; run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
