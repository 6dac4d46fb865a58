/**
 * Migration 005 (a document's texts stored compressed, src/store/packed.ts) on both backends: an
 * archive whose document_texts and task texts are as schema version 4 stored them (text and JSON) migrates and then
 * reads back exactly what it read before — documents, lines (raw text and PDF places included),
 * exports, search snippets — while the columns now hold deflated bytes, smaller than the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ExportKind } from '../src/store/archive.js';
import { openArchive, connectArchive, type OpenedArchive } from '../src/store/open.js';
import { inflateText } from '../src/store/packed.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

const pgMissing = pgUnavailableReason();
const skip = pgMissing && !underCi() ? pgMissing : false;

const KINDS: ExportKind[] = ['documents', 'appointments', 'tasks', 'citations'];

/** The corpus, one issue given PDF line places so that line_places is filled too. */
async function fill(archive: OpenedArchive): Promise<void> {
  for (const [k, file] of CORPUS_FILES.entries()) {
    const input = ingestInput(file);
    if (k === 0) input.lines = input.lines.map((l, i) => ({ ...l, page: 1 + Math.floor(i / 40), box: { x0: 72, y0: 100 + (i % 40) * 18, x1: 500, y1: 114 + (i % 40) * 18 } }));
    await archive.ingestIssue(input);
  }
  await archive.flushIndex();
}

/** Everything the archive gives back of its documents' texts. */
async function snapshot(archive: OpenedArchive): Promise<string> {
  const out: unknown[] = [];
  for (const s of await archive.listDocuments({ limit: Infinity })) {
    const d = (await archive.getDocument(s.id, { asOf: '2024-01-01' }))!;
    out.push(d.document, d.lines, await archive.documentLines(s.id, s.startLine + 1, s.startLine + 3));
  }
  for (const kind of KINDS) for await (const r of archive.exportRows(kind)) out.push(r);
  out.push(await archive.search('人民政府'), await archive.search('工作'));
  // (Search answers say how long they took: not part of what is compared.)
  return JSON.stringify(out, (k, v) => (k === 'tookMs' ? undefined : v));
}

// ───────────── document_texts back as schema version 4 had it ─────────────

const V4_SQLITE = `CREATE TABLE document_texts (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  raw_lines TEXT,
  line_places TEXT,
  data TEXT NOT NULL
);`;

type Texts = { document_id: number; body: string; raw_lines: string | null; line_places: string | null; data: string };
const unpack = (v: Uint8Array | null) => (v === null ? null : inflateText(v));

function toVersion4Sqlite(file: string): Texts[] {
  const db = new Database(file);
  try {
    const rows = (db.prepare('SELECT * FROM document_texts ORDER BY document_id').all() as Record<string, Uint8Array | null>[]).map(
      (r): Texts => ({ document_id: r.document_id as unknown as number, body: unpack(r.body)!, raw_lines: unpack(r.raw_lines), line_places: unpack(r.line_places), data: unpack(r.data)! }),
    );
    const tasks = (db.prepare('SELECT id, text FROM tasks').all() as { id: number; text: Uint8Array }[]).map((t) => [inflateText(t.text), t.id]);
    db.transaction(() => {
      db.exec(`DROP TABLE document_texts; ${V4_SQLITE} DELETE FROM schema_version WHERE version > 4;`);
      const insert = db.prepare('INSERT INTO document_texts VALUES (?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(r.document_id, r.body, r.raw_lines, r.line_places, r.data);
      db.exec('ALTER TABLE tasks ADD COLUMN text_v4 TEXT');
      const text = db.prepare('UPDATE tasks SET text_v4 = ? WHERE id = ?');
      for (const t of tasks) text.run(...t);
      db.exec('ALTER TABLE tasks DROP COLUMN text; ALTER TABLE tasks RENAME COLUMN text_v4 TO text');
    })();
    assert.ok(tasks.length > 10, 'tasks are exercised');
    return rows;
  } finally {
    db.close();
  }
}

async function toVersion4Pg(url: string): Promise<Texts[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = (await c.query('SELECT * FROM document_texts ORDER BY document_id')).rows.map(
      (r): Texts => ({ document_id: r.document_id, body: unpack(r.body)!, raw_lines: unpack(r.raw_lines), line_places: unpack(r.line_places), data: unpack(r.data)! }),
    );
    await c.query(`BEGIN;
      ALTER TABLE document_texts DROP COLUMN body, DROP COLUMN raw_lines, DROP COLUMN line_places, DROP COLUMN data;
      ALTER TABLE document_texts ADD COLUMN body text, ADD COLUMN raw_lines json, ADD COLUMN line_places json, ADD COLUMN data json;`);
    for (const r of rows) {
      await c.query('UPDATE document_texts SET body = $2, raw_lines = $3, line_places = $4, data = $5 WHERE document_id = $1', [
        r.document_id, r.body, r.raw_lines, r.line_places, r.data,
      ]);
    }
    const tasks = (await c.query('SELECT id, text FROM tasks')).rows;
    assert.ok(tasks.length > 10, 'tasks are exercised');
    await c.query('ALTER TABLE tasks ADD COLUMN text_v4 text');
    for (const t of tasks) await c.query('UPDATE tasks SET text_v4 = $2 WHERE id = $1', [t.id, inflateText(t.text)]);
    await c.query('ALTER TABLE tasks DROP COLUMN text; ALTER TABLE tasks RENAME COLUMN text_v4 TO text;');
    await c.query(`ALTER TABLE document_texts ALTER COLUMN body SET NOT NULL, ALTER COLUMN data SET NOT NULL;
      DELETE FROM schema_version WHERE version > 4; COMMIT;`);
    return rows;
  } finally {
    await c.end();
  }
}

