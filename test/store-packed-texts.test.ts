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
import { openArchive, connectArchive, type OpenedArchive } from '../src/store/open.js';
import { deflateText, inflateBytes, inflateText, packTaskText, unpackTaskText } from '../src/store/packed.js';
import { SCHEMA_VERSION } from '../src/store/migrations/index.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, archiveSnapshot as snapshot, ingestInput, tempDir } from './store-fixtures.js';

const pgMissing = pgUnavailableReason();
const skip = pgMissing && !underCi() ? pgMissing : false;

/** The corpus, one issue given PDF line places so that line_places is filled too. */
async function fill(archive: OpenedArchive): Promise<void> {
  for (const [k, file] of CORPUS_FILES.entries()) {
    const input = ingestInput(file);
    if (k === 0) input.lines = input.lines.map((l, i) => ({ ...l, page: 1 + Math.floor(i / 40), box: { x0: 72, y0: 100 + (i % 40) * 18, x1: 500, y1: 114 + (i % 40) * 18 } }));
    await archive.ingestIssue(input);
  }
  await archive.flushIndex();
}

/** The corpus stored in a new archive; everything it gives back, read before it is closed. */
async function filled(archive: OpenedArchive): Promise<string> {
  await fill(archive);
  try {
    return await snapshot(archive);
  } finally {
    await archive.close();
  }
}

