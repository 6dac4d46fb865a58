#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the "prepare" script). It imports
// nothing else itself, so that `gongbao --help` starts fast.
import { readFileSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

const entry = new URL('../dist/cli/main.js', import.meta.url);
// The same CLI bundled into a few files (scripts/bundle-cli.mjs), loaded when it is not older than
// the compiled CLI: ~80 modules resolved and linked one by one cost a quarter of a small parse.
const bundle = new URL('../dist/bundle/main.js', import.meta.url);

const notOlder = (file, than) => {
  try {
    return statSync(file).mtimeMs >= statSync(than).mtimeMs;
  } catch {
    return false;
  }
};

// `gongbao --help` alone prints the help the build wrote (scripts/write-help.mjs) from the same
// program, when it is not older than the compiled CLI: loading the CLI's modules to print it
// cost half again a bare node start.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  const cached = new URL('../dist/cli/help.txt', import.meta.url);
  // Without a cached help (not built by npm run build) the CLI prints it.
  if (notOlder(cached, entry)) {
    process.stdout.write(readFileSync(cached));
    process.exit(0);
  }
}

// Loading the CLI without V8's optimizing compiler: Node's module-path helpers get hot enough to be
// compiled by it during start-up, which a process loading once never gets back. The CLI turns it
// on again for the commands that run long (src/cli/compiler-at-start.ts).
setFlagsFromString('--no-turbofan');
try {
  await import((notOlder(bundle, entry) ? bundle : entry).href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(decodeURIComponent(entry.pathname))) throw e;
  process.stderr.write('gongbao: not built yet; run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
