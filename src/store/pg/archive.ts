/**
 * The Archive on PostgreSQL (driver `pg`, one connection pool per archive): the one archive
 * implementation (../store.ts) over the pg driver (../db/pg.ts); this opens the pool, migrates,
 * and keeps what only PostgreSQL has (VACUUM after a bulk load).
 *
 * Writes: one transaction per issue under the archive's write lock (locks.ts): several ingest
 * processes may run at once; their parsing runs in parallel, their writes one at a time, and a
 * file is never stored twice. A process killed mid-ingest leaves whole issues only; documents it
 * stored but had not indexed yet are scanned by search and indexed by the next writer.
 *
 * Opening is synchronous and lazy (like the SQLite archive's callers expect): the pool is created
 * at once, the schema is checked/migrated on first use, and retried on the next call if the
 * database was unreachable. Connection failures surface as ArchiveUnavailableError (HTTP 503).
 */
import type pg from 'pg';
import type { Archive } from '../archive.js';
import { SearchEngine } from '../../search/engine.js';
import { createPool } from './db.js';
import { migrate } from './migrate.js';
import { IndexWriter } from '../index-writer.js';
import { pgPostingRows } from '../posting-rows.js';
import { searchBackend } from '../search-backend.js';
import { PgDb } from '../db/pg.js';
import { StoreArchive, type IndexedText } from '../store.js';
import { GenerationMemo } from '../memo.js';

export interface PgArchiveOptions {
  /** Refuse writes and schema changes (readers: search, export, serve). */
  readonly?: boolean;
  /** Fail when the database holds no Gongbao archive yet. */
  mustExist?: boolean;
  /** Characters of text collected before an index segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Bytes of posting lists cached in memory (default 256 MiB). */
  postingCacheBytes?: number;
}

/** A connection URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}

export class PgArchive extends StoreArchive implements Archive {
  /** (Archive.ingestBatch: why 1.) */
  readonly ingestBatch = 1;
  readonly url: string;
  readonly pool: pg.Pool;
  protected readonly engine: SearchEngine;
  private readonly index: IndexWriter;
  protected readonly readonly: boolean;
  private readonly mustExist: boolean;
  private readying: Promise<void> | null = null;
  private caughtUp = false;
  private closed = false;

  private constructor(url: string, opts: PgArchiveOptions) {
    super();
    this.url = url;
    this.readonly = !!opts.readonly;
    this.mustExist = !!opts.mustExist;
    this.pool = createPool(url, { max: opts.poolSize ?? 10 });
    this.port = new PgDb(this.pool, async () => {
      await this.ensureReady();
      return this.pool;
    });
    const rows = pgPostingRows(this.port);
    // Every write transaction bumps archive_state.generation: one cheap query tells whether what
    // is kept (answers, posting lists) is current.
    const generation = async () => String((await this.port.get('SELECT generation FROM archive_state WHERE id = 1'))?.generation ?? 0);
    const backend = searchBackend(this.port, rows, generation, opts);
    this.engine = new SearchEngine(backend);
    // Kept answers and the search engine follow the same generation, read once for both.
    this.memo = new GenerationMemo(() => backend.generation());
    this.index = new IndexWriter(this.port, rows, opts, () => this.engine.invalidate());
  }

  protected readonly port: PgDb;

  /** Open an archive at a postgres:// URL; the schema is checked on first use. */
  static open(url: string, opts: PgArchiveOptions = {}): PgArchive {
    return new PgArchive(url, opts);
  }

  /** Open and check the schema now (fails fast on a bad URL or a missing archive). */
  static async connect(url: string, opts: PgArchiveOptions = {}): Promise<PgArchive> {
    const a = new PgArchive(url, opts);
    try {
      await a.ensureReady();
    } catch (e) {
      await a.pool.end().catch(() => {});
      throw e;
    }
    return a;
  }

  /** The schema is current; retried on the next call after a failure (database down at start). */
  private ensureReady(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the archive is closed'));
    if (!this.readying) {
      this.readying = migrate(this.pool, redactUrl(this.url), { readOnly: this.readonly, mustExist: this.mustExist }).then(
        () => undefined,
        (e) => {
          this.readying = null;
          throw e;
        },
      );
    }
    return this.readying;
  }

  protected override ready(): Promise<void> {
    return this.ensureReady();
  }

  // Stats, lists, task lists and counts, search results: kept until the archive changes (every
  // write transaction bumps archive_state.generation; one cheap query per answer checks it).
  protected readonly memo: GenerationMemo;

  // ───────────────────────────── writing ─────────────────────────────

  protected async beforeWrite(): Promise<void> {
    await this.ensureReady();
    if (!this.caughtUp) {
      this.caughtUp = true;
      await this.index.catchUp();
    }
  }

  protected async afterWrite(added: IndexedText[]): Promise<void> {
    this.engine.invalidate();
    if (added.length) await this.index.add(added);
  }

  async flushIndex(): Promise<void> {
    if (this.readonly) return;
    await this.ensureReady();
    await this.index.flush();
    this.caughtUp = true;
    await this.index.catchUp();
  }

  /** Merge the index segments, then VACUUM ANALYZE: statistics for the planner and index-only scans after a bulk load. */
  async optimize(): Promise<void> {
    if (this.readonly) return;
    await this.ensureReady();
    await this.index.optimize();
    // (VACUUM cannot run inside a transaction: a plain pool query.)
    await this.pool.query('VACUUM (ANALYZE)');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      // (The pending segment is written; nothing to write when the database was never reached.)
      if (!this.readonly && this.readying) await this.index.close();
    } finally {
      this.closed = true;
      await this.pool.end().catch(() => {});
    }
  }
}