/** Opening the archive again migrates it; it then gives back what it gave before. */
async function assertMigratesUnchanged(open: () => OpenedArchive | Promise<OpenedArchive>, before: string): Promise<void> {
  const migrated = await open();
  try {
    assert.equal((await migrated.stats()).schemaVersion, SCHEMA_VERSION);
    const after = await snapshot(migrated);
    const at = [...after].findIndex((ch, i) => ch !== before[i]);
    // (assert.ok: for strings of megabytes assert.equal reports "same structure" instead of this message.)
    assert.ok(after === before, `first difference at ${at} of ${after.length}/${before.length}: ${after.slice(Math.max(0, at - 300), at + 300)} ≠ ${before.slice(Math.max(0, at - 300), at + 300)}`);
  } finally {
    await migrated.close();
  }
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
/** Task texts as stored since version 6 (against the document's body) read back: [text, id]. */
const TASK_TEXTS = 'SELECT t.id, t.text, tb.body FROM tasks t JOIN document_texts tb ON tb.document_id = t.document_id ORDER BY t.id';
const taskText = (t: { text: Uint8Array; body: Uint8Array }) => unpackTaskText(t.text, inflateBytes(t.body));

function toVersion4Sqlite(file: string): Texts[] {
  const db = new Database(file);
  try {
    const rows = (db.prepare('SELECT * FROM document_texts ORDER BY document_id').all() as Record<string, Uint8Array | null>[]).map(
      (r): Texts => ({ document_id: r.document_id as unknown as number, body: unpack(r.body)!, raw_lines: unpack(r.raw_lines), line_places: unpack(r.line_places), data: unpack(r.data)! }),
    );
    const tasks = (db.prepare(TASK_TEXTS).all() as { id: number; text: Uint8Array; body: Uint8Array }[]).map((t) => [taskText(t), t.id]);
    db.transaction(() => {
      db.exec(`DROP TABLE document_texts; ${V4_SQLITE} ${ROLES_V5}; DELETE FROM schema_version WHERE version > 4;`);
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
    const tasks = (await c.query(TASK_TEXTS)).rows.map((t) => ({ id: t.id, text: taskText(t) }));
    await c.query(`BEGIN;
      ALTER TABLE document_texts DROP COLUMN body, DROP COLUMN raw_lines, DROP COLUMN line_places, DROP COLUMN data;
      ALTER TABLE document_texts ADD COLUMN body text, ADD COLUMN raw_lines json, ADD COLUMN line_places json, ADD COLUMN data json;`);
    for (const r of rows) {
      await c.query('UPDATE document_texts SET body = $2, raw_lines = $3, line_places = $4, data = $5 WHERE document_id = $1', [
        r.document_id, r.body, r.raw_lines, r.line_places, r.data,
      ]);
    }
    assert.ok(tasks.length > 10, 'tasks are exercised');
    await c.query('ALTER TABLE tasks ADD COLUMN text_v4 text');
    for (const t of tasks) await c.query('UPDATE tasks SET text_v4 = $2 WHERE id = $1', [t.id, t.text]);
    await c.query('ALTER TABLE tasks DROP COLUMN text; ALTER TABLE tasks RENAME COLUMN text_v4 TO text;');
    await c.query(`ALTER TABLE document_texts ALTER COLUMN body SET NOT NULL, ALTER COLUMN data SET NOT NULL;
      ${ROLES_V5}; DELETE FROM schema_version WHERE version > 4; COMMIT;`);
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
    const before = await filled(openArchive(file));
    const v4 = toVersion4Sqlite(file);
    checkStored(v4);
    await assertMigratesUnchanged(() => openArchive(file), before);
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
    const before = await filled(await connectArchive(db.url));
    checkStored(await toVersion4Pg(db.url));
    await assertMigratesUnchanged(() => connectArchive(db.url), before);
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

// ───────────── task texts against the body (version 6) ─────────────

test('a task text packed against its body reads back, smaller than deflated alone, for short and long bodies', () => {
  const para = (k: number) => `（${k}）加强第${k}项重点工作，由市发展改革委牵头，市财政局、市商务局配合，于2024年${(k % 12) + 1}月底前完成。`;
  const short = Array.from({ length: 40 }, (_, k) => para(k)).join('\n');
  const long = Array.from({ length: 2000 }, (_, k) => para(k)).join('\n'); // about 200 KB: past DEFLATE's 32 KiB window
  for (const body of [short, long]) {
    for (const k of [0, 20, 39, 1500, 1999]) {
      if (!body.includes(para(k))) continue;
      // A task's text is the body's sentences, rejoined (here: two lines, the break dropped).
      const text = para(k) + para(k + 1);
      const packed = packTaskText(text, body);
      assert.equal(unpackTaskText(packed, Buffer.from(body)), text);
      assert.ok(packed.length * 3 < deflateText(text).length, `k=${k}: ${packed.length} bytes against ${deflateText(text).length} alone`);
    }
  }
  // Text not in the body, and a document without a body, still round-trip.
  for (const [text, body] of [['全新的句子，正文里没有。', short], ['任务', ''], ['', long]] as const) {
    assert.equal(unpackTaskText(packTaskText(text, body), Buffer.from(body)), text);
  }
  assert.throws(() => unpackTaskText(packTaskText(para(1999), long), Buffer.from(short)), /body bytes/);
});

/** task_agencies as version 5 had it: role names, and a second unit index. */
const ROLES_V5 = `UPDATE task_agencies SET role = CASE role WHEN 'l' THEN 'lead' WHEN 'c' THEN 'cooperator' END;
  CREATE INDEX task_agencies_unit_deadline ON task_agencies (name, deadline_key, task_id, role)`;

/** Put an archive's tasks back as version 5 stored them (texts deflated alone, role names); their text bytes before. */
function toVersion5Sqlite(file: string): number {
  const db = new Database(file);
  try {
    const tasks = db.prepare(TASK_TEXTS).all() as { id: number; text: Uint8Array; body: Uint8Array }[];
    assert.ok(tasks.length > 10, 'tasks are exercised');
    db.transaction(() => {
      const update = db.prepare('UPDATE tasks SET text = ? WHERE id = ?');
      for (const t of tasks) update.run(deflateText(taskText(t)), t.id);
      db.exec(`${ROLES_V5}; DELETE FROM schema_version WHERE version > 5`);
    })();
    return tasks.reduce((n, t) => n + t.text.length, 0);
  } finally {
    db.close();
  }
}

const taskBytes = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT SUM(length(text)) AS n FROM tasks').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

test('SQLite: tasks stored as version 5 had them (texts deflated alone, role names) migrate and read back identical', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'a.db');
    const before = await filled(openArchive(file));
    const packed = toVersion5Sqlite(file);
    const alone = taskBytes(file);
    assert.ok(packed * 2 < alone, `against the body ${packed} bytes, alone ${alone}`);
    await assertMigratesUnchanged(() => openArchive(file), before);
    assert.equal(taskBytes(file), packed);
    const db = new Database(file, { readonly: true });
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'task_agencies' ORDER BY name").pluck().all();
    db.close();
    assert.deepEqual(indexes, ['task_agencies_task', 'task_agencies_unit_role_deadline']);
  } finally {
    cleanup();
  }
});

test('PostgreSQL: tasks stored as version 5 had them (texts deflated alone, role names) migrate and read back identical', { skip }, async () => {
  const db = await createTestDatabase('packed_tasks');
  try {
    const before = await filled(await connectArchive(db.url));
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const sum = async () => Number((await c.query('SELECT SUM(length(text)) AS n FROM tasks')).rows[0].n);
    try {
      const packed = await sum();
      const tasks = (await c.query(TASK_TEXTS)).rows;
      await c.query('BEGIN');
      for (const t of tasks) await c.query('UPDATE tasks SET text = $2 WHERE id = $1', [t.id, deflateText(taskText(t))]);
      await c.query(`${ROLES_V5}; DELETE FROM schema_version WHERE version > 5; COMMIT`);
      assert.ok(packed * 2 < (await sum()));
      await assertMigratesUnchanged(() => connectArchive(db.url), before);
      assert.equal(await sum(), packed);
    } finally {
      await c.end();
    }
  } finally {
    await db.drop();
  }
});
