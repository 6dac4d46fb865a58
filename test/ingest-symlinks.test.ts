/**
 * A folder walk (`gongbao ingest FOLDER`) follows symbolic links but never walks a folder it has
 * already walked (same device and inode): a link loop ends, and each file is taken once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFiles } from '../src/store/ingest-files.js';
import { CORPUS_FILES, cli, tempDir } from './store-fixtures.js';

test('a symbolic link loop: the folder walk ends, each file once', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const top = join(dir, 'top');
    mkdirSync(join(top, 'sub'), { recursive: true });
    writeFileSync(join(top, 'sub', 'a.txt'), readFileSync(CORPUS_FILES[0]!));
    symlinkSync(top, join(top, 'sub', 'back')); // sub/back → top: a loop
    assert.deepEqual(await collectFiles([top]), [join(top, 'sub', 'a.txt')]);

    // Two links back: without the check, every level doubles the walk.
    symlinkSync(top, join(top, 'sub', 'again'));
    symlinkSync(join(top, 'sub'), join(top, 'self'));
    const r = cli(['ingest', 'top'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^1 files?, 1 new/);
  } finally {
    cleanup();
  }
});
