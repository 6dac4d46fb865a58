/**
 * The Archive on an embedded SQLite database (better-sqlite3, WAL mode): the one archive
 * implementation (store.ts) over the better-sqlite3 driver (db/sqlite.ts); this opens the file
 * (pragmas, read-only opening on a full disk), migrates, and keeps what only SQLite has (backup).
 *
 * Writes: one IMMEDIATE transaction per issue (the old version of a replaced file is deleted in
 * the same transaction), so a crash or a bad file never leaves half an issue. The search index is
 * derived data: documents are stored with `indexed = 0`, collected in memory and written as an
 * index segment every few million characters (and on close); until then — or after a crash cut
 * an ingest short — the search engine scans those documents, so search is complete at any time,
 * and the next writer indexes them.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Archive } from './archive.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { schemaDdl } from './schema.js';
import { SqliteDb } from './db/sqlite.js';
import { StoreArchive, type IndexedText } from './store.js';
import { SearchEngine } from '../search/engine.js';
import { IndexWriter } from './index-writer.js';
import { sqlitePostingRows } from './posting-rows.js';
import { searchBackend } from './search-backend.js';
import { GenerationMemo } from './memo.js';
import { TextPacker } from './packing.js';
import { AUTO_CHECKPOINT_PAGES, Checkpointer } from './checkpointer.js';

type Row = Record<string, any>;

export interface SqliteArchiveOptions {
  /** Never write (readers: search, export, a server without ingest); see openForReading. */
  readonly?: boolean;
  /** Told when the archive can only be read in a degraded way (a full disk). */
  onWarning?: (message: string) => void;
  /** Characters of text collected before an index segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
  /** Bytes of posting lists kept in memory for searches (default 256 MiB). */
  postingCacheBytes?: number;
}

/** SQLite's answers that mean the file system would not give what was asked (space, a file, a lock file). */
const STORAGE_FAILURE = /^SQLITE_(IOERR|FULL|CANTOPEN|READONLY)/;

/**
 * A read-only connection. A reader of a WAL database needs the -shm file beside it, which SQLite
 * creates and sizes on the first read — on a full disk that fails ("disk I/O error"), and a
 * search or export would fail although nothing needs writing. Then the file is read in exclusive
 * locking mode, which keeps the WAL index in memory and needs no -shm file, at the price of
 * holding the database's lock until the reader closes (other processes wait meanwhile).
 */
function openForReading(path: string, onWarning?: (message: string) => void): Database.Database {
  const firstRead = (db: Database.Database) => db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  const shared = new Database(path, { readonly: true, fileMustExist: true });
  try {
    firstRead(shared);
    return shared;
  } catch (e) {
    shared.close();
    const code = (e as { code?: string }).code ?? '';
    if (!STORAGE_FAILURE.test(code)) throw e;
    const exclusive = new Database(path, { fileMustExist: true, timeout: 10_000 });
    try {
      exclusive.pragma('locking_mode = EXCLUSIVE');
      firstRead(exclusive);
    } catch {
      exclusive.close();
      throw e;
    }
    onWarning?.(`${path}: cannot create the shared-memory file readers use (${code}; is the disk full?): reading with an exclusive lock, other processes wait until this one ends`);
    return exclusive;
  }
}

export class SqliteArchive extends StoreArchive implements Archive {
  protected override readonly packer = new TextPacker();
  /** (Archive.ingestBatch: why 16.) */
  readonly ingestBatch = 16;
  readonly db: Database.Database;
  readonly path: string;
  protected readonly engine: SearchEngine;
  private readonly index: IndexWriter;
  private readonly checkpointer: Checkpointer | null;
  private caughtUp = false;
  private localGeneration = 0;
  private wrote = false;
  protected readonly readonly: boolean;
  protected readonly port: SqliteDb;

  private constructor(path: string, opts: SqliteArchiveOptions) {
    super();
    this.path = path;
    this.readonly = !!opts.readonly;
    let opened: Database.Database | undefined;
    try {
      this.db = opened = this.readonly ? openForReading(path, opts.onWarning) : new Database(path);
      // Wait for other processes' locks before anything that takes one (switching to WAL does).
      this.db.pragma('busy_timeout = 10000');
      if (!this.readonly) this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('cache_size = -262144');
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma('mmap_size = 1073741824');
      if (!this.readonly) {
        this.db.pragma('journal_size_limit = 67108864');
        // Checkpoint every ~64 MiB of WAL rather than every 4 MiB: a bulk ingest rewrites the same
        // index pages many times, and each checkpoint copies them and syncs the file.
        this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      }
      this.migrate();
    } catch (e) {
      // (A reader's exclusive lock must not outlive a failed open.)
      if (opened?.open) opened.close();
      const msg = (e as Error).message;
      if (/not a database|malformed|file is encrypted/i.test(msg)) throw new Error(`${path} is not a Gongbao database (${msg})`);
      throw e;
    }
    this.port = new SqliteDb(this.db);
    const logged = !this.readonly && this.db.pragma('journal_mode', { simple: true }) === 'wal';
    this.checkpointer = logged ? new Checkpointer(this.db, resolve(path)) : null;
    const rows = sqlitePostingRows(this.port);
    this.index = new IndexWriter(this.port, rows, opts, () => this.changed());
    this.engine = new SearchEngine(searchBackend(this.port, rows, async () => this.generationNow(), opts));
  }

