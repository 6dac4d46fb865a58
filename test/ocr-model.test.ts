/**
 * The OCR model (src/pdf/ocr-model.ts): the standard chi_sim of the npm package unpacked once into
 * the tessdata cache (with the tsv config tesseract looks for there), and Debian's model when the
 * package is missing or damaged, when asked for, or for other languages.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { defaultTessdataCacheDir, resolveOcrModel, standardModelArchive, unpackStandardModel } from '../src/pdf/ocr-model.js';

const work = mkdtempSync(join(tmpdir(), 'gongbao-ocr-model-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('the npm package holds the standard model', () => {
  const archive = standardModelArchive();
  assert.ok(archive, 'npm package @tesseract.js-data/chi_sim is installed');
  assert.match(archive, /@tesseract\.js-data\/chi_sim\/4\.0\.0\/chi_sim\.traineddata\.gz$/);
});

test('unpacked once into a folder named by the archive\'s hash, with the tsv config; a second call reuses it', async () => {
  const archive = standardModelArchive()!;
  const cacheDir = join(work, 'tessdata');
  const { dir, hash } = await unpackStandardModel(archive, cacheDir);
  assert.equal(dir, join(cacheDir, `chi_sim-standard-${hash}`));
  assert.match(hash, /^[0-9a-f]{16}$/);
  const file = join(dir, 'chi_sim.traineddata');
  assert.equal(statSync(file).size, gunzipSync(readFileSync(archive)).length);
  assert.equal(readFileSync(join(dir, 'configs', 'tsv'), 'utf8'), 'tessedit_create_tsv 1\n');
  const mtime = statSync(file).mtimeMs;
  assert.deepEqual(await unpackStandardModel(archive, cacheDir), { dir, hash });
  assert.equal(statSync(file).mtimeMs, mtime, 'not written again');
  assert.deepEqual(readdirSync(dir).sort(), ['chi_sim.traineddata', 'configs'], 'no temporary file left');
});

test('the standard model is read with --tessdata-dir and the LSTM engine; its id differs from the system model\'s', async () => {
  const cacheDir = join(work, 'resolve');
  const standard = await resolveOcrModel('chi_sim', 'standard', { cacheDir });
  assert.equal(standard.name, 'standard');
  assert.deepEqual(standard.args.slice(2), ['--oem', '1']);
  assert.equal(standard.args[0], '--tessdata-dir');
  assert.ok(existsSync(join(standard.args[1]!, 'chi_sim.traineddata')));
  const system = await resolveOcrModel('chi_sim', 'system', { cacheDir });
  assert.deepEqual({ name: system.name, args: system.args }, { name: 'system', args: [] });
  assert.match(system.id, /^system:chi_sim:[0-9a-f]{16}$/);
  assert.notEqual(standard.id, system.id);
});

test('Debian\'s model when the package is missing, damaged, or another language is asked for', async () => {
  const cacheDir = join(work, 'fallback');
  assert.equal((await resolveOcrModel('chi_sim', 'standard', { archive: null, cacheDir })).name, 'system');
  assert.equal((await resolveOcrModel('chi_sim+eng', 'standard', { cacheDir })).name, 'system');
  const damaged = join(work, 'damaged.traineddata.gz');
  writeFileSync(damaged, 'not gzip');
  assert.equal((await resolveOcrModel('chi_sim', 'standard', { archive: damaged, cacheDir })).name, 'system');
  // The failed unpacking left no half file.
  const left = readdirSync(cacheDir, { recursive: true, encoding: 'utf8' });
  assert.ok(!left.some((f) => f.endsWith('.tmp') || f.endsWith('.traineddata')), left.join(' '));
});

test('the tessdata cache lives in $XDG_CACHE_HOME/gongbao/tessdata', () => {
  assert.equal(defaultTessdataCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/gongbao/tessdata');
});
