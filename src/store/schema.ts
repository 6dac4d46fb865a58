/**
 * The archive's one schema: every table and column, defined once, from which both backends' DDL
 * comes (`schemaDdl('sqlite' | 'pg')`). A new database is created from it at SCHEMA_VERSION; an
 * older one is brought to it by the migrations (src/store/migrations, 005 last).
 *
 * Columns have logical types, mapped per dialect: lists are JSON text in SQLite and text[] in
 * PostgreSQL, JSON is text / json (json, not jsonb: parse results keep their key order), flags
 * are 0/1 / boolean, ids are rowid aliases / identity columns. Tables and columns are the same on
 * both; what may differ is physical only: some indexes (PostgreSQL's partial and collation-aware
 * ones), the layout of the posting rows (SQLite: one rowid per segment and key, so a B-tree leaf
 * holds a list; PostgreSQL: a (seg, key) key with a key index) and PostgreSQL's write counter
 * (archive_state; SQLite has PRAGMA data_version).
 */
export type Dialect = 'sqlite' | 'pg';

/** `ztext` / `zjson`: text / JSON stored compressed as bytes (packed.ts); read back as text / JSON. */
type ColumnType = 'id' | 'serial' | 'int' | 'bigint' | 'text' | 'json' | 'list' | 'bool' | 'bytes' | 'ztext' | 'zjson';

interface Column {
  name: string;
  type: ColumnType;
  notNull?: boolean;
  default?: string;
  /** `table(column) ON DELETE …` */
  references?: string;
  unique?: boolean;
  primaryKey?: boolean;
  /** PostgreSQL collation (code-point order for keys compared as text). */
  collate?: string;
}

interface Index {
  name: string;
  /** Columns or expressions; a dialect may have its own. */
  on: string;
  pg?: string | null;
  sqlite?: string | null;
  where?: string;
  pgWhere?: string;
  unique?: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  /** Table constraints, e.g. a composite primary key. */
  constraints?: string[];
  indexes?: Index[];
  only?: Dialect;
  /** Whole DDL per dialect, for the one physical table that differs (posting rows). */
  ddl?: Record<Dialect, string>;
}

const col = (name: string, type: ColumnType, more: Omit<Column, 'name' | 'type'> = {}): Column => ({ name, type, ...more });
const req = (name: string, type: ColumnType, more: Omit<Column, 'name' | 'type'> = {}): Column => col(name, type, { notNull: true, ...more });
const cascade = (table: string) => `${table}(id) ON DELETE CASCADE`;
/** A fact's evidence in the text (TextSpan JSON), when the extractor gave one. */
const span = col('span', 'json');

