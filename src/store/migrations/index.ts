/**
 * Schema migrations of existing SQLite archives, applied in order inside one transaction each; the
 * `schema_version` table records which ran. A new archive is created from the one schema
 * (src/store/schema.ts) at SCHEMA_VERSION instead. Add a migration as a new module NNN-name.ts
 * exporting version, name, sql (and `after`, a step in code), list it here, and change the schema
 * to match; never edit one that has shipped.
 */
import type Database from 'better-sqlite3';
import * as m001 from './001-initial.js';
import * as m002 from './002-lookup-indexes.js';
import * as m003 from './003-pdf-pages.js';
import * as m004 from './004-one-schema.js';
import * as m005 from './005-packed-texts.js';
import * as m006 from './006-compact-tasks.js';

export interface Migration<Db = never> {
  version: number;
  name: string;
  sql: string;
  /** A step in code after the SQL (rewriting stored values), inside the same transaction. */
  after?: (db: Db) => void | Promise<void>;
}

export const MIGRATIONS: Migration<Database.Database>[] = [m001, m002, m003, m004, m005, m006];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
