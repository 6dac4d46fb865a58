/**
 * The archive's database port: the little the one archive implementation needs from a database —
 * queries with `?` parameters, a transaction, and a few dialect fragments — so that the same code
 * runs on SQLite (drivers/sqlite.ts over better-sqlite3) and PostgreSQL (drivers/pg.ts over pg).
 *
 * Rows come back decoded the same way from both: JSON and list columns (as the one schema types
 * them, src/store/schema.ts) as values, flags as booleans, bigints as numbers; callers never ask
 * which backend a row came from.
 */
import type { Dialect } from '../schema.js';

export type Row = Record<string, any>;
export type Params = readonly unknown[];

/**
 * Parameters are `?` (in order) or `$1, $2, …` (numbered, for SQL assembled in pieces), never
 * both in one statement.
 */
export interface Queries {
  /** Every row of a query. */
  all(sql: string, params?: Params): Promise<Row[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: Params): Promise<Row | undefined>;
  /** A statement without rows; the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
  /**
   * Insert rows (objects of one shape, values as the schema types the columns: lists and JSON as
   * values) into a table in as few statements as the backend allows; with `returning`, those
   * columns of every inserted row (in no particular order).
   */
  insert(table: string, rows: readonly Row[], returning?: string): Promise<Row[]>;
}

/** Queries inside a write transaction. */
export interface Tx extends Queries {
  /** Say that the transaction changed the archive (readers' caches are then dropped). */
  changed(): void;
}

export interface Db extends Queries {
  readonly dialect: Dialect;
  /** SQL fragments that differ between the dialects. */
  readonly sql: DialectSql;
  /**
   * Run `fn` in one write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: under the archive's
   * write lock, bumping its generation when `tx.changed()` was called), committed when it
   * resolves, rolled back when it throws.
   * Transactions of one process run one at a time.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface DialectSql {
  /** `x IN ${intList}` with one parameter: a list of integers (pass it through `list`). */
  intList: string;
  /** `x IN ${textList}` with one parameter: a list of strings (pass it through `list`). */
  textList: string;
  /** A list parameter (SQLite: JSON text; PostgreSQL: an array). */
  list(values: readonly unknown[]): unknown;
  /** SQLite's `INDEXED BY name` (the planner told which index serves a lookup); nothing on PostgreSQL. */
  indexedBy(index: string): string;
  /**
   * The condition of the partial index documents_unindexed on `documents` (as `alias`): the
   * planners use a partial index only for a query that states its condition as the index does.
   */
  unindexed(alias: string): string;
  /** The first `n` bytes of a binary value. */
  bytesPrefix(expr: string, n: number): string;
  /** Text ordered by code point, as SQLite orders it (dates, names). */
  codePoint(expr: string): string;
  /** A LIMIT parameter meaning none. */
  noLimit: number | null;
  /** A condition: text `expr` starts with a prefix, given as two parameters (the prefix twice). */
  startsWith(expr: string): string;
  /** An aggregate: the distinct values of `expr` as a list, in code-point order. */
  distinctList(expr: string): string;
  /** A scalar subquery's aggregate: the values of `expr` in `order` as a list (empty, not null, for none). */
  orderedList(expr: string, order: string): string;
}