export const TABLES: Table[] = [
  {
    name: 'issues',
    columns: [
      col('id', 'serial'),
      req('source_path', 'text', { unique: true }),
      col('file_name', 'text'),
      req('sha256', 'text'),
      req('bytes', 'bigint'),
      req('encoding', 'text'),
      req('line_ending', 'text'),
      req('line_count', 'int'),
      req('parser_version', 'text'),
      col('title', 'text'),
      col('year', 'int'),
      col('number', 'int'),
      col('total_number', 'int'),
      col('published_on', 'text'),
      col('masthead', 'json'),
      req('ingested_at', 'text'),
      req('format', 'text', { default: "'text'" }),
      col('page_count', 'int'),
      col('ocr_pages', 'json'),
    ],
    indexes: [{ name: 'issues_sha256', on: 'sha256' }],
  },
  {
    name: 'issue_pages',
    columns: [col('issue_id', 'int', { primaryKey: true, references: cascade('issues') }), req('pages', 'json')],
  },
  {
    name: 'originals',
    columns: [col('sha256', 'text', { primaryKey: true }), req('media_type', 'text'), req('size', 'bigint'), req('bytes', 'bytes')],
  },
  {
    name: 'toc_entries',
    columns: [
      req('issue_id', 'int', { references: cascade('issues') }),
      req('ord', 'int'),
      col('section', 'text'),
      req('title', 'text'),
      col('doc_number', 'text'),
      col('page', 'int'),
      req('line', 'int'),
      req('end_line', 'int'),
      col('document_index', 'int'),
    ],
    constraints: ['PRIMARY KEY (issue_id, ord)'],
  },
  {
    name: 'documents',
    columns: [
      col('id', 'serial'),
      req('issue_id', 'int', { references: cascade('issues') }),
      req('idx', 'int'),
      req('kind', 'text'),
      req('start_line', 'int'),
      req('end_line', 'int'),
      col('section', 'text'),
      req('title', 'text'),
      req('issuers', 'list'),
      col('doc_number', 'text'),
      col('doc_type', 'text'),
      col('date', 'text'),
      col('year', 'int'),
      col('effective_from', 'text'),
      col('expires_on', 'text'),
      // Set by linking: when and by which stored document this one is repealed.
      col('repealed_on', 'text'),
      col('repealed_by', 'int', { references: 'documents(id) ON DELETE SET NULL' }),
      req('search_length', 'int'),
      req('indexed', 'bool', { default: 'false' }),
    ],
    indexes: [
      { name: 'documents_issue', on: 'issue_id, idx', unique: true },
      // (doc_number, id) on PostgreSQL: the newest document with a number, straight from the index.
      { name: 'documents_number', on: 'doc_number', pg: 'doc_number, id' },
      { name: 'documents_repealed_by', on: 'repealed_by', where: 'repealed_by IS NOT NULL', pgWhere: '' },
      { name: 'documents_repealed', on: 'id', where: 'repealed_on IS NOT NULL', pgWhere: 'repealed_on IS NOT NULL AND repealed_by IS NULL' },
      { name: 'documents_unindexed', on: 'id', where: 'indexed = 0', pgWhere: 'NOT indexed' },
    ],
  },
  {
    // The large parts of a document, apart so that scanning documents (search metadata) stays
    // cheap; stored compressed (packed.ts, migration 005), read as text and JSON.
    name: 'document_texts',
    columns: [
      col('document_id', 'int', { primaryKey: true, references: cascade('documents') }),
      // SourceLine.text of start_line..end_line joined by \n
      req('body', 'ztext'),
      // [[offset, raw], …] for lines whose raw text differs
      col('raw_lines', 'zjson'),
      // [[page, x0, y0, x1, y1], …] per line (PDF input)
      col('line_places', 'zjson'),
      // The OfficialDocument without the facts kept in their own tables (records.ts documentData).
      req('data', 'zjson'),
    ],
  },
  {
    name: 'warnings',
    columns: [
      col('id', 'id'),
      req('issue_id', 'int', { references: cascade('issues') }),
      col('document_id', 'int', { references: cascade('documents') }),
      req('code', 'text'),
      req('message', 'text'),
      col('line', 'int'),
    ],
    indexes: [
      { name: 'warnings_issue', on: 'issue_id' },
      { name: 'warnings_document', on: 'document_id' },
    ],
  },
  {
    name: 'title_keys',
    columns: [
      req('key', 'text'),
      req('document_id', 'int', { references: cascade('documents') }),
      // The document's number, so that a lookup by title can require it to agree.
      col('doc_number', 'text'),
      req('kind', 'text'),
    ],
    indexes: [
      { name: 'title_keys_key', on: 'key, document_id' },
      { name: 'title_keys_key_number', on: 'key, doc_number, document_id' },
      { name: 'title_keys_document', on: 'document_id' },
    ],
  },
  {
    // Every document number a document carries (own) or mentions in its text.
    name: 'doc_number_refs',
    columns: [req('number', 'text'), req('document_id', 'int', { references: cascade('documents') }), col('line', 'int'), req('own', 'bool')],
    indexes: [
      { name: 'doc_number_refs_number', on: 'number' },
      { name: 'doc_number_refs_document', on: 'document_id' },
    ],
  },
  {
    name: 'appointments',
    columns: [
      col('id', 'id'),
      req('document_id', 'int', { references: cascade('documents') }),
      req('ord', 'int'),
      req('action', 'text'),
      req('person', 'text'),
      req('post', 'text'),
      req('qualifiers', 'list'),
      req('line', 'int'),
      span,
    ],
    indexes: [
      { name: 'appointments_person', on: 'person', pg: 'person text_pattern_ops' },
      { name: 'appointments_document', on: 'document_id' },
    ],
  },
  {
    name: 'rosters',
    columns: [col('id', 'id'), req('document_id', 'int', { references: cascade('documents') }), req('ord', 'int'), req('grp', 'text'), req('line', 'int')],
    indexes: [{ name: 'rosters_document', on: 'document_id' }],
  },
  {
    name: 'roster_members',
    columns: [
      req('roster_id', 'int', { references: cascade('rosters') }),
      req('ord', 'int'),
      req('role', 'text'),
      req('person', 'text'),
      col('post', 'text'),
      req('line', 'int'),
      span,
    ],
    indexes: [
      { name: 'roster_members_roster', on: 'roster_id' },
      { name: 'roster_members_person', on: 'person' },
    ],
  },
  {
    name: 'tasks',
    columns: [
      col('id', 'id'),
      req('document_id', 'int', { references: cascade('documents') }),
      req('ord', 'int'),
      // The task's sentences, compressed against its document's body (packTaskText, packed.ts):
      // read with that body (TASK_BODY, task-query.ts); never searched by SQL.
      req('text', 'bytes'),
      req('leads', 'list'),
      req('cooperators', 'list'),
      req('lead_agencies', 'list'),
      req('cooperator_agencies', 'list'),
      col('deadline', 'text'),
      col('deadline_text', 'text'),
      col('recurrence', 'text'),
      req('milestones', 'json'),
      req('start_line', 'int'),
      req('end_line', 'int'),
      req('line', 'int'),
      span,
    ],
    indexes: [
      { name: 'tasks_document', on: 'document_id' },
      { name: 'tasks_deadline', on: 'deadline' },
      // Task lists in deadline order, tasks without a deadline last ('~' sorts after every date).
      { name: 'tasks_deadline_order', on: "COALESCE(deadline, '~'), id", pg: `(COALESCE(deadline, '~') COLLATE "C"), id` },
    ],
  },
  {
    name: 'task_agencies',
    columns: [
      req('task_id', 'int', { references: cascade('tasks') }),
      req('name', 'text'),
      // l (lead) | c (cooperator): ROLE_CODE, task-query.ts
      req('role', 'text'),
      // The task's deadline ('~' for none): a unit's tasks listed, counted and ordered from this table alone.
      req('deadline_key', 'text', { default: "'~'", collate: 'C' }),
    ],
    indexes: [
      { name: 'task_agencies_task', on: 'task_id' },
      // A unit's tasks in deadline order, by role (both roles: the two ranges merged, task-query.ts).
      { name: 'task_agencies_unit_role_deadline', on: 'name, role, deadline_key, task_id' },
    ],
  },
  ...(['citations', 'repeals'] as const).map(
    (name): Table => ({
      name,
      columns: [
        col('id', 'id'),
        req('document_id', 'int', { references: cascade('documents') }),
        req('ord', 'int'),
        ...(name === 'citations' ? [req('kind', 'text')] : []),
        col('title', 'text'),
        col('title_key', 'text'),
        col('doc_number', 'text'),
        req('line', 'int'),
        // Citation.resolvedIndex as parsed (within the issue)
        ...(name === 'citations' ? [col('resolved_index', 'int')] : []),
        col('target_id', 'int', { references: 'documents(id) ON DELETE SET NULL' }),
        col('resolved_by', 'text'),
        span,
      ],
      indexes: [
        { name: `${name}_document`, on: 'document_id' },
        { name: `${name}_target`, on: 'target_id', where: 'target_id IS NOT NULL', pgWhere: '' },
        { name: `${name}_number`, on: 'doc_number, target_id', pg: 'doc_number', pgWhere: 'target_id IS NULL' },
        { name: `${name}_title_key`, on: 'title_key, target_id, doc_number', pg: 'title_key, doc_number', pgWhere: 'target_id IS NULL' },
      ],
    }),
  ),
  {
    name: 'agencies',
    columns: [col('id', 'id'), req('issue_id', 'int', { references: cascade('issues') }), req('name', 'text'), req('aliases', 'list')],
    indexes: [{ name: 'agencies_issue', on: 'issue_id' }],
  },
  {
    name: 'agency_names',
    // name: a canonical name or an alias
    columns: [req('issue_id', 'int', { references: cascade('issues') }), req('name', 'text'), req('canonical', 'text')],
    indexes: [
      { name: 'agency_names_name_canonical', on: 'name, canonical' },
      { name: 'agency_names_canonical_name', on: 'canonical, name' },
      { name: 'agency_names_issue', on: 'issue_id' },
    ],
  },
  {
    // The n-gram index (docs/search.md): segments of posting rows.
    name: 'search_segments',
    columns: [col('id', 'serial'), req('level', 'int'), req('min_doc', 'int'), req('max_doc', 'int'), req('docs', 'int'), req('created_at', 'text')],
  },
  {
    name: 'search_postings',
    columns: [],
    ddl: {
      // id = segment · 2^33 + key (keys are below 2^33): the rowid B-tree holds the rows in
      // (segment, key) order and most posting lists fit in their leaf page.
      sqlite: `CREATE TABLE search_postings (
  id INTEGER PRIMARY KEY,
  docs BLOB NOT NULL,
  pos BLOB
);`,
      // No foreign key on seg: a segment's rows are written and deleted with it, under the write
      // lock. Varint bytes do not compress: kept out of line, uncompressed.
      pg: `CREATE TABLE search_postings (
  seg integer NOT NULL,
  key bigint NOT NULL,
  docs bytea NOT NULL,
  pos bytea,
  PRIMARY KEY (seg, key)
);
CREATE INDEX search_postings_key ON search_postings (key);
ALTER TABLE search_postings ALTER COLUMN docs SET STORAGE EXTERNAL;
ALTER TABLE search_postings ALTER COLUMN pos SET STORAGE EXTERNAL;`,
    },
  },
  {
    // Bumped by every write transaction: readers compare it to know their caches are current.
    name: 'archive_state',
    only: 'pg',
    columns: [col('id', 'int', { primaryKey: true }), req('generation', 'bigint')],
    constraints: ['CHECK (id = 1)'],
  },
];

