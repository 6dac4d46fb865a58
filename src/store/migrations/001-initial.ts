/** Version 1: issues, documents and everything parsed from them, links, and the n-gram index. */
export const version = 1;
export const name = 'initial';
export const sql = `
CREATE TABLE issues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_path TEXT NOT NULL UNIQUE,
  file_name TEXT,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  encoding TEXT NOT NULL,
  line_ending TEXT NOT NULL,
  line_count INTEGER NOT NULL,
  parser_version TEXT NOT NULL,
  title TEXT,
  year INTEGER,
  number INTEGER,
  total_number INTEGER,
  published_on TEXT,
  masthead TEXT,            -- IssueMasthead JSON (null without a masthead)
  ingested_at TEXT NOT NULL
);
CREATE INDEX issues_sha256 ON issues(sha256);

CREATE TABLE toc_entries (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  section TEXT,
  title TEXT NOT NULL,
  doc_number TEXT,
  page INTEGER,
  line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  document_index INTEGER,
  PRIMARY KEY (issue_id, ord)
);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  kind TEXT NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  section TEXT,
  title TEXT NOT NULL,
  issuers TEXT NOT NULL,    -- JSON array
  doc_number TEXT,
  doc_type TEXT,
  date TEXT,
  year INTEGER,
  effective_from TEXT,
  expires_on TEXT,
  repealed_on TEXT,         -- set by linking: when a stored document repeals this one
  repealed_by INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  search_length INTEGER NOT NULL,
  indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_issue ON documents(issue_id, idx);

-- The large parts of a document, apart so that scanning documents (search metadata) stays cheap.
CREATE TABLE document_texts (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  body TEXT NOT NULL,       -- SourceLine.text of start_line..end_line joined by \\n
  raw_lines TEXT,           -- JSON [[offset, raw], …] for lines whose raw text differs
  data TEXT NOT NULL        -- the OfficialDocument JSON without what has its own table (appointments,
                            -- rosters, tasks, citations, repeals, warnings): see documentOf()
);
CREATE INDEX documents_number ON documents(doc_number);
CREATE INDEX documents_repealed_by ON documents(repealed_by) WHERE repealed_by IS NOT NULL;
CREATE INDEX documents_repealed ON documents(id) WHERE repealed_on IS NOT NULL;
CREATE INDEX documents_unindexed ON documents(id) WHERE indexed = 0;

CREATE TABLE warnings (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  line INTEGER
);
CREATE INDEX warnings_issue ON warnings(issue_id);
CREATE INDEX warnings_document ON warnings(document_id);

CREATE TABLE title_keys (
  key TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  doc_number TEXT,          -- the document's number, so a lookup by title can require it to agree
  kind TEXT NOT NULL
);
CREATE INDEX title_keys_key ON title_keys(key, document_id);
CREATE INDEX title_keys_key_number ON title_keys(key, doc_number, document_id);
CREATE INDEX title_keys_document ON title_keys(document_id);

-- Every document number a document carries (own = 1) or mentions in its text (own = 0).
CREATE TABLE doc_number_refs (
  number TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  line INTEGER,
  own INTEGER NOT NULL
);
CREATE INDEX doc_number_refs_number ON doc_number_refs(number);
CREATE INDEX doc_number_refs_document ON doc_number_refs(document_id);

CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  action TEXT NOT NULL,
  person TEXT NOT NULL,
  post TEXT NOT NULL,
  qualifiers TEXT NOT NULL, -- JSON array
  line INTEGER NOT NULL
);
CREATE INDEX appointments_person ON appointments(person);
CREATE INDEX appointments_document ON appointments(document_id);

CREATE TABLE rosters (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  grp TEXT NOT NULL,
  line INTEGER NOT NULL
);
CREATE INDEX rosters_document ON rosters(document_id);
CREATE TABLE roster_members (
  roster_id INTEGER NOT NULL REFERENCES rosters(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  role TEXT NOT NULL,
  person TEXT NOT NULL,
  post TEXT,
  line INTEGER NOT NULL
);
CREATE INDEX roster_members_roster ON roster_members(roster_id);
CREATE INDEX roster_members_person ON roster_members(person);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  text TEXT NOT NULL,
  leads TEXT NOT NULL,
  cooperators TEXT NOT NULL,
  lead_agencies TEXT NOT NULL,
  cooperator_agencies TEXT NOT NULL,
  deadline TEXT,
  deadline_text TEXT,
  recurrence TEXT,
  milestones TEXT NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  line INTEGER NOT NULL
);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_deadline ON tasks(deadline);
CREATE TABLE task_agencies (
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL        -- lead | cooperator
);
CREATE INDEX task_agencies_name ON task_agencies(name);
CREATE INDEX task_agencies_task ON task_agencies(task_id);

CREATE TABLE citations (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  title TEXT,
  title_key TEXT,
  doc_number TEXT,
  line INTEGER NOT NULL,
  resolved_index INTEGER,   -- Citation.resolvedIndex as parsed (within the issue)
  target_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  resolved_by TEXT
);
CREATE INDEX citations_document ON citations(document_id);
CREATE INDEX citations_target ON citations(target_id) WHERE target_id IS NOT NULL;
CREATE INDEX citations_number ON citations(doc_number, target_id);
CREATE INDEX citations_title_key ON citations(title_key, target_id, doc_number);

CREATE TABLE repeals (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  title TEXT,
  title_key TEXT,
  doc_number TEXT,
  line INTEGER NOT NULL,
  target_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  resolved_by TEXT
);
CREATE INDEX repeals_document ON repeals(document_id);
CREATE INDEX repeals_target ON repeals(target_id) WHERE target_id IS NOT NULL;
CREATE INDEX repeals_number ON repeals(doc_number, target_id);
CREATE INDEX repeals_title_key ON repeals(title_key, target_id, doc_number);

CREATE TABLE agencies (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL     -- JSON array
);
CREATE INDEX agencies_issue ON agencies(issue_id);
CREATE TABLE agency_names (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  name TEXT NOT NULL,       -- a canonical name or an alias
  canonical TEXT NOT NULL
);
CREATE INDEX agency_names_name ON agency_names(name);
CREATE INDEX agency_names_issue ON agency_names(issue_id);

-- The n-gram index (see docs/search.md): segments of posting rows.
CREATE TABLE search_segments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  level INTEGER NOT NULL,
  min_doc INTEGER NOT NULL,
  max_doc INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
-- One row per (segment, key): id = segment · 2^33 + key (keys are below 2^33), so a rowid
-- B-tree holds the rows in (segment, key) order and most posting lists fit in their leaf page.
CREATE TABLE search_postings (
  id INTEGER PRIMARY KEY,
  docs BLOB NOT NULL,
  pos BLOB
);
`;
