/**
 * Writing the n-gram search index, once for both backends: segments of posting lists
 * (src/search/builder.ts, postings.ts) written from an in-memory SegmentBuilder and merged like an
 * LSM tree — one merge, over the port and the backend's posting rows (posting-rows.ts).
 *
 * The index is derived data. Documents are stored with `indexed` false; writing a segment marks
 * its documents indexed in the same transaction, keeping only those still unindexed then, so two
 * writers (processes) never index a document twice. Documents left unindexed — a crash, another
 * writer, a segment not written yet — are scanned by the search engine and indexed by the next
 * writer's catch-up.
 */
import { LocalSegment, SegmentThread, ThreadSegment, type SealedSegment, type SegmentInProgress } from './segment-thread.js';
import { mergeRows, type PostingRow } from '../search/postings.js';
import { normalizeForSearch } from '../search/normalize.js';
import type { Db, DialectSql, Row, Tx } from './db/port.js';
import type { PostingRows } from './posting-rows.js';
import type { IndexedText } from './store.js';

/** Write the pending segment after this long without another ingest. */
const IDLE_FLUSH_MS = 1500;
/** Rows read per segment and step when merging, and written per step. */
const MERGE_PAGE = 1024;
const MERGE_OUT_ROWS = 20_000;
const MERGE_OUT_BYTES = 8 * 1024 * 1024;

export interface IndexWriterOptions {
  /** Characters of text collected before a segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
}

export class IndexWriter {
  private builder: SegmentInProgress = new LocalSegment();
  /** Segments sealed and not yet written, in document order. */
  private sealed: SealedSegment[] = [];
  /**
   * Started once a segment holds an eighth of `batchChars` (a bulk ingest: that one is sealed
   * early): later segments are built there while this thread stores the next issues. An archive
   * that takes an issue now and then never starts it.
   */
  private thread: SegmentThread | null = null;
  private bulk = false;
  /** Ids in the builder, or in a segment being written by this process. */
  private readonly pendingIds = new Set<number>();
  /** Index work of this process runs one step at a time (ingests may run at once). */
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly batchChars: number;
  private readonly mergeFactor: number;

  constructor(
    private readonly db: Db,
    private readonly rows: PostingRows,
    opts: IndexWriterOptions,
    /** Called after every committed index change (the archive drops its caches). */
    private readonly changed: () => void,
  ) {
    this.batchChars = opts.indexBatchChars ?? 8_000_000;
    this.mergeFactor = Math.max(2, opts.mergeFactor ?? 10);
  }

