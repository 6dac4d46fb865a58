/**
 * The PostgreSQL connection layer: a pool that survives the database going away (idle clients
 * dropped by a restart are discarded instead of crashing the process), transactions, and the
 * translation of connection failures into one error the HTTP layer can answer with 503.
 */
import pg from 'pg';

/** The database cannot be reached right now (down, restarting, too many clients); retry later. */
export class ArchiveUnavailableError extends Error {
  /** Read by Fastify's error handling and by the API layer: 503 Service Unavailable. */
  readonly statusCode = 503;
  readonly code = 'archive_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveUnavailableError';
  }
}

// SQLSTATE classes and codes that mean "the server is not there (right now)", and socket errors.
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4]|58)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

export function isUnavailable(err: unknown): boolean {
  if (err instanceof ArchiveUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end|timeout exceeded when trying to connect/i.test(
    err.message,
  );
}

/** Wrap connection failures; other errors (bugs, constraint violations) pass through. */
export function translateError(err: unknown): unknown {
  if (err instanceof ArchiveUnavailableError || !isUnavailable(err)) return err;
  return new ArchiveUnavailableError(`database unavailable: ${(err as Error).message}`, { cause: err });
}

// int8 (bigint, count(*)) as a JS number: every bigint Gongbao stores (ids, index keys < 2^33,
// counters) is far below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => Number(v);
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export interface PoolOptions {
  /** Pool size; the API server's concurrency to the database. */
  max?: number;
  /** Give up on a statement after this long (ms). */
  statementTimeoutMs?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: opts.statementTimeoutMs ?? 60_000,
    application_name: opts.applicationName ?? 'gongbao',
    // Gongbao's statements are short index lookups; JIT compilation (on by default where LLVM is
    // installed) cost up to half a second per statement whose estimated cost crossed its threshold.
    options: '-c jit=off',
    types,
  });
  // A restart or a terminated backend makes idle clients emit 'error'; without a listener that
  // would crash the process. The pool has already discarded the client: nothing else to do.
  pool.on('error', () => {});
  return pool;
}

export type Queryable = pg.Pool | pg.PoolClient;

/** Run one query, translating connection failures. */
export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  try {
    return await db.query<R>(text, values);
  } catch (err) {
    throw translateError(err);
  }
}

/** Run `fn` with one client held; a client whose connection broke is destroyed, not pooled. */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw translateError(err);
  }
  let broken: Error | undefined;
  try {
    return await fn(client);
  } catch (err) {
    if (isUnavailable(err)) broken = err as Error;
    throw translateError(err);
  } finally {
    client.release(broken);
  }
}

/** Run `fn` inside BEGIN … COMMIT on a held client; rolled back when it throws. */
export async function inTransaction<T>(client: pg.PoolClient, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    // A client whose ROLLBACK fails is in an unknown state: reported as unavailable, so that
    // withClient destroys it instead of pooling it.
    if (!isUnavailable(err)) {
      await client.query('ROLLBACK').catch((e: unknown) => {
        throw new ArchiveUnavailableError(`rollback failed: ${(e as Error).message}`, { cause: err });
      });
    }
    throw err;
  }
}

/** Run `fn` in a transaction on one client: committed when it resolves, rolled back when it throws. */
export function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, (client) => inTransaction(client, fn));
}

/** A 64-bit advisory lock key from a string (stable across processes and versions). */
export function lockKey(s: string): string {
  // FNV-1a 64-bit, as a signed decimal for pg_advisory_xact_lock(bigint).
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(s)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h).toString();
}
