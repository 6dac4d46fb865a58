/**
 * Catching up on documents not yet indexed (every ingest's final flush, every writer's first
 * write) reads them through the partial index documents_unindexed on both backends, not by
 * scanning every document: the query states the index's condition as the index does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { SqliteArchive } from '../src/store/sqlite.js';
import { connectArchive } from '../src/store/open.js';
import { SQL as SQLITE_SQL } from '../src/store/db/sqlite.js';
import { SQL as PG_SQL, numberParams } from '../src/store/db/pg.js';
import { unindexedPage } from '../src/store/index-writer.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

const pgMissing = pgUnavailableReason();
const skip = pgMissing && !underCi() ? pgMissing : false;

test('SQLite: the catch-up query reads the unindexed documents through their partial index', async () => {
  const { dir, cleanup } = tempDir();
  const archive = SqliteArchive.open(join(dir, 'a.db'));
  try {
    await archive.ingestIssue(ingestInput(CORPUS_FILES[0]!));
    const plan = archive.db.prepare(`EXPLAIN QUERY PLAN ${unindexedPage(SQLITE_SQL)}`).all(0) as { detail: string }[];
    assert.ok(
      plan.some((p) => /USING (COVERING )?INDEX documents_unindexed/.test(p.detail)),
      plan.map((p) => p.detail).join('; '),
    );
    // And it finds them: none once flushed.
    await archive.flushIndex();
    assert.equal(archive.db.prepare(unindexedPage(SQLITE_SQL)).all(0).length, 0);
  } finally {
    await archive.close();
    cleanup();
  }
});

test('PostgreSQL: the catch-up query can read the unindexed documents through their partial index', { skip }, async () => {
  const db = await createTestDatabase('catch_up_plan');
  try {
    const archive = await connectArchive(db.url);
    await archive.ingestIssue(ingestInput(CORPUS_FILES[0]!));
    await archive.close();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      // (A tiny table is scanned whatever the indexes: forbid the scan to see whether the index serves.)
      await c.query('SET enable_seqscan = off');
      const plan = (await c.query(`EXPLAIN ${numberParams(unindexedPage(PG_SQL))}`, [0])).rows.map((r) => r['QUERY PLAN'] as string);
      assert.ok(plan.some((l) => l.includes('documents_unindexed')), plan.join('\n'));
    } finally {
      await c.end();
    }
  } finally {
    await db.drop();
  }
});
