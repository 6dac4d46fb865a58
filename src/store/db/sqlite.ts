/**
 * The database port (port.ts) on better-sqlite3: statements compiled once per connection,
 * answered synchronously inside resolved promises; JSON and list columns parsed and flags made
 * booleans as the one schema types them, so rows read as PostgreSQL's do.
 */
import type Database from 'better-sqlite3';
import type { Db, DialectSql, Params, Row, Tx } from './port.js';
import { TABLES, columnTypes } from '../schema.js';
import { deflateColumn, inflateRow, packedColumns } from '../packed.js';

/** Columns holding JSON text in SQLite (the schema's json and list columns, and aggregates named like them). */
const JSON_COLUMNS = new Set([
  ...TABLES.flatMap((t) => t.columns.filter((c) => c.type === 'json' || c.type === 'list').map((c) => c.name)),
  'warning_codes',
]);
const BOOL_COLUMNS = new Set(TABLES.flatMap((t) => t.columns.filter((c) => c.type === 'bool').map((c) => c.name)));

export const SQL: DialectSql = {
  intList: '(SELECT value FROM json_each(?))',
  textList: '(SELECT value FROM json_each(?))',
  indexedBy: (index) => `INDEXED BY ${index}`,
  list: (values) => JSON.stringify(values),
  codePoint: (expr) => expr,
  bytesPrefix: (expr, n) => `substr(${expr}, 1, ${n})`,
  unindexed: (alias) => `${alias}.indexed = 0`,
  noLimit: -1,
  // (A range, so that the index on expr serves it.)
  startsWith: (expr) => `(${expr} >= ? AND ${expr} < ? || char(1114111))`,
  distinctList: (expr) => `json_group_array(DISTINCT ${expr})`,
  // (Rows come in the order of the index that finds them: rowid within a document.)
  orderedList: (expr) => `json_group_array(${expr})`,
};

/** `$1, $2, …` → `@p1, @p2, …`: better-sqlite3 binds numbered parameters by name. */
const NUMBERED = /\$(\d+)/g;

interface Prepared {
  stmt: Database.Statement;
  /** Columns to decode (none: rows as they come). */
  decode: Decode | null;
  /** Numbered parameters, bound by name. */
  numbered: boolean;
}

function bind(p: Prepared, params: Params): unknown[] {
  return p.numbered ? [Object.fromEntries(params.map((v, i) => [`p${i + 1}`, v]))] : (params as unknown[]);
}

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly sql = SQL;
  private readonly statements = new Map<string, Prepared>();
  /** Transactions of this connection, one at a time (an await inside one must not let another in). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: Database.Database) {}

  /** A prepared statement, compiled once per connection. */
  statement(source: string): Database.Statement {
    return this.prepared(source).stmt;
  }

  private prepared(source: string): Prepared {
    let p = this.statements.get(source);
    if (!p) {
      const numbered = /\$\d/.test(source);
      const stmt = this.db.prepare(numbered ? source.replace(NUMBERED, '@p$1') : source);
      let decode: Prepared['decode'] = null;
      if (stmt.reader) {
        const names = stmt.columns().map((c) => c.name);
        const json = names.filter((n) => JSON_COLUMNS.has(n));
        const bool = names.filter((n) => BOOL_COLUMNS.has(n));
        const packed = packedColumns(names);
        if (json.length || bool.length || packed.length) decode = { json, bool, packed };
      }
      p = { stmt, decode, numbered };
      this.statements.set(source, p);
    }
    return p;
  }

  allSync(source: string, params: Params = []): Row[] {
    const p = this.prepared(source);
    const { stmt, decode } = p;
    const rows = stmt.all(...bind(p, params)) as Row[];
    if (decode) for (const r of rows) decodeRow(r, decode);
    return rows;
  }

  getSync(source: string, params: Params = []): Row | undefined {
    const p = this.prepared(source);
    const { stmt, decode } = p;
    const r = stmt.get(...bind(p, params)) as Row | undefined;
    if (r && decode) decodeRow(r, decode);
    return r;
  }

  runSync(source: string, params: Params = []): Database.RunResult {
    const p = this.prepared(source);
    return p.stmt.run(...bind(p, params));
  }

  async all(source: string, params?: Params): Promise<Row[]> {
    return this.allSync(source, params);
  }

  async get(source: string, params?: Params): Promise<Row | undefined> {
    return this.getSync(source, params);
  }

  async run(source: string, params?: Params): Promise<number> {
    return this.runSync(source, params).changes;
  }

  async insert(table: string, rows: readonly Row[], returning?: string): Promise<Row[]> {
    if (!rows.length) return [];
    const types = columnTypes(table);
    const columns = Object.keys(rows[0]!);
    const p = this.prepared(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${returning ? ` RETURNING ${returning}` : ''}`,
    );
    const encode = columns.map((c) => encoder(types.get(c)));
    const out: Row[] = [];
    for (const r of rows) {
      const values = columns.map((c, i) => encode[i]!(r[c]));
      if (returning) out.push(p.stmt.get(...values) as Row);
      else p.stmt.run(...values);
    }
    return out;
  }

  /** (Readers notice SQLite's changes by PRAGMA data_version; the archive counts its own.) */
  changed(): void {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this);
        this.db.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }
}

/** A value as SQLite stores a column of this schema type. */
function encoder(type: string | undefined): (v: unknown) => unknown {
  switch (type) {
    case 'json':
    case 'list':
      return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
    case 'bool':
      return (v) => (v === null || v === undefined ? null : v ? 1 : 0);
    case 'ztext':
    case 'zjson':
      return (v) => deflateColumn(type, v);
    default:
      return (v) => (v === undefined ? null : v);
  }
}

interface Decode {
  json: string[];
  bool: string[];
  /** Compressed columns (packed.ts). */
  packed: string[];
}

function decodeRow(r: Row, d: Decode): void {
  if (d.packed.length) inflateRow(r, d.packed);
  for (const k of d.json) {
    const v = r[k];
    if (typeof v === 'string') r[k] = v === '' ? null : JSON.parse(v);
  }
  for (const k of d.bool) if (r[k] !== null && r[k] !== undefined) r[k] = r[k] === 1 || r[k] === true;
}
