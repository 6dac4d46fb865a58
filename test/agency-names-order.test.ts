/**
 * An agency's names (agencyTasks) come in one order on both backends: the name asked, its
 * canonical name(s), then the other names in code-point order. Before, they came in whatever order
 * the database's DISTINCT gave, and on PostgreSQL that changed after migration 006 rewrote the
 * rows (test/store-packed-texts.test.ts failed in 2 of 3 full runs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { openArchive, connectArchive, type OpenedArchive } from '../src/store/open.js';
import type { SqliteArchive } from '../src/store/sqlite.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

const pgMissing = pgUnavailableReason();
const skip = pgMissing && !underCi() ? pgMissing : false;

const codePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `rewrite` stores the agency names again in reverse order (as a migration rewriting rows leaves
 * them in another order): an order that came from the rows' order shows.
 */
async function checkNames(archive: OpenedArchive, rewrite: () => Promise<void>): Promise<void> {
  for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(f));
  await rewrite();
  const agencies = await archive.listAgencies({ limit: 50 });
  const many = agencies.filter((a) => a.aliases.length >= 3);
  assert.ok(many.length > 0, 'an agency with several names');
  for (const a of many) {
    // Asked by an alias: that alias first, then the canonical name, then the rest in code-point order.
    const asked = [...a.aliases].sort(codePoints).at(-1)!;
    const { names } = await archive.agencyTasks(asked, '2024-01-01');
    const rest = names.slice(2);
    assert.equal(names[0], asked);
    assert.equal(names[1], a.name);
    assert.deepEqual(rest, [...rest].sort(codePoints), `${a.name}: ${names.join(' ')}`);
  }
}

test('SQLite: an agency\'s names come asked name, canonical name, then code-point order', async () => {
  const { dir, cleanup } = tempDir();
  const archive = openArchive(join(dir, 'a.db')) as SqliteArchive;
  try {
    await checkNames(archive, async () => {
      archive.db.exec(`CREATE TEMP TABLE reversed AS SELECT * FROM agency_names ORDER BY rowid DESC;
        DELETE FROM agency_names; INSERT INTO agency_names SELECT * FROM reversed; DROP TABLE reversed;`);
    });
  } finally {
    await archive.close();
    cleanup();
  }
});

test('PostgreSQL: an agency\'s names come asked name, canonical name, then code-point order', { skip }, async () => {
  const db = await createTestDatabase('agency_names_order');
  const archive = await connectArchive(db.url);
  try {
    await checkNames(archive, async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        await c.query(`BEGIN; CREATE TEMP TABLE reversed AS SELECT * FROM agency_names ORDER BY ctid DESC;
          DELETE FROM agency_names; INSERT INTO agency_names SELECT * FROM reversed; COMMIT; ANALYZE agency_names`);
      } finally {
        await c.end();
      }
    });
  } finally {
    await archive.close();
    await db.drop();
  }
});
