/**
 * The bundled CLI (dist/bundle/, scripts/bundle-cli.mjs), which bin/gongbao.js runs after
 * `npm run build`: the same answers as the compiled CLI it is made from, and every module address
 * it rewrote (`import.meta.url`, by which modules find package files, data and their worker
 * threads) pointing at the compiled file it stands for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './store-fixtures.js';
import { corpusFile } from '../eval/gold.js';

const BUNDLE = join(ROOT, 'dist', 'bundle');
const COMPILED = join(ROOT, 'dist', 'cli', 'main.js');
const built = existsSync(join(BUNDLE, 'main.js'));

test('npm run build bundles the CLI, and the bundle is as new as the compiled CLI', () => {
  assert.ok(built, 'dist/bundle/main.js missing: run npm run build');
  assert.ok(statSync(join(BUNDLE, 'main.js')).mtimeMs >= statSync(COMPILED).mtimeMs, 'the bundle is older than dist/: run npm run build');
});

test('each rewritten module address in the bundle is a compiled file', { skip: !built && 'not built' }, () => {
  const addresses = new Set<string>();
  for (const file of readdirSync(BUNDLE)) {
    const text = readFileSync(join(BUNDLE, file), 'utf8');
    for (const m of text.matchAll(/new URL\("([^"]+)", import\.meta\.url\)\.href/g)) addresses.add(m[1]!);
  }
  // The PDF reader's thread, the threads' launcher, the archive's threads, the CLI's version.
  for (const known of ['../pdf/read.js', '../thread-module.js', '../store/packing.js', '../cli/version.js']) assert.ok(addresses.has(known), known);
  for (const a of addresses) assert.ok(existsSync(fileURLToPath(new URL(a, `file://${BUNDLE}/`))), `${a} does not exist`);
});

test('the bundled and the compiled CLI parse a text issue and a PDF alike', { skip: !built && 'not built' }, () => {
  const parse = (main: string, file: string) => {
    const r = spawnSync(process.execPath, [main, 'parse', file, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  for (const file of [corpusFile('yangquan-2021-05'), join(ROOT, 'fixtures', 'pdf', 'yangquan-2020-01.2col.pdf')]) {
    const bundled = parse(join(BUNDLE, 'main.js'), file);
    assert.ok(bundled.length > 10_000, 'a parse was printed');
    assert.equal(bundled, parse(COMPILED, file), file);
  }
});
