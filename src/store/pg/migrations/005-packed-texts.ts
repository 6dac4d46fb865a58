/**
 * Version 5 (as src/store/migrations/005-packed-texts.ts): document_texts' body, raw_lines,
 * line_places and data, and tasks' text, stored compressed (src/store/packed.ts) as bytea — the
 * very text each held (json::text is the JSON as stored, key order kept), deflated. PostgreSQL compressed large
 * values itself (TOAST) but only past 2 kB and each value alone; deflated bytes are smaller.
 */
import type pg from 'pg';
import { deflateText } from '../../packed.js';

export const version = 5;
export const name = 'packed-texts';
export const sql = `
ALTER TABLE document_texts ADD COLUMN body_z bytea, ADD COLUMN raw_lines_z bytea, ADD COLUMN line_places_z bytea, ADD COLUMN data_z bytea;
ALTER TABLE tasks ADD COLUMN text_z bytea;
`;

const COLUMNS = ['body', 'raw_lines', 'line_places', 'data'] as const;
const packed = (v: string | null): Buffer | null => (v === null ? null : deflateText(v));

export async function after(c: pg.PoolClient): Promise<void> {
  for (let after = 0; ; ) {
    const { rows } = await c.query<Record<(typeof COLUMNS)[number], string | null> & { document_id: number }>(
      `SELECT document_id, body, raw_lines::text AS raw_lines, line_places::text AS line_places, data::text AS data
       FROM document_texts WHERE document_id > $1 ORDER BY document_id LIMIT 500`,
      [after],
    );
    if (!rows.length) break;
    await c.query(
      `UPDATE document_texts t SET body_z = x.b, raw_lines_z = x.r, line_places_z = x.p, data_z = x.d
       FROM unnest($1::int[], $2::bytea[], $3::bytea[], $4::bytea[], $5::bytea[]) AS x(id, b, r, p, d) WHERE t.document_id = x.id`,
      [rows.map((r) => r.document_id), ...COLUMNS.map((k) => rows.map((r) => packed(r[k])))],
    );
    after = rows[rows.length - 1]!.document_id;
  }
  await c.query(`
ALTER TABLE document_texts DROP COLUMN body, DROP COLUMN raw_lines, DROP COLUMN line_places, DROP COLUMN data;
${COLUMNS.map((k) => `ALTER TABLE document_texts RENAME COLUMN ${k}_z TO ${k};`).join('\n')}
ALTER TABLE document_texts ALTER COLUMN body SET NOT NULL, ALTER COLUMN data SET NOT NULL;`);

  for (let after = 0; ; ) {
    const { rows } = await c.query<{ id: number; text: string }>('SELECT id, text FROM tasks WHERE id > $1 ORDER BY id LIMIT 2000', [after]);
    if (!rows.length) break;
    await c.query('UPDATE tasks t SET text_z = x.z FROM unnest($1::int[], $2::bytea[]) AS x(id, z) WHERE t.id = x.id', [
      rows.map((r) => r.id),
      rows.map((r) => deflateText(r.text)),
    ]);
    after = rows[rows.length - 1]!.id;
  }
  await c.query('ALTER TABLE tasks DROP COLUMN text; ALTER TABLE tasks RENAME COLUMN text_z TO text; ALTER TABLE tasks ALTER COLUMN text SET NOT NULL;');
}