  static open(path: string, opts: SqliteArchiveOptions = {}): SqliteArchive {
    return new SqliteArchive(path, opts);
  }

  // ───────────────────────────── schema ─────────────────────────────

  private migrate(): void {
    const db = this.db;
    const currentVersion = () => (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row).v ?? 0;
    if (this.readonly) {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
      if (!has) throw new Error(`${this.path} is not a Gongbao database (no schema_version table)`);
      const current = currentVersion();
      if (current > SCHEMA_VERSION) {
        throw new Error(`${this.path} has schema version ${current}; this gongbao knows up to ${SCHEMA_VERSION}: upgrade gongbao`);
      }
      if (current < SCHEMA_VERSION) throw new Error(`${this.path} needs a schema upgrade; open it once without read-only`);
      return;
    }
    // Check and upgrade under one write lock: two processes opening a new database at once must
    // not both create the schema (the second waits, then finds it done).
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const current = currentVersion();
      if (current > SCHEMA_VERSION) {
        throw new Error(`${this.path} has schema version ${current}; this gongbao knows up to ${SCHEMA_VERSION}: upgrade gongbao`);
      }
      const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
      if (current === 0) {
        // A new archive: the one schema as it stands, every migration counted as applied.
        db.exec(schemaDdl('sqlite'));
        for (const m of MIGRATIONS) record.run(m.version, m.name, new Date().toISOString());
        return;
      }
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        m.after?.(db);
        record.run(m.version, m.name, new Date().toISOString());
      }
    }).immediate();
  }

  private changed(): void {
    this.wrote = true;
    this.localGeneration++;
    this.engine.invalidate();
  }

  // ───────────────────────────── ingest ─────────────────────────────

  protected async beforeWrite(): Promise<void> {
    // Index what earlier sessions left unindexed, once.
    if (!this.caughtUp) {
      this.caughtUp = true;
      await this.index.catchUp();
    }
  }

  protected override afterBulkWrite(): void {
    this.checkpointer?.nudge();
  }

  protected async afterWrite(added: IndexedText[]): Promise<void> {
    this.changed();
    if (added.length) await this.index.add(added);
  }

  /**
   * A consistent copy of the archive in `file` (which must not exist), taken with SQLite's online
   * backup while other connections — a running server, an ingest — go on writing: the copy holds
   * every committed transaction up to one moment, the write-ahead log's included (a plain file
   * copy misses those). Written under a temporary name and renamed: never half a copy.
   */
  async backupTo(file: string): Promise<{ issues: number; documents: number; bytes: number }> {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      // After the first step, the rest in one: a write by another connection between steps
      // restarts the copy, and a busy server writes often.
      await this.db.backup(tmp, { progress: ({ totalPages }) => Math.max(100, totalPages) });
      const copy = new Database(tmp, { readonly: true, fileMustExist: true });
      let counts;
      try {
        counts = copy.prepare('SELECT (SELECT COUNT(*) FROM issues) AS issues, (SELECT COUNT(*) FROM documents) AS documents').get() as Row;
      } finally {
        copy.close();
      }
      if (existsSync(file)) throw new Error(`${file} exists: not overwritten`);
      renameSync(tmp, file);
      return { issues: counts.issues, documents: counts.documents, bytes: statSync(file).size };
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  // ───────────────────────────── index ─────────────────────────────

  async flushIndex(): Promise<void> {
    if (this.readonly) return;
    await this.index.flush();
    this.caughtUp = true;
    await this.index.catchUp();
  }

  /** Merge every index segment into one (after a bulk load; optional). */
  async optimize(): Promise<void> {
    await this.index.optimize();
  }

  // Stats, agency lists, task lists and counts, search results: kept until the archive changes.
  protected readonly memo = new GenerationMemo(() => this.generationNow());

  private generationNow(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.localGeneration}`;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (!this.readonly) await this.index.close();
    await this.packer.stop();
    await this.checkpointer?.stop();
    if (this.wrote) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
