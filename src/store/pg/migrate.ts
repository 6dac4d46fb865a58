/**
 * Bringing a PostgreSQL database to the current schema. The `schema_version` table records the
 * migrations applied (as in SQLite); a session advisory lock makes concurrent starters (several
 * ingest processes, a server) wait for one another, so each migration runs exactly once.
 */
import type pg from 'pg';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations/index.js';
import { inTransaction, lockKey, withClient } from './db.js';
import { schemaDdl } from '../schema.js';

const MIGRATION_LOCK = lockKey('gongbao:migrate');

export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

async function currentVersion(client: pg.PoolClient): Promise<number | null> {
  const has = await client.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
  if (!has.rows[0]?.t) return null;
  const r = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
  return r.rows[0]?.v ?? 0;
}

/**
 * Migrate (or, with `readOnly`, only check) the schema. `where` names the database in messages
 * (without its password). Returns the schema version.
 */
export async function migrate(pool: pg.Pool, where: string, opts: { readOnly?: boolean; mustExist?: boolean } = {}): Promise<number> {
  return withClient(pool, async (client) => {
    const check = await currentVersion(client);
    if (check === null && (opts.readOnly || opts.mustExist)) {
      throw new SchemaError(`no Gongbao archive in ${where}; run \`gongbao ingest --db …\` first`);
    }
    if (check !== null && check > PG_SCHEMA_VERSION) {
      throw new SchemaError(`${where} has schema version ${check}; this gongbao knows up to ${PG_SCHEMA_VERSION}: upgrade gongbao`);
    }
    if (check === PG_SCHEMA_VERSION) return check;
    if (opts.readOnly) throw new SchemaError(`${where} needs a schema upgrade; open it once for writing (gongbao ingest)`);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
      );
      const current = (await currentVersion(client)) ?? 0;
      const record = (c: pg.PoolClient, m: { version: number; name: string }) =>
        c.query('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      if (current === 0) {
        // A new archive: the one schema as it stands, every migration counted as applied.
        await inTransaction(client, async (c) => {
          await c.query(schemaDdl('pg'));
          for (const m of PG_MIGRATIONS) await record(c, m);
        });
      }
      for (const m of PG_MIGRATIONS) {
        if (m.version <= current || current === 0) continue;
        await inTransaction(client, async (c) => {
          await c.query(m.sql);
          await m.after?.(c);
          await record(c, m);
        });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
    return PG_SCHEMA_VERSION;
  });
}
