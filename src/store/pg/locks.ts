/**
 * Writers' coordination on PostgreSQL. Every write transaction (storing or deleting an issue,
 * writing or merging an index segment) first takes one transaction-level advisory lock, so
 * writes from any number of processes apply one at a time, as in SQLite's single writer:
 * - "is this path/content stored already?" and the insert happen under the same lock, so two
 *   processes ingesting the same file never both store it;
 * - linking sees every committed document, so a citation and its target stored by two processes
 *   at once are still linked.
 * Parsing, the slow part, runs outside the lock, in parallel. Readers never wait: they read the
 * last committed state (MVCC). Every write transaction bumps `archive_state.generation`, which
 * readers compare to know whether their caches are current.
 */
import type pg from 'pg';
import { lockKey } from './db.js';

export const WRITE_LOCK = lockKey('gongbao:write');

/** How long a writer waits for its turn (another process merging a large index) before giving up. */
const LOCK_WAIT = '10min';
/** The pool's statement timeout (db.ts), restored once the lock is held. */
const STATEMENT_TIMEOUT = '60s';

export async function takeWriteLock(c: pg.PoolClient): Promise<void> {
  // The statement timeout bounds statements, not the wait for a turn to write.
  await c.query(`SET LOCAL statement_timeout = '${LOCK_WAIT}'`);
  await c.query(`SELECT pg_advisory_xact_lock($1), set_config('statement_timeout', '${STATEMENT_TIMEOUT}', true)`, [WRITE_LOCK]);
}

export async function bumpGeneration(c: pg.PoolClient): Promise<void> {
  await c.query('UPDATE archive_state SET generation = generation + 1 WHERE id = 1');
}
