/**
 * Version 6 (as src/store/migrations/006-compact-tasks.ts): a task's text compressed against its
 * document's body (packTaskText, src/store/packed.ts) instead of alone (the column stays bytea,
 * every value is rewritten), task_agencies.role a letter (ROLE_CODE, task-query.ts), and one unit
 * index instead of two.
 */
import type pg from 'pg';
import { inflateText, taskTextPacker } from '../../packed.js';

export const version = 6;
export const name = 'compact-tasks';
export const sql = `
UPDATE task_agencies SET role = CASE role WHEN 'lead' THEN 'l' WHEN 'cooperator' THEN 'c' ELSE role END;
DROP INDEX IF EXISTS task_agencies_unit_deadline;
`;

export async function after(c: pg.PoolClient): Promise<void> {
  // A document's tasks have consecutive ids: its body is inflated once.
  let packer: { doc: number; pack: (text: string) => Buffer } = { doc: -1, pack: () => Buffer.alloc(0) };
  for (let after = 0; ; ) {
    const { rows } = await c.query<{ id: number; document_id: number; text: Buffer; body: Buffer | null }>(
      `SELECT t.id, t.document_id, t.text, tb.body FROM tasks t LEFT JOIN document_texts tb ON tb.document_id = t.document_id
       WHERE t.id > $1 ORDER BY t.id LIMIT 2000`,
      [after],
    );
    if (!rows.length) break;
    const packed = rows.map((r) => {
      if (packer.doc !== r.document_id) packer = { doc: r.document_id, pack: taskTextPacker(r.body ? inflateText(r.body) : '') };
      return packer.pack(inflateText(r.text));
    });
    await c.query('UPDATE tasks t SET text = x.z FROM unnest($1::int[], $2::bytea[]) AS x(id, z) WHERE t.id = x.id', [rows.map((r) => r.id), packed]);
    after = rows[rows.length - 1]!.id;
  }
}
