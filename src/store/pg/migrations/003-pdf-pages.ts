/** Version 3 (as src/store/migrations/003-pdf-pages.ts): PDF pages, line places and original files. */
export const version = 3;
export const name = 'pdf-pages';
export const sql = `
ALTER TABLE issues ADD COLUMN format text NOT NULL DEFAULT 'text';
ALTER TABLE issues ADD COLUMN page_count integer;
ALTER TABLE issues ADD COLUMN ocr_pages json;
ALTER TABLE issues ADD COLUMN pages json;
ALTER TABLE documents ADD COLUMN line_places json;

CREATE TABLE originals (
  sha256 text PRIMARY KEY,
  media_type text NOT NULL,
  size bigint NOT NULL,
  bytes bytea NOT NULL
);
`;
