/**
 * Schema migrations, applied in order inside one transaction each; the `schema_version` table
 * records which ran. Add a migration as a new module NNN-name.ts exporting version, name and sql,
 * and list it here; never edit one that has shipped.
 */
import * as m001 from './001-initial.js';
import * as m002 from './002-lookup-indexes.js';
import * as m003 from './003-pdf-pages.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [m001, m002, m003];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
