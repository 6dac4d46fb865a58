#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the "prepare" script). It requires
// nothing else itself, so that `gongbao --help` starts fast. It is CommonJS (bin/package.json):
// an ES module here would start Node's ES module loader, which the bundled CLI does not need.
'use strict';
const { readFileSync, statSync, writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');

const dist = join(__dirname, '..', 'dist');
const entry = join(dist, 'cli', 'main.js');
// The same CLI bundled into one script (scripts/bundle-cli.mjs), run when it is not older than the
// compiled CLI: ~80 modules resolved and linked one by one cost a quarter of a small parse.
const bundle = join(dist, 'bundle', 'main.cjs');
// Node's CommonJS module function: the build writes the bundle inside it after its id line
// (scripts/bundle-cli.mjs), so it is compiled as read; a bundle written before that, or by hand, is
// wrapped when it is compiled (a copy of its source).
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

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
  const cached = join(dist, 'cli', 'help.txt');
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
if (notOlder(bundle, entry)) runBundle();
else {
  import(pathToFileURL(entry).href).catch((e) => {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(entry)) throw e;
    process.stderr.write('gongbao: not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  });
}

/**
 * Runs the bundle as Node would a CommonJS module, compiled with V8's code cache the build made for
 * it (`main.<id>.cache`, the id on the bundle's first line): V8 then neither parses the script
 * nor compiles the functions a parse runs. A cache V8 refuses (another Node, other V8 flags) or
 * none costs only the compiling it would have saved. GONGBAO_DEBUG=1 says which on stderr.
 */
function runBundle() {
  const { Script, constants } = require('node:vm');
  const { createRequire } = require('node:module');
  const source = readFileSync(bundle, 'utf8');
  const id = /^\/\/ gongbao bundle (\w+)/.exec(source)?.[1];
  const cacheFile = id ? join(dist, 'bundle', `main.${id}.cache`) : null;
  let cachedData;
  try {
    if (cacheFile && !process.env.GONGBAO_WRITE_CODE_CACHE) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compiled as it runs
  }
  // V8 checks a cache's version, flags and lengths, and with this its checksum too (left off in
  // release builds): a damaged cache is refused, not run. Off again once the bundle is compiled:
  // it also checks Node's start-up snapshot for every worker thread (~50 M instructions each).
  setFlagsFromString('--verify-snapshot-checksum');
  const wrapped = source.startsWith(WRAPPER, source.indexOf('\n') + 1);
  const script = new Script(wrapped ? source : `${WRAPPER}${source}\n})`, {
    filename: bundle,
    cachedData,
    // import() in the bundle (packages loaded when a command needs them) resolves as from the bundle.
    importModuleDynamically: constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ?? ((specifier) => import(specifier)),
  });
  setFlagsFromString('--no-verify-snapshot-checksum');
  if (process.env.GONGBAO_DEBUG) {
    process.stderr.write(`gongbao: code cache ${cachedData ? (script.cachedDataRejected ? 'refused by V8' : 'used') : 'absent'}\n`);
  }
  // scripts/bundle-cli.mjs: the cache of what a parse compiled, written as the process ends, with
  // V8's flags as they were when the script was compiled (V8 refuses a cache made under others):
  // the ones src/cli/one-shot-jit.ts set for the parse put back by it (the bundle exports
  // undoOneParseTuning), the compiler's and the checksum's as this launcher had them.
  if (process.env.GONGBAO_WRITE_CODE_CACHE && cacheFile) {
    process.on('exit', () => {
      module.exports.undoOneParseTuning?.();
      setFlagsFromString('--no-turbofan');
      setFlagsFromString('--verify-snapshot-checksum');
      writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  const module = { exports: {}, filename: bundle, id: bundle };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, join(dist, 'bundle'));
}
