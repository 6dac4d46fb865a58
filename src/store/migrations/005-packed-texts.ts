/**
 * Version 5: a document's texts stored compressed (src/store/packed.ts): document_texts' body,
 * raw_lines, line_places and data, and a task's text, become raw-DEFLATE BLOBs of the text they
 * held (JSON as the very text stored, so key order and every byte of it are kept).
 * document_texts is rebuilt (SQLite cannot change a column's type); tasks, which task_agencies
 * references (rebuilding it would cascade), gets a new column in place of the old one — declared
 * with a default the new schema lacks, which ADD COLUMN … NOT NULL requires. Old pages go to the
 * free list until a VACUUM.
 */
import type Database from 'better-sqlite3';
import { deflateText } from '../packed.js';

export const version = 5;
export const name = 'packed-texts';
export const sql = `
ALTER TABLE document_texts RENAME TO document_texts_v4;
CREATE TABLE document_texts (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  body BLOB NOT NULL,
  raw_lines BLOB,
  line_places BLOB,
  data BLOB NOT NULL
);
ALTER TABLE tasks ADD COLUMN text_z BLOB NOT NULL DEFAULT x'';
`;

/** Stored text compressed; NULL (and the empty text SQLite's JSON columns read as none) stays NULL. */
const packed = (v: string | null): Buffer | null => (v === null || v === '' ? null : deflateText(v));

export function after(db: Database.Database): void {
  const page = db.prepare('SELECT * FROM document_texts_v4 WHERE document_id > ? ORDER BY document_id LIMIT 1000');
  const insert = db.prepare('INSERT INTO document_texts (document_id, body, raw_lines, line_places, data) VALUES (?, ?, ?, ?, ?)');
  type Old = { document_id: number; body: string; raw_lines: string | null; line_places: string | null; data: string };
  for (let after = 0; ; ) {
    const rows = page.all(after) as Old[];
    if (!rows.length) break;
    for (const r of rows) insert.run(r.document_id, deflateText(r.body), packed(r.raw_lines), packed(r.line_places), deflateText(r.data));
    after = rows[rows.length - 1]!.document_id;
  }
  db.exec('DROP TABLE document_texts_v4');

  const update = db.prepare('UPDATE tasks SET text_z = ? WHERE id = ?');
  for (const r of db.prepare('SELECT id, text FROM tasks').all() as { id: number; text: string }[]) update.run(deflateText(r.text), r.id);
  db.exec('ALTER TABLE tasks DROP COLUMN text; ALTER TABLE tasks RENAME COLUMN text_z TO text;');
}
