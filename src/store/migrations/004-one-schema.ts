/**
 * Version 4: the one schema (src/store/schema.ts), shared with PostgreSQL. Facts keep the span of
 * their evidence; agencies get an id (their order); a document's index is unique within its
 * issue; stored values follow the one normalisation policy (records.ts normalizeFacts): cited and
 * repealed numbers normalised, person names without spaces, as PostgreSQL already stored them.
 */
import type Database from 'better-sqlite3';
import { normalizeStoredNumber, normalizeStoredPerson } from '../records.js';

export const version = 4;
export const name = 'one-schema';
export const sql = `
ALTER TABLE appointments ADD COLUMN span TEXT;
ALTER TABLE roster_members ADD COLUMN span TEXT;
ALTER TABLE tasks ADD COLUMN span TEXT;
ALTER TABLE citations ADD COLUMN span TEXT;
ALTER TABLE repeals ADD COLUMN span TEXT;
DROP INDEX documents_issue;
CREATE UNIQUE INDEX documents_issue ON documents (issue_id, idx);
CREATE TABLE agencies_v4 (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL
);
INSERT INTO agencies_v4 (id, issue_id, name, aliases) SELECT rowid, issue_id, name, aliases FROM agencies ORDER BY rowid;
DROP TABLE agencies;
ALTER TABLE agencies_v4 RENAME TO agencies;
CREATE INDEX agencies_issue ON agencies (issue_id);
`;

/** Stored values to the normalisation policy (SQLite stored numbers and names as parsed). */
export function after(db: Database.Database): void {
  for (const t of ['citations', 'repeals']) {
    const update = db.prepare(`UPDATE ${t} SET doc_number = ? WHERE id = ?`);
    for (const r of db.prepare(`SELECT id, doc_number FROM ${t} WHERE doc_number IS NOT NULL`).all() as { id: number; doc_number: string }[]) {
      const n = normalizeStoredNumber(r.doc_number);
      if (n !== r.doc_number) update.run(n, r.id);
    }
  }
  for (const [t, key] of [['appointments', 'id'], ['roster_members', 'rowid']] as const) {
    const update = db.prepare(`UPDATE ${t} SET person = ? WHERE ${key} = ?`);
    for (const r of db.prepare(`SELECT ${key} AS k, person FROM ${t}`).all() as { k: number; person: string }[]) {
      const p = normalizeStoredPerson(r.person);
      if (p !== r.person) update.run(p, r.k);
    }
  }
}
