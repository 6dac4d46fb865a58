/**
 * The n-gram search index on SQLite: segments written from an in-memory SegmentBuilder, merged
 * like an LSM tree, and read back for the SearchEngine (the SearchBackend of this database).
 *
 * The index is derived data. Documents are stored with `indexed = 0`; a segment write marks its
 * documents `indexed = 1` in the same transaction. Documents left at 0 (a crash, another writer,
 * a segment not yet written) are scanned by the engine and indexed by the next writer.
 */
import type Database from 'better-sqlite3';
import type { DocBody, SearchBackend } from '../search/port.js';
import { docMetaRow } from './records.js';
import { SegmentBuilder } from '../search/builder.js';
import { mergeRows, type PostingRow } from '../search/postings.js';
import { PostingCache } from '../search/posting-cache.js';
import { normalizeForSearch } from '../search/normalize.js';

type Row = Record<string, any>;
type Sql = (source: string) => Database.Statement;

/** Keys are below 2^33: a posting row's id is segment · 2^33 + key. */
const KEY_SPAN = 2 ** 33;
const postingId = (seg: number, key: number) => seg * KEY_SPAN + key;
/** Write the pending segment after this long without another ingest. */
const IDLE_FLUSH_MS = 1500;

const json = (v: unknown) => JSON.stringify(v);

export interface SqliteIndexOptions {
  /** Characters of text collected before a segment is written (default 8 million). */
  batchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
  /** Bytes of posting lists kept in memory for searches (default 256 MiB). */
  postingCacheBytes?: number;
}

