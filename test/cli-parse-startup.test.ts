/**
 * What `gongbao parse FILE` loads before it parses: start-up is paid by every issue parsed. With
 * stderr not a terminal there is no progress bar to draw, so cli-progress (20 CommonJS modules,
 * ~20 ms CPU) is not loaded; a text issue does not load the PDF path (pdf.js input, OCR, layout:
 * ~50 ms CPU) nor Node's worker threads (the PDF reader's: ~8 M instructions of Node's own modules,
 * compiled from source at every start); the text summary of an issue of Chinese documents does not
 * load string-width (its set-up: ~0.3 G instructions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cliCommand, tempDir } from './store-fixtures.js';
import { corpusFile } from '../eval/gold.js';

// Preloaded into the CLI: at exit, every CommonJS module loaded (also those imported from ES
// modules) and every ES module resolved, one per line, into $MODULES_OUT.
const HOOK = `data:text/javascript,${encodeURIComponent(`
  import { createRequire, register } from 'node:module';
  import { writeFileSync, appendFileSync } from 'node:fs';
  const out = process.env.MODULES_OUT;
  register('data:text/javascript,' + encodeURIComponent(
    'import { appendFileSync } from "node:fs";' +
    'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.MODULES_OUT, r.url + "\\\\n"); return r; }'));
  process.on('exit', () => appendFileSync(out, Object.keys(createRequire(process.cwd() + '/').cache).join('\\n') + '\\n'));
`)}`;

test('gongbao parse TEXT-FILE --format text, stderr not a terminal, loads neither cli-progress, string-width nor the PDF path', () => {
  const { dir, cleanup } = tempDir('gongbao-parse-startup-');
  try {
    const out = join(dir, 'modules.txt');
    const { command, args } = cliCommand();
    const r = spawnSync(command, ['--import', HOOK, ...args, 'parse', corpusFile('yangquan-2020-01'), '--format', 'text'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MODULES_OUT: out },
    });
    // (A process ended by a signal has no status and may say nothing: say how it ended.)
    assert.equal(r.status, 0, r.stderr || `no output; signal ${r.signal}${r.error ? `, ${r.error.message}` : ''}`);
    const loaded = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    assert.ok(loaded.some((m) => m.includes('/src/parse.ts')), 'the list sees the parser');
    assert.ok(loaded.some((m) => m.includes('/node_modules/commander/')), 'the list sees CommonJS modules');
    assert.deepEqual(loaded.filter((m) => m.includes('/node_modules/cli-progress/')), []);
    // The text summary's columns are CJK and ASCII: aligned without string-width's set-up.
    assert.deepEqual(loaded.filter((m) => m.includes('/node_modules/string-width/')), []);
    const pdfPath = /\/src\/(pdf\/(input|ocr|lines|read)|layout\/index|thread-module)\.ts$|^node:(zlib|child_process)$/;
    assert.deepEqual(loaded.filter((m) => pdfPath.test(m)), []);
  } finally {
    cleanup();
  }
});

test('the installed CLI (bin/gongbao.js, as built) parsing a text issue loads neither Node\'s worker threads nor child_process', () => {
  // Node's own modules, listed by the process itself at exit: a loader hook (as above) would run
  // on a thread of its own and load them itself.
  const { dir, cleanup } = tempDir('gongbao-parse-builtins-');
  try {
    const out = join(dir, 'builtins.txt');
    const hook = join(dir, 'hook.cjs');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(process.env.BUILTINS_OUT, process.moduleLoadList.join('\\n')));`);
    const r = spawnSync(process.execPath, ['--require', hook, join(ROOT, 'bin', 'gongbao.js'), 'parse', corpusFile('yangquan-2020-01'), '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BUILTINS_OUT: out },
      maxBuffer: 1 << 26,
    });
    assert.equal(r.status, 0, r.stderr);
    const loaded = readFileSync(out, 'utf8').split('\n');
    assert.ok(loaded.includes('NativeModule crypto'), 'the list sees what the parse loads (the input\'s SHA-256)');
    assert.deepEqual(loaded.filter((m) => /^NativeModule (worker_threads|internal\/worker)$/.test(m)), []);
    // commander requires child_process at its top, for subcommands run as executables (this CLI has
    // none); the bundle gives it child_process when it first spawns (scripts/bundle-cli.mjs).
    assert.deepEqual(loaded.filter((m) => /^NativeModule (child_process|internal\/child_process|dgram)$/.test(m)), []);
  } finally {
    cleanup();
  }
});