const TYPES: Record<Dialect, Record<ColumnType, string>> = {
  sqlite: {
    id: 'INTEGER PRIMARY KEY',
    // Never reused after a delete (ids are stable references).
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    int: 'INTEGER',
    bigint: 'INTEGER',
    text: 'TEXT',
    json: 'TEXT',
    list: 'TEXT',
    bool: 'INTEGER',
    bytes: 'BLOB',
    ztext: 'BLOB',
    zjson: 'BLOB',
  },
  pg: {
    id: 'integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
    serial: 'integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
    int: 'integer',
    bigint: 'bigint',
    text: 'text',
    json: 'json',
    list: 'text[]',
    bool: 'boolean',
    bytes: 'bytea',
    ztext: 'bytea',
    zjson: 'bytea',
  },
};

function columnDdl(c: Column, dialect: Dialect): string {
  let s = `${c.name} ${TYPES[dialect][c.type]}`;
  if (dialect === 'pg' && c.collate) s += ` COLLATE "${c.collate}"`;
  if (c.primaryKey) s += ' PRIMARY KEY';
  if (c.notNull) s += ' NOT NULL';
  if (c.unique) s += ' UNIQUE';
  if (c.default !== undefined) s += ` DEFAULT ${dialect === 'sqlite' && c.type === 'bool' ? (c.default === 'true' ? '1' : '0') : c.default}`;
  if (c.references) s += ` REFERENCES ${c.references}`;
  return s;
}

