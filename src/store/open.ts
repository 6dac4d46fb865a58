/**
 * Opening the archive: where it is and which backend serves it.
 *
 * The location is `--db VALUE`, else $GONGBAO_DB, else $DATABASE_URL when it is a PostgreSQL URL,
 * else ./gongbao.db. A `postgres://` or `postgresql://` URL selects the PostgreSQL backend
 * (src/store/pg); anything else is the path of an SQLite file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Archive } from './archive.js';
import { SqliteArchive, type SqliteArchiveOptions } from './sqlite.js';
import { PgArchive, redactUrl, type PgArchiveOptions } from './pg/archive.js';

export const DEFAULT_DB = 'gongbao.db';

const PG_URL = /^postgres(?:ql)?:\/\//i;

/** Whether a --db value names a PostgreSQL database. */
export function isPostgresUrl(db: string): boolean {
  return PG_URL.test(db);
}

export function resolveDbPath(db?: string | null): string {
  const env = process.env.DATABASE_URL;
  return db || process.env.GONGBAO_DB || (env && isPostgresUrl(env) ? env : '') || DEFAULT_DB;
}

/** The database for messages and JSON output: a URL without its password, a file as given. */
export function describeDb(db: string): string {
  return isPostgresUrl(db) ? redactUrl(db) : db;
}

export interface OpenOptions extends SqliteArchiveOptions, Omit<PgArchiveOptions, keyof SqliteArchiveOptions> {
  /** Refuse to create a new database (readers: search, export, serve). */
  mustExist?: boolean;
}

/** What both backends offer beyond the Archive interface. */
export type OpenedArchive = Archive & {
  /** Exact substring matches (ids ascending with counts): for tests and benchmarks. */
  matchText(text: string): Promise<{ docs: Int32Array; tfs: Int32Array }>;
  /** Merge the search index into one segment (after a bulk load). */
  optimize(): Promise<void>;
  /** SQLite only: a consistent copy in `file`, while others write (PostgreSQL: pg_dump). */
  backupTo?(file: string): Promise<{ issues: number; documents: number; bytes: number }>;
};

/**
 * Open the archive `db` names (see resolveDbPath). Synchronous: a PostgreSQL archive connects and
 * checks its schema on first use, so a missing archive or an unreachable server surfaces from the
 * first call; use `connectArchive` to find out at once.
 */
export function openArchive(db?: string | null, opts: OpenOptions = {}): OpenedArchive {
  const path = resolveDbPath(db);
  if (isPostgresUrl(path)) return PgArchive.open(path, opts);
  if (opts.mustExist && !existsSync(path)) {
    throw new Error(`no archive at ${resolve(path)}; run \`gongbao ingest\` first or pass --db FILE`);
  }
  return SqliteArchive.open(path, opts);
}

/** Open the archive and make sure it is usable now (PostgreSQL: connect and check the schema). */
export async function connectArchive(db?: string | null, opts: OpenOptions = {}): Promise<OpenedArchive> {
  const path = resolveDbPath(db);
  if (isPostgresUrl(path)) return PgArchive.connect(path, opts);
  return openArchive(path, opts);
}

/**
 * Open the archive for reading only (search, export, a server that takes no ingest): nothing is
 * written, so reading works on a full disk (see SqliteArchive's openForReading). An archive of an
 * older schema is upgraded once first, as opening it for writing always did.
 */
export async function connectReader(db?: string | null, opts: OpenOptions = {}): Promise<OpenedArchive> {
  const readOnly = { ...opts, mustExist: true, readonly: true };
  try {
    return await connectArchive(db, readOnly);
  } catch (e) {
    // (Both backends refuse an old schema read-only with these words.)
    if (!/needs a schema upgrade/.test((e as Error).message)) throw e;
    await (await connectArchive(db, { ...opts, mustExist: true })).close();
    return connectArchive(db, readOnly);
  }
}
