/**
 * PostgreSQL schema migrations, applied in order, each in its own transaction, under an advisory
 * lock so that several processes starting at once migrate once. Version numbers follow the SQLite
 * migrations (src/store/migrations): version N means the same tables and meaning on both
 * backends. Add a migration as NNN-name.ts exporting version, name and sql; never edit a shipped one.
 */
import * as m001 from './001-initial.js';
import * as m002 from './002-lookup-indexes.js';
import * as m003 from './003-pdf-pages.js';
import * as m004 from './004-one-schema.js';
import * as m005 from './005-packed-texts.js';
import * as m006 from './006-compact-tasks.js';
import type pg from 'pg';
import type { Migration } from '../../migrations/index.js';

export const PG_MIGRATIONS: Migration<pg.PoolClient>[] = [m001, m002, m003, m004, m005, m006];

export const PG_SCHEMA_VERSION = Math.max(...PG_MIGRATIONS.map((m) => m.version));
