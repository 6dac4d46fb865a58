/**
 * Version 4 (as src/store/migrations/004-one-schema.ts): the one schema (src/store/schema.ts).
 * Facts keep the span of their evidence; a document's texts move to document_texts, and its
 * stored JSON no longer repeats the facts kept in their own tables (they were stored twice);
 * citations keep the parser's in-issue resolution; title keys carry their document's number.
 * PostgreSQL already stored numbers and names normalised: nothing to rewrite there.
 */
export const version = 4;
export const name = 'one-schema';
export const sql = `
ALTER TABLE appointments ADD COLUMN span json;
ALTER TABLE roster_members ADD COLUMN span json;
ALTER TABLE tasks ADD COLUMN span json;
ALTER TABLE citations ADD COLUMN span json;
ALTER TABLE repeals ADD COLUMN span json;
ALTER TABLE citations ADD COLUMN resolved_index integer;
ALTER TABLE title_keys ADD COLUMN doc_number text;
UPDATE title_keys t SET doc_number = d.doc_number FROM documents d WHERE d.id = t.document_id AND d.doc_number IS NOT NULL;
CREATE INDEX title_keys_key_number ON title_keys (key, doc_number, document_id);

CREATE TABLE document_texts (
  document_id integer PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  body text NOT NULL,
  raw_lines json,
  line_places json,
  data json NOT NULL
);
INSERT INTO document_texts (document_id, body, raw_lines, line_places, data)
  SELECT id, body, raw_lines, line_places, data FROM documents;
UPDATE citations c SET resolved_index = (t.data -> 'citations' -> c.ord ->> 'resolvedIndex')::integer
  FROM document_texts t WHERE t.document_id = c.document_id;
-- (jsonb for the removal; the keys left keep their values.)
UPDATE document_texts SET data = (
  (data::jsonb - 'appointments' - 'rosters' - 'tasks' - 'citations' - 'warnings')
  || jsonb_build_object('validity', (data::jsonb -> 'validity') || '{"repeals": []}'::jsonb))::json;
ALTER TABLE documents DROP COLUMN body, DROP COLUMN raw_lines, DROP COLUMN line_places, DROP COLUMN data;
ALTER TABLE documents DROP CONSTRAINT documents_issue_id_idx_key;
CREATE UNIQUE INDEX documents_issue ON documents (issue_id, idx);
ALTER INDEX documents_repeal_orphans RENAME TO documents_repealed;
`;
