/**
 * During a bulk ingest an SQLite archive's log is checkpointed on a thread (src/store/
 * checkpointer.ts, checkpoint-thread.ts): the file takes the log's pages while the archive is
 * still open and writing (the writer's own checkpoints would wait for 64 MiB of log), the archive
 * stays whole, and closing stops the thread and gives the writer its checkpoints back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteArchive } from '../src/store/sqlite.js';
import { AUTO_CHECKPOINT_PAGES } from '../src/store/checkpointer.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

test('a bulk ingest has its log checkpointed on the thread while the archive is open; the archive stays whole', async () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'a.db');
  const archive = SqliteArchive.open(file);
  try {
    const before = statSync(file).size;
    const inputs = CORPUS_FILES.map((f) => ingestInput(f));
    await archive.ingestIssues(inputs);
    assert.ok(statSync(`${file}-wal`).size > 10 * before, 'the batch went to the log');
    // A single ingest of this size never reaches the writer's own checkpoint (64 MiB of log).
    let size = statSync(file).size;
    for (let i = 0; i < 100 && size <= before; i++) {
      await sleep(50);
      size = statSync(file).size;
    }
    assert.ok(size > before, `the file took the log's pages (${before} → ${size} bytes)`);
    assert.equal(archive.db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal((archive.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n, 59);
  } finally {
    await archive.close();
  }
  const again = SqliteArchive.open(file);
  try {
    assert.equal(again.db.pragma('wal_autocheckpoint', { simple: true }), AUTO_CHECKPOINT_PAGES);
    assert.equal((again.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n, 59);
    assert.equal(again.db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    await again.close();
    cleanup();
  }
});