export class SqliteIndex {
  private builder = new SegmentBuilder();
  private caughtUp = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private segmentCache: { gen: string; ids: number[] } | null = null;
  private readonly batchChars: number;
  private readonly mergeFactor: number;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: Sql,
    /** Called after every write of the index (the engine's metadata is then stale). */
    private readonly changed: () => void,
    /** The database's change counter, for caches. */
    private readonly generation: () => string,
    opts: SqliteIndexOptions = {},
  ) {
    this.batchChars = opts.batchChars ?? 8_000_000;
    this.postingCacheBytes = opts.postingCacheBytes ?? 256 * 1024 * 1024;
    this.mergeFactor = Math.max(2, opts.mergeFactor ?? 10);
  }

  /** Before the first write of a session: index what earlier sessions left unindexed. */
  beforeWrite(): void {
    if (!this.caughtUp) this.catchUp();
  }

  /** Documents just committed (normalized text and title): collected, written in batches. */
  added(docs: { id: number; text: string; title: string }[]): void {
    for (const d of docs) this.builder.add(d.id, d.text, d.title);
    if (this.builder.positions >= this.batchChars) this.flush();
    else this.flushWhenIdle();
  }

  /** Write what is collected and index whatever else is unindexed. */
  flushAll(): void {
    this.flush();
    this.catchUp();
  }

  /** Write the pending segment (on close). */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.builder.size) this.flush();
  }

  /**
   * A bulk ingest fills segments of `batchChars`; a single ingest (the HTTP API, a small folder)
   * should not leave its documents to be scanned for long: write the segment once no other issue
   * has arrived for a moment.
   */
  private flushWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.db.open) return;
      try {
        this.flush();
      } catch (e) {
        // Left unindexed: scanned meanwhile, indexed by the next writer.
        if (process.env.GONGBAO_DEBUG) process.stderr.write(`gongbao: index flush failed: ${(e as Error).message}\n`);
      }
    }, IDLE_FLUSH_MS);
    this.idleTimer.unref();
  }

  /** Index documents stored but not indexed (left by a crash, or by another writer). */
  private catchUp(): void {
    this.caughtUp = true;
    this.flush();
    let after = 0;
    const page = this.sql(
      `SELECT d.id, d.title, t.body FROM documents d JOIN document_texts t ON t.document_id = d.id
       WHERE d.indexed = 0 AND d.id > ? ORDER BY d.id LIMIT 200`,
    );
    for (;;) {
      const rows = page.all(after) as Row[];
      if (!rows.length) break;
      for (const r of rows) {
        after = r.id;
        this.builder.add(r.id, normalizeForSearch(r.body), normalizeForSearch(r.title));
        if (this.builder.positions >= this.batchChars) this.flush();
      }
    }
    this.flush();
  }

  /** Write the in-memory segment, then merge segments while the last few share a level. */
  private flush(): void {
    const builder = this.builder;
    if (!builder.size) return;
    this.builder = new SegmentBuilder();
    const written = this.db
      .transaction(() => {
        // Documents deleted meanwhile, or indexed by another writer, are left out.
        const keep = new Set(
          (this.sql('SELECT id FROM documents WHERE indexed = 0 AND id IN (SELECT value FROM json_each(?))').all(json(builder.docIds)) as Row[]).map(
            (r) => r.id as number,
          ),
        );
        if (!keep.size) return false;
        const ids = [...keep].sort((a, b) => a - b);
        const seg = Number(
          this.sql('INSERT INTO search_segments (level, min_doc, max_doc, docs, created_at) VALUES (0, ?, ?, ?, ?)').run(
            ids[0],
            ids[ids.length - 1],
            ids.length,
            new Date().toISOString(),
          ).lastInsertRowid,
        );
        const ins = this.sql('INSERT INTO search_postings (id, docs, pos) VALUES (?, ?, ?)');
        for (const row of builder.rows((id) => keep.has(id))) ins.run(postingId(seg, row.key), row.docs, row.pos);
        this.sql('UPDATE documents SET indexed = 1 WHERE id IN (SELECT value FROM json_each(?))').run(json(ids));
        return true;
      })
      .immediate();
    if (written) {
      this.changed();
      this.mergeTail();
    }
  }

  private mergeTail(): void {
    for (;;) {
      const merged = this.db
        .transaction(() => {
          const segs = this.sql('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id').all() as Row[];
          const tail = segs.slice(-this.mergeFactor);
          if (tail.length < this.mergeFactor || !tail.every((s) => s.level === tail[0]!.level)) return false;
          this.merge(tail, tail[0]!.level + 1);
          return true;
        })
        .immediate();
      if (!merged) return;
      this.changed();
    }
  }

  /** Merge segments (given in document order) into one, dropping deleted documents. */
  private merge(segs: Row[], level: number): void {
    const minDoc = Math.min(...segs.map((s) => s.min_doc));
    const maxDoc = Math.max(...segs.map((s) => s.max_doc));
    const liveIds = (this.sql('SELECT id FROM documents WHERE id BETWEEN ? AND ? AND indexed = 1').all(minDoc, maxDoc) as Row[]).map(
      (r) => r.id as number,
    );
    const live = new Uint8Array(maxDoc - minDoc + 1);
    for (const id of liveIds) live[id - minDoc] = 1;
    const isLive = (id: number) => id >= minDoc && id <= maxDoc && live[id - minDoc] === 1;
    const seg = Number(
      this.sql('INSERT INTO search_segments (level, min_doc, max_doc, docs, created_at) VALUES (?, ?, ?, ?, ?)').run(
        level,
        liveIds.length ? liveIds[0] : minDoc,
        liveIds.length ? liveIds[liveIds.length - 1] : maxDoc,
        liveIds.length,
        new Date().toISOString(),
      ).lastInsertRowid,
    );
    // A k-way merge by key over the segments, each read a page at a time.
    const page = this.sql(
      `SELECT id - @base AS key, docs, pos FROM search_postings WHERE id > @base + @after AND id < @base + ${KEY_SPAN} ORDER BY id LIMIT 4096`,
    );
    const ins = this.sql('INSERT INTO search_postings (id, docs, pos) VALUES (?, ?, ?)');
    const cursors = segs.map((s) => ({ seg: s.id as number, rows: [] as Row[], at: 0, last: -1, done: false }));
    const head = (c: (typeof cursors)[number]): Row | null => {
      if (c.at >= c.rows.length && !c.done) {
        c.rows = page.all({ base: c.seg * KEY_SPAN, after: c.last }) as Row[];
        c.at = 0;
        if (c.rows.length) c.last = c.rows[c.rows.length - 1]!.key;
        else c.done = true;
      }
      return c.at < c.rows.length ? c.rows[c.at]! : null;
    };
    for (;;) {
      let key = Infinity;
      for (const c of cursors) {
        const h = head(c);
        if (h && h.key < key) key = h.key;
      }
      if (key === Infinity) break;
      const rows: PostingRow[] = [];
      let positional = false;
      for (const c of cursors) {
        const h = head(c);
        if (h && h.key === key) {
          rows.push({ docs: h.docs, pos: h.pos });
          if (h.pos) positional = true;
          c.at++;
        }
      }
      const m = mergeRows(rows, positional, isLive);
      if (m) ins.run(postingId(seg, key), m.docs, m.pos);
    }
    const del = this.sql(`DELETE FROM search_postings WHERE id >= ? * ${KEY_SPAN} AND id < (? + 1) * ${KEY_SPAN}`);
    const delSeg = this.sql('DELETE FROM search_segments WHERE id = ?');
    for (const s of segs) {
      del.run(s.id, s.id);
      delSeg.run(s.id);
    }
  }

  /** Merge every segment into one. */
  optimize(): void {
    this.flushAll();
    this.db
      .transaction(() => {
        const segs = this.sql('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id').all() as Row[];
        if (segs.length > 1) this.merge(segs, Math.max(...segs.map((s) => s.level)) + 1);
      })
      .immediate();
    this.changed();
  }

  private readonly postingCacheBytes: number;
  private postingCache = new PostingCache('', 0);

  private segments(): number[] {
    const gen = this.generation();
    if (!this.segmentCache || this.segmentCache.gen !== gen) {
      const ids = (this.sql('SELECT id FROM search_segments ORDER BY min_doc, id').all() as Row[]).map((r) => r.id as number);
      this.segmentCache = { gen, ids };
    }
    return this.segmentCache.ids;
  }

  /** What the search engine reads. */
  backend(): SearchBackend {
    const postingStmt = this.sql('SELECT docs, pos FROM search_postings WHERE id = ?');
    const docsOnlyStmt = this.sql('SELECT docs, NULL AS pos FROM search_postings WHERE id = ?');
    // Documents in rowid order, issues apart: a join would seek every document through an index.
    const metaStmt = this.sql(
      `SELECT id, issue_id, title, doc_number, doc_type, issuers, section, date, year, search_length,
              indexed, effective_from, expires_on, repealed_on, start_line, end_line FROM documents`,
    );
    const issueStmt = this.sql('SELECT id, source_path, title FROM issues');
    const bodyStmt = this.sql(
      `SELECT d.id, d.start_line, t.body FROM documents d JOIN document_texts t ON t.document_id = d.id
       WHERE d.id IN (SELECT value FROM json_each(?))`,
    );
    const refStmt = this.sql('SELECT document_id, own FROM doc_number_refs WHERE number = ?');
    return {
      generation: async () => this.generation(),
      loadDocMeta: async () => {
        const issues = new Map((issueStmt.all() as Row[]).map((i) => [i.id as number, i]));
        return (metaStmt.all() as Row[]).map((r) => docMetaRow(r, issues.get(r.issue_id)));
      },
      postings: async (keys, positions) => {
        const segs = this.segments();
        const gen = this.generation();
        if (this.postingCache.generation !== gen) this.postingCache = new PostingCache(gen, this.postingCacheBytes);
        const stmt = positions ? postingStmt : docsOnlyStmt;
        const out = new Map<number, PostingRow[]>();
        for (const key of keys) {
          // Rows without positions are kept apart from rows with them.
          const cacheKey = positions ? key : -key - 1;
          let rows = this.postingCache.get(cacheKey);
          if (!rows) {
            rows = [];
            for (const seg of segs) {
              const r = stmt.get(postingId(seg, key)) as Row | undefined;
              if (r) rows.push({ docs: r.docs, pos: r.pos });
            }
            this.postingCache.set(cacheKey, rows);
          }
          out.set(key, rows);
        }
        return out;
      },
      bodies: async (ids) => {
        const out = new Map<number, DocBody>();
        for (let i = 0; i < ids.length; i += 500) {
          for (const r of bodyStmt.all(json(ids.slice(i, i + 500))) as Row[]) {
            out.set(r.id, { id: r.id, startLine: r.start_line, lines: (r.body as string).split('\n') });
          }
        }
        return out;
      },
      docNumberRefs: async (n) => {
        const own: number[] = [];
        const mentioned: number[] = [];
        for (const r of refStmt.all(n) as Row[]) (r.own ? own : mentioned).push(r.document_id);
        return { own, mentioned };
      },
    };
  }
}
