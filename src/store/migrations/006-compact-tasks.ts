/**
 * Version 6, tasks stored smaller: a task's text compressed against its document's body
 * (packTaskText, src/store/packed.ts) instead of alone — a document's task texts take about a
 * tenth of the bytes; the column stays a BLOB, every value is rewritten — task_agencies.role a
 * letter (ROLE_CODE, task-query.ts), and one unit index instead of two (a unit's tasks of either
 * role are the two roles' ranges merged). Old pages go to the free list until a VACUUM.
 */
import type Database from 'better-sqlite3';
import { inflateText, taskTextPacker } from '../packed.js';

export const version = 6;
export const name = 'compact-tasks';
export const sql = `
UPDATE task_agencies SET role = CASE role WHEN 'lead' THEN 'l' WHEN 'cooperator' THEN 'c' ELSE role END;
DROP INDEX IF EXISTS task_agencies_unit_deadline;
`;

export function after(db: Database.Database): void {
  const page = db.prepare(
    `SELECT t.id, t.document_id, t.text, tb.body FROM tasks t LEFT JOIN document_texts tb ON tb.document_id = t.document_id
     WHERE t.id > ? ORDER BY t.id LIMIT 2000`,
  );
  const update = db.prepare('UPDATE tasks SET text = ? WHERE id = ?');
  // A document's tasks have consecutive ids: its body is inflated once.
  let packer: { doc: number; pack: (text: string) => Buffer } = { doc: -1, pack: () => Buffer.alloc(0) };
  for (let after = 0; ; ) {
    const rows = page.all(after) as { id: number; document_id: number; text: Uint8Array; body: Uint8Array | null }[];
    if (!rows.length) break;
    for (const r of rows) {
      if (packer.doc !== r.document_id) packer = { doc: r.document_id, pack: taskTextPacker(r.body ? inflateText(r.body) : '') };
      update.run(packer.pack(inflateText(r.text)), r.id);
    }
    after = rows[rows.length - 1]!.id;
  }
}