/** One index of a table in a dialect, or null where that dialect has none. */
export function indexDdl(table: string, ix: Index, dialect: Dialect): string | null {
  const on = dialect === 'pg' ? (ix.pg === undefined ? ix.on : ix.pg) : ix.sqlite === undefined ? ix.on : ix.sqlite;
  if (on === null) return null;
  const where = dialect === 'pg' && ix.pgWhere !== undefined ? ix.pgWhere : ix.where;
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${ix.name} ON ${table} (${on})${where ? ` WHERE ${where}` : ''};`;
}

export function tableDdl(t: Table, dialect: Dialect): string {
  if (t.ddl) return t.ddl[dialect];
  const parts = [...t.columns.map((c) => `  ${columnDdl(c, dialect)}`), ...(t.constraints ?? []).map((c) => `  ${c}`)];
  const indexes = (t.indexes ?? []).map((ix) => indexDdl(t.name, ix, dialect)).filter((s): s is string => s !== null);
  return [`CREATE TABLE ${t.name} (\n${parts.join(',\n')}\n);`, ...indexes].join('\n');
}

export function table(name: string): Table {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in the schema`);
  return t;
}

/** A table's columns and their logical types (drivers encode values by them). */
export function columnTypes(name: string): Map<string, ColumnType> {
  return new Map(table(name).columns.map((c) => [c.name, c.type]));
}

/** The PostgreSQL type of a logical column type (bulk inserts name them). */
export function pgColumnType(type: ColumnType | undefined): string {
  return type === undefined ? 'text' : type === 'id' || type === 'serial' ? 'integer' : TYPES.pg[type];
}

/** The whole schema as DDL for a new database of this dialect. */
export function schemaDdl(dialect: Dialect): string {
  const tables = TABLES.filter((t) => !t.only || t.only === dialect).map((t) => tableDdl(t, dialect));
  if (dialect === 'pg') tables.push('INSERT INTO archive_state (id, generation) VALUES (1, 0);');
  return tables.join('\n\n') + '\n';
}
