/**
 * Version 3: PDF input. An issue read from a PDF keeps its pages (printed numbers, furniture, OCR'd
 * pages) and its original file; a document keeps where each of its lines stands (page and box), so
 * that every fact can point at the page of the original.
 */
export const version = 3;
export const name = 'pdf-pages';
export const sql = `
ALTER TABLE issues ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
ALTER TABLE issues ADD COLUMN page_count INTEGER;
ALTER TABLE issues ADD COLUMN ocr_pages TEXT;      -- JSON array of page numbers
ALTER TABLE document_texts ADD COLUMN line_places TEXT; -- JSON [[page, x0, y0, x1, y1], …] per line (PDF input)

-- PageInfo[] of a PDF input, apart from issues so that listing issues does not read them.
CREATE TABLE issue_pages (
  issue_id INTEGER PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
  pages TEXT NOT NULL
);

-- Original files (PDFs), content-addressed: an issue points at its own by sha256.
CREATE TABLE originals (
  sha256 TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL
);
`;
