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

test('a name that two agencies answer to: the other names of both in one code-point order', async () => {
  const { dir, cleanup } = tempDir();
  const archive = openArchive(join(dir, 'a.db')) as SqliteArchive;
  try {
    for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(f));
    const many = (await archive.listAgencies({ limit: 50 })).filter((a) => a.aliases.length >= 2);
    // Two agencies whose names interleave in code-point order (each one's listed in turn would not be sorted).
    const pairs = many.flatMap((a) => many.map((b) => [a, b] as const)).filter(([a, b]) => a.name < b.name);
    const interleaved = pairs.find(([a, b]) => [a.name, ...a.aliases].some((x) => [...b.aliases].some((y) => y < x)));
    assert.ok(interleaved, 'two agencies whose names interleave');
    const [a, b] = interleaved;
    // One of a's names taken by b as well (two issues can resolve a short name differently).
    const asked = [...a.aliases].sort(codePoints)[0]!;
    archive.db.prepare('INSERT INTO agency_names (issue_id, name, canonical) SELECT issue_id, ?, ? FROM agency_names WHERE canonical = ? LIMIT 1').run(asked, b.name, b.name);
    const { names } = await archive.agencyTasks(asked, '2024-01-01');
    const canon = [a.name, b.name].sort(codePoints);
    assert.deepEqual(names.slice(0, 3), [asked, ...canon]);
    const rest = names.slice(3);
    assert.ok(rest.length >= 2, names.join(' '));
    assert.deepEqual(rest, [...rest].sort(codePoints), names.join(' '));
  } finally {
    await archive.close();
    cleanup();
  }
});
