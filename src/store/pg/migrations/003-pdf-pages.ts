/** Version 3 (as src/store/migrations/003-pdf-pages.ts): PDF pages, line places and original files. */
export const version = 3;
export const name = 'pdf-pages';
export const sql = `
ALTER TABLE issues ADD COLUMN format text NOT NULL DEFAULT 'text';
ALTER TABLE issues ADD COLUMN page_count integer;
ALTER TABLE issues ADD COLUMN ocr_pages json;
ALTER TABLE documents ADD COLUMN line_places json;

-- Pages apart from issues, so that listing issues does not read them.
CREATE TABLE issue_pages (
  issue_id integer PRIMARY KEY REFERENCES issues (id) ON DELETE CASCADE,
  pages json NOT NULL
);

CREATE TABLE originals (
  sha256 text PRIMARY KEY,
  media_type text NOT NULL,
  size bigint NOT NULL,
  bytes bytea NOT NULL
);
`;
