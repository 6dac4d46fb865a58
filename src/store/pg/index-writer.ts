/**
 * Writing the n-gram index on PostgreSQL: the same segments of posting lists as the SQLite
 * backend (src/search/builder.ts, postings.ts), stored as bytea rows of `search_postings`.
 *
 * Documents are stored with `indexed = false`; each writer collects the ones it stored in an
 * in-memory segment and writes it every few million characters (and on flush/close). Writing a
 * segment, and merging segments, happen under the archive's write lock, so two processes never
 * index the same document twice: a writer keeps only documents still unindexed when it writes.
 * Documents left unindexed (a writer killed before its flush) are scanned by search until the next
 * writer's catch-up indexes them.
 */
import type pg from 'pg';
import { SegmentBuilder, type EncodedRow } from '../../search/builder.js';
import { mergeRows, type PostingRow } from '../../search/postings.js';
import { normalizeForSearch } from '../../search/normalize.js';
import { query, transaction } from './db.js';
import { bumpGeneration, takeWriteLock } from './locks.js';
import type { Row } from './rows.js';

const INSERT_ROWS = 20_000;
const INSERT_BYTES = 8 * 1024 * 1024;
/** Rows read per page when merging (long lists make big pages). */
const MERGE_PAGE = 1024;

export interface IndexWriterOptions {
  /** Characters collected before a segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
}

export class PgIndexWriter {
  private builder = new SegmentBuilder();
  /** Ids in the builder, or in a segment being written by this process. */
  private readonly pendingIds = new Set<number>();
  /** Index work of this process runs one step at a time (ingests may run at once). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly batchChars: number;
  private readonly mergeFactor: number;

  constructor(
    private readonly pool: pg.Pool,
    opts: IndexWriterOptions,
    /** Called after every committed index change (the archive drops its caches). */
    private readonly changed: () => void,
  ) {
    this.batchChars = opts.indexBatchChars ?? 8_000_000;
    this.mergeFactor = Math.max(2, opts.mergeFactor ?? 10);
  }

  get pending(): number {
    return this.builder.size;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Add stored documents (normalized text and title); writes a segment when the batch is full. */
  add(docs: { id: number; text: string; title: string }[]): Promise<void> {
    return this.exclusive(async () => {
      for (const d of docs) await this.addOne(d.id, d.text, d.title);
      if (this.builder.positions >= this.batchChars) await this.flushNow();
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

  /** Index documents stored but not indexed (left by a crash, or by another writer). */
  catchUp(): Promise<void> {
    return this.exclusive(() => this.catchUpNow());
  }

  private async catchUpNow(): Promise<void> {
    await this.flushNow();
    let after = 0;
    for (;;) {
      const { rows } = await query<Row>(
        this.pool,
        'SELECT d.id, d.title, t.body FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE NOT d.indexed AND d.id > $1 ORDER BY d.id LIMIT 200',
        [after],
      );
      if (!rows.length) break;
      for (const r of rows) {
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

  private async flushNow(): Promise<void> {
    const builder = this.builder;
    if (!builder.size) return;
    this.builder = new SegmentBuilder();
    try {
      await this.write(builder);
    } finally {
      for (const id of builder.docIds) this.pendingIds.delete(id);
    }
  }

  private async write(builder: SegmentBuilder): Promise<void> {
    const written = await transaction(this.pool, async (c) => {
      await takeWriteLock(c);
      const keep = new Set(
        (await c.query<Row>('SELECT id FROM documents WHERE NOT indexed AND id = ANY($1::int[])', [builder.docIds])).rows.map(
          (r) => r.id as number,
        ),
      );
      if (!keep.size) return false;
      const ids = [...keep].sort((a, b) => a - b);
      const seg = (
        await c.query<Row>(
          'INSERT INTO search_segments (level, min_doc, max_doc, docs, created_at) VALUES (0, $1, $2, $3, $4) RETURNING id',
          [ids[0], ids[ids.length - 1], ids.length, new Date().toISOString()],
        )
      ).rows[0]!.id as number;
      await insertRows(c, seg, builder.rows((id) => keep.has(id)));
      await c.query('UPDATE documents SET indexed = true WHERE id = ANY($1::int[])', [ids]);
      await bumpGeneration(c);
      return true;
    });
    if (written) {
      this.changed();
      await this.merge();
    }
  }

  private async merge(): Promise<void> {
    for (;;) {
      const merged = await transaction(this.pool, async (c) => {
        await takeWriteLock(c);
        const segs = (await c.query<Row>('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id')).rows;
        const tail = segs.slice(-this.mergeFactor);
        if (tail.length < this.mergeFactor || !tail.every((s) => s.level === tail[0]!.level)) return false;
        await mergeRun(c, tail, tail[0]!.level + 1);
        await bumpGeneration(c);
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
      const merged = await transaction(this.pool, async (c) => {
        await takeWriteLock(c);
        const segs = (await c.query<Row>('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id')).rows;
        if (segs.length <= 1) return false;
        await mergeRun(c, segs, Math.max(...segs.map((s) => s.level as number)) + 1);
        await bumpGeneration(c);
        return true;
      });
      if (merged) this.changed();
    });
  }
}

/**
 * Insert posting rows of one segment. Rows go in batches of at most a few MB as ONE binary
 * parameter (the concatenated bytes) plus offsets and lengths, cut apart by the server: array
 * parameters would travel as hex text, twice the size, and a batch of long lists could build a
 * string of hundreds of MB.
 */
async function insertRows(c: pg.PoolClient, seg: number, rows: Iterable<EncodedRow | (PostingRow & { key: number })>): Promise<void> {
  let keys: number[] = [];
  let offsets: number[] = [];
  let docLens: number[] = [];
  let posLens: number[] = [];
  let parts: Uint8Array[] = [];
  let bytes = 0;
  const send = async () => {
    if (!keys.length) return;
    const blob = Buffer.concat(parts, bytes);
    await c.query(
      `INSERT INTO search_postings (seg, key, docs, pos)
       SELECT $1, u.k, substring($2::bytea FROM u.o FOR u.dl), CASE WHEN u.pl < 0 THEN NULL ELSE substring($2::bytea FROM u.o + u.dl FOR u.pl) END
       FROM unnest($3::bigint[], $4::int[], $5::int[], $6::int[]) AS u(k, o, dl, pl)`,
      [seg, blob, keys, offsets, docLens, posLens],
    );
    keys = [];
    offsets = [];
    docLens = [];
    posLens = [];
    parts = [];
    bytes = 0;
  };
  for (const r of rows) {
    keys.push(r.key);
    offsets.push(bytes + 1); // substring() counts from 1
    docLens.push(r.docs.length);
    posLens.push(r.pos ? r.pos.length : -1);
    parts.push(r.docs);
    bytes += r.docs.length;
    if (r.pos) {
      parts.push(r.pos);
      bytes += r.pos.length;
    }
    if (keys.length >= INSERT_ROWS || bytes >= INSERT_BYTES) await send();
  }
  await send();
}

/** Merge segments (given in document order) into one, dropping documents no longer live. */
async function mergeRun(c: pg.PoolClient, segs: Row[], level: number): Promise<void> {
  const minDoc = Math.min(...segs.map((s) => s.min_doc as number));
  const maxDoc = Math.max(...segs.map((s) => s.max_doc as number));
  const liveIds = (
    await c.query<Row>('SELECT id FROM documents WHERE id BETWEEN $1 AND $2 AND indexed ORDER BY id', [minDoc, maxDoc])
  ).rows.map((r) => r.id as number);
  const live = new Uint8Array(maxDoc - minDoc + 1);
  for (const id of liveIds) live[id - minDoc] = 1;
  const isLive = (id: number) => id >= minDoc && id <= maxDoc && live[id - minDoc] === 1;
  const seg = (
    await c.query<Row>(
      'INSERT INTO search_segments (level, min_doc, max_doc, docs, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [
        level,
        liveIds.length ? liveIds[0] : minDoc,
        liveIds.length ? liveIds[liveIds.length - 1] : maxDoc,
        liveIds.length,
        new Date().toISOString(),
      ],
    )
  ).rows[0]!.id as number;
  const cursors = segs.map((s) => ({ seg: s.id as number, rows: [] as Row[], at: 0, last: -1, done: false }));
  const head = async (cur: (typeof cursors)[number]): Promise<Row | null> => {
    if (cur.at >= cur.rows.length && !cur.done) {
      cur.rows = (
        await c.query<Row>('SELECT key, docs, pos FROM search_postings WHERE seg = $1 AND key > $2 ORDER BY key LIMIT $3', [cur.seg, cur.last, MERGE_PAGE])
      ).rows;
      cur.at = 0;
      if (cur.rows.length) cur.last = cur.rows[cur.rows.length - 1]!.key;
      else cur.done = true;
    }
    return cur.at < cur.rows.length ? cur.rows[cur.at]! : null;
  };
  const out: (PostingRow & { key: number })[] = [];
  let outBytes = 0;
  const flushOut = async () => {
    await insertRows(c, seg, out);
    out.length = 0;
    outBytes = 0;
  };
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
    if (out.length >= INSERT_ROWS || outBytes >= INSERT_BYTES) await flushOut();
  }
  await flushOut();
  const old = segs.map((s) => s.id as number);
  await c.query('DELETE FROM search_postings WHERE seg = ANY($1::int[])', [old]);
  await c.query('DELETE FROM search_segments WHERE id = ANY($1::int[])', [old]);
}
