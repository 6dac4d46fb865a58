/**
 * The bundled CLI (dist/bundle/main.cjs, scripts/bundle-cli.mjs), which bin/gongbao.js runs after
 * `npm run build`: the same answers as the compiled CLI it is made from, every module address it
 * rewrote (`import.meta.url`, by which modules find package files, data and their worker threads)
 * pointing at the compiled file it stands for, and V8's code cache made for it used, or, refused,
 * costing nothing but time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, tempDir } from './store-fixtures.js';
import { corpusFile } from '../eval/gold.js';

const BUNDLE = join(ROOT, 'dist', 'bundle');
const COMPILED = join(ROOT, 'dist', 'cli', 'main.js');
const MAIN = join(BUNDLE, 'main.cjs');
const built = existsSync(MAIN);

test('npm run build bundles the CLI, and the bundle is as new as the compiled CLI', () => {
  assert.ok(built, 'dist/bundle/main.cjs missing: run npm run build');
  assert.ok(statSync(MAIN).mtimeMs >= statSync(COMPILED).mtimeMs, 'the bundle is older than dist/: run npm run build');
});

test('each rewritten module address in the bundle is a compiled file', { skip: !built && 'not built' }, () => {
  const addresses = new Set<string>();
  for (const m of readFileSync(MAIN, 'utf8').matchAll(/new URL\("([^"]+)", __gongbaoBundleUrl\)\.href/g)) addresses.add(m[1]!);
  // The PDF reader's thread, the threads' launcher, the archive's threads, the CLI's version.
  for (const known of ['../pdf/read.js', '../thread-module.js', '../store/packing.js', '../cli/version.js']) assert.ok(addresses.has(known), known);
  for (const a of addresses) assert.ok(existsSync(fileURLToPath(new URL(a, `file://${BUNDLE}/`))), `${a} does not exist`);
});

test('the bundled and the compiled CLI parse a text issue and a PDF alike', { skip: !built && 'not built' }, () => {
  const parse = (main: string, file: string) => {
    const r = spawnSync(process.execPath, [main, 'parse', file, '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, GONGBAO_DEBUG: '1', NODE_OPTIONS: '' },
    });
    assert.equal(r.status, 0, r.stderr);
    return r;
  };
  for (const file of [corpusFile('yangquan-2021-05'), join(ROOT, 'fixtures', 'pdf', 'yangquan-2020-01.2col.pdf')]) {
    // The bundle is the function the launcher runs (scripts/bundle-cli.mjs): run through it.
    const launched = parse(join(ROOT, 'bin', 'gongbao.js'), file);
    assert.match(launched.stderr, /^gongbao: code cache used$/m, 'the launcher ran the bundle');
    const bundled = launched.stdout;
    assert.ok(bundled.length > 10_000, 'a parse was printed');
    assert.equal(bundled, parse(COMPILED, file).stdout, file);
  }
});

test('bin/gongbao.js runs the bundle with the code cache the build made for it; a cache V8 refuses changes nothing but time', { skip: !built && 'not built' }, () => {
  const id = /^\/\/ gongbao bundle (\w+)/.exec(readFileSync(MAIN, 'utf8'))?.[1];
  assert.ok(id, 'the bundle names itself on its first line');
  // Written as the function the launcher runs, so that it compiles the source as read (a wrapper
  // added at start-up copied the whole source again: ~460 page faults).
  assert.match(readFileSync(MAIN, 'utf8'), /^\/\/ gongbao bundle \w+\n\(function \(exports, require, module, __filename, __dirname\) \{/);
  assert.ok(existsSync(join(BUNDLE, `main.${id}.cache`)), 'the build wrote the cache of this bundle');
  const parse = (root: string) => spawnSync(process.execPath, [join(root, 'bin', 'gongbao.js'), 'parse', corpusFile('yangquan-2021-05'), '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, GONGBAO_DEBUG: '1', NODE_OPTIONS: '' },
    maxBuffer: 1 << 28,
  });
  const used = parse(ROOT);
  assert.equal(used.status, 0, used.stderr);
  assert.match(used.stderr, /^gongbao: code cache used$/m);

  // A copy of the CLI whose cache is not what V8 made (another Node's, damaged on disk).
  const { dir, cleanup } = tempDir('gongbao-code-cache-');
  try {
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const cache = join(dir, 'dist', 'bundle', `main.${id}.cache`);
    const bytes = readFileSync(cache);
    bytes.fill(7, 64, 4096);
    writeFileSync(cache, bytes);
    const refused = parse(dir);
    assert.equal(refused.status, 0, refused.stderr);
    assert.match(refused.stderr, /^gongbao: code cache refused by V8$/m);
    assert.equal(refused.stdout, used.stdout);
    // A bundle built again names another cache: the old one is not read for other code.
    writeFileSync(join(dir, 'dist', 'bundle', 'main.cjs'), readFileSync(MAIN, 'utf8').replace(id, 'f'.repeat(16)));
    const absent = parse(dir);
    assert.equal(absent.status, 0, absent.stderr);
    assert.match(absent.stderr, /^gongbao: code cache absent$/m);
    assert.equal(absent.stdout, used.stdout);
  } finally {
    cleanup();
  }
});