  /** Whether segments are being built on the thread (a bulk ingest has begun). */
  get buildsOnThread(): boolean {
    return this.thread !== null && !this.thread.dead;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Documents just committed (normalized text and title): collected, written in batches. A full
   * segment is sealed and written once its rows are ready — on the building thread, while the
   * next issues are stored — so this waits only when a second sealed segment is not encoded
   * either (the thread has fallen behind: memory stays at two segments).
   */
  add(docs: IndexedText[]): Promise<void> {
    return this.exclusive(async () => {
      await this.writeSealed(1);
      for (const d of docs) await this.addOne(d.id, d.text, d.title);
      this.builder.send();
      // An eighth of a segment in this thread: a bulk ingest — the rest is built on the thread.
      if (this.builder.positions >= (this.bulk ? this.batchChars : this.batchChars / 8)) {
        this.bulk = true;
        this.seal();
      }
      this.flushWhenIdle();
    });
  }

  /**
   * One document into the builder, once: a builder takes each id once and in ascending order.
   * Ingests running at once in this process (or the catch-up reading what they just stored) can
   * offer an id again or out of order: a repeat is dropped, a lower id starts a new segment.
   */
  private async addOne(id: number, text: string, title: string): Promise<void> {
    if (this.pendingIds.has(id)) return;
    const ids = this.builder.docIds;
    if (ids.length && id < ids[ids.length - 1]!) await this.flushNow();
    this.builder.add(id, text, title);
    this.pendingIds.add(id);
  }

  /** The segment in progress sealed (its rows start encoding), and a new one begun. */
  private seal(): void {
    if (!this.builder.docIds.length) return;
    this.sealed.push(this.builder.seal());
    if (this.bulk && (!this.thread || this.thread.dead)) this.thread = new SegmentThread();
    this.builder = this.bulk ? new ThreadSegment(this.thread!) : new LocalSegment();
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
      if (this.closed) return;
      // Left unindexed when it fails: scanned meanwhile, indexed by the next writer.
      this.flush().catch((e: unknown) => {
        if (process.env.GONGBAO_DEBUG) process.stderr.write(`gongbao: index flush failed: ${(e as Error).message}\n`);
      });
    }, IDLE_FLUSH_MS);
    this.idleTimer.unref();
  }

  /** Index documents stored but not indexed (left by a crash, or by another writer). */
  catchUp(): Promise<void> {
    return this.exclusive(() => this.catchUpNow());
  }

  private async catchUpNow(): Promise<void> {
    await this.flushNow();
    let after = 0;
    for (;;) {
      const page = await this.db.all(unindexedPage(this.db.sql), [after]);
      if (!page.length) break;
      for (const r of page) {
        after = r.id;
        await this.addOne(r.id, normalizeForSearch(r.body), normalizeForSearch(r.title));
        if (this.builder.positions >= this.batchChars) await this.flushNow();
      }
    }
    await this.flushNow();
  }

  /** Write the in-memory segment; then merge while the last few segments share a level. */
  flush(): Promise<void> {
    return this.exclusive(() => this.flushNow());
  }

  /** Write the pending segment and stop (the archive closes). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.thread?.stop();
      this.thread = null;
    }
  }

  private async flushNow(): Promise<void> {
    this.seal();
    await this.writeSealed(0);
  }

  /**
   * Write the sealed segments in order: those already encoded, and more, waiting for them, until
   * no more than `waiting` are left.
   */
  private async writeSealed(waiting: number): Promise<void> {
    while (this.sealed.length && (this.sealed.length > waiting || this.sealed[0]!.ready)) {
      const segment = this.sealed.shift()!;
      try {
        if (await this.writeSegment(segment)) {
          this.changed();
          await this.mergeTail();
        }
      } finally {
        for (const id of segment.ids) this.pendingIds.delete(id);
      }
    }
  }

  private async writeSegment(segment: SealedSegment): Promise<boolean> {
    // (Encoded before the transaction: no write lock held while the thread finishes.)
    await segment.wait();
    return this.db.transaction(async (tx) => {
      // Documents deleted meanwhile, or indexed by another writer, are left out.
      const keep = new Set(
        (await tx.all(`SELECT d.id FROM documents d WHERE ${this.db.sql.unindexed('d')} AND d.id IN ${this.db.sql.intList}`, [this.db.sql.list(segment.ids)])).map(
          (r) => r.id as number,
        ),
      );
      if (!keep.size) return false;
      const ids = [...keep].sort((a, b) => a - b);
      const seg = await newSegment(tx, 0, ids[0]!, ids[ids.length - 1]!, ids.length);
      await this.rows.insert(tx, seg, await segment.rows((id) => keep.has(id)));
      await tx.run(`UPDATE documents SET indexed = TRUE WHERE id IN ${this.db.sql.intList}`, [this.db.sql.list(ids)]);
      tx.changed();
      return true;
    });
  }

  /** Merge while the last `mergeFactor` segments share a level. */
  private async mergeTail(): Promise<void> {
    for (;;) {
      const merged = await this.db.transaction(async (tx) => {
        const segs = await tx.all('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id');
        const tail = segs.slice(-this.mergeFactor);
        if (tail.length < this.mergeFactor || !tail.every((s) => s.level === tail[0]!.level)) return false;
        await this.merge(tx, tail, tail[0]!.level + 1);
        tx.changed();
        return true;
      });
      if (!merged) return;
      this.changed();
    }
  }

  /** Merge every segment into one (after a bulk load; optional). */
  optimize(): Promise<void> {
    return this.exclusive(async () => {
      await this.catchUpNow();
      const merged = await this.db.transaction(async (tx) => {
        const segs = await tx.all('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id');
        if (segs.length <= 1) return false;
        await this.merge(tx, segs, Math.max(...segs.map((s) => s.level as number)) + 1);
        tx.changed();
        return true;
      });
      if (merged) this.changed();
    });
  }

  /** Merge segments (given in document order) into one: a k-way merge by key, dropping documents no longer live. */
  private async merge(tx: Tx, segs: Row[], level: number): Promise<void> {
    const minDoc = Math.min(...segs.map((s) => s.min_doc as number));
    const maxDoc = Math.max(...segs.map((s) => s.max_doc as number));
    const liveIds = (await tx.all('SELECT id FROM documents WHERE id BETWEEN ? AND ? AND indexed ORDER BY id', [minDoc, maxDoc])).map((r) => r.id as number);
    const live = new Uint8Array(maxDoc - minDoc + 1);
    for (const id of liveIds) live[id - minDoc] = 1;
    const isLive = (id: number) => id >= minDoc && id <= maxDoc && live[id - minDoc] === 1;
    const seg = await newSegment(tx, level, liveIds.length ? liveIds[0]! : minDoc, liveIds.length ? liveIds[liveIds.length - 1]! : maxDoc, liveIds.length);
    const cursors = segs.map((s) => ({ seg: s.id as number, rows: [] as (PostingRow & { key: number })[], at: 0, last: -1, done: false }));
    const head = async (cur: (typeof cursors)[number]) => {
      if (cur.at >= cur.rows.length && !cur.done) {
        // Every row read so far is merged (into `out`): their pages can take the rows written next.
        if (cur.last >= 0) await this.rows.release(tx, cur.seg, cur.last);
        cur.rows = await this.rows.page(tx, cur.seg, cur.last, MERGE_PAGE);
        cur.at = 0;
        if (cur.rows.length) cur.last = cur.rows[cur.rows.length - 1]!.key;
        else cur.done = true;
      }
      return cur.at < cur.rows.length ? cur.rows[cur.at]! : null;
    };
    let out: (PostingRow & { key: number })[] = [];
    let outBytes = 0;
    for (;;) {
      let key = Infinity;
      for (const cur of cursors) {
        const h = await head(cur);
        if (h && h.key < key) key = h.key;
      }
      if (key === Infinity) break;
      const rows: PostingRow[] = [];
      let positional = false;
      for (const cur of cursors) {
        const h = await head(cur);
        if (h && h.key === key) {
          rows.push({ docs: h.docs, pos: h.pos });
          if (h.pos) positional = true;
          cur.at++;
        }
      }
      const m = mergeRows(rows, positional, isLive);
      if (m) {
        out.push({ key, docs: m.docs, pos: m.pos });
        outBytes += m.docs.length + (m.pos?.length ?? 0);
      }
      if (out.length >= MERGE_OUT_ROWS || outBytes >= MERGE_OUT_BYTES) {
        await this.rows.insert(tx, seg, out);
        out = [];
        outBytes = 0;
      }
    }
    await this.rows.insert(tx, seg, out);
    const old = segs.map((s) => s.id as number);
    await this.rows.delete(tx, old);
    await tx.run(`DELETE FROM search_segments WHERE id IN ${this.db.sql.intList}`, [this.db.sql.list(old)]);
  }
}

/**
 * The next 200 documents not yet indexed after an id, with their texts: through the partial index
 * of the unindexed ones (a scan of every document before: 25–119 ms at 100,000, at every ingest's
 * final flush).
 */
export const unindexedPage = (sql: DialectSql) =>
  `SELECT d.id, d.title, t.body FROM documents d JOIN document_texts t ON t.document_id = d.id
   WHERE ${sql.unindexed('d')} AND d.id > ? ORDER BY d.id LIMIT 200`;

async function newSegment(tx: Tx, level: number, minDoc: number, maxDoc: number, docs: number): Promise<number> {
  const [r] = await tx.insert('search_segments', [{ level, min_doc: minDoc, max_doc: maxDoc, docs, created_at: new Date().toISOString() }], 'id');
  return r!.id as number;
}