function checkStored(rows: Texts[]): void {
  assert.ok(rows.length > 30);
  assert.ok(rows.some((r) => r.line_places !== null) && rows.some((r) => r.raw_lines !== null), 'every column is exercised');
}

test('SQLite: texts stored as version 4 had them migrate to compressed columns and read back identical', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'a.db');
    const archive = openArchive(file);
    await fill(archive);
    const before = await snapshot(archive);
    await archive.close();
    const v4 = toVersion4Sqlite(file);
    checkStored(v4);

    const migrated = openArchive(file);
    try {
      assert.equal((await migrated.stats()).schemaVersion, 5);
      const after = await snapshot(migrated);
      const at = [...after].findIndex((ch, i) => ch !== before[i]);
      assert.equal(after, before, `first difference at ${at}: ${after.slice(at - 200, at + 200)} ≠ ${before.slice(at - 200, at + 200)}`);
    } finally {
      await migrated.close();
    }
    const db = new Database(file, { readonly: true });
    const stored = db.prepare('SELECT typeof(body) AS t, SUM(length(body) + length(data)) AS packed FROM document_texts').get() as { t: string; packed: number };
    assert.deepEqual(db.prepare('SELECT DISTINCT typeof(text) AS t FROM tasks').all(), [{ t: 'blob' }]);
    db.close();
    assert.equal(stored.t, 'blob');
    const text = v4.reduce((n, r) => n + Buffer.byteLength(r.body) + Buffer.byteLength(r.data), 0);
    assert.ok(stored.packed < text * 0.6, `compressed ${stored.packed} bytes of ${text}`);
  } finally {
    cleanup();
  }
});

test('PostgreSQL: texts stored as version 4 had them migrate to compressed columns and read back identical', { skip }, async () => {
  const db = await createTestDatabase('packed');
  try {
    const archive = await connectArchive(db.url);
    await fill(archive);
    const before = await snapshot(archive);
    await archive.close();
    checkStored(await toVersion4Pg(db.url));

    const migrated = await connectArchive(db.url);
    try {
      assert.equal((await migrated.stats()).schemaVersion, 5);
      assert.equal(await snapshot(migrated), before);
    } finally {
      await migrated.close();
    }
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const types = (await c.query(
      `SELECT data_type FROM information_schema.columns
       WHERE table_name = 'document_texts' AND column_name <> 'document_id' OR table_name = 'tasks' AND column_name = 'text'`,
    )).rows;
    await c.end();
    assert.deepEqual(types.map((r) => r.data_type), ['bytea', 'bytea', 'bytea', 'bytea', 'bytea']);
  } finally {
    await db.drop();
  }
});

test('SQLite and PostgreSQL give back the same texts from their compressed columns', { skip }, async () => {
  const { dir, cleanup } = tempDir();
  const db = await createTestDatabase('packed_same');
  try {
    const sqlite = openArchive(join(dir, 'a.db'));
    const postgres = await connectArchive(db.url);
    try {
      await fill(sqlite);
      await fill(postgres);
      assert.equal(await snapshot(postgres), await snapshot(sqlite));
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  } finally {
    cleanup();
    await db.drop();
  }
});
