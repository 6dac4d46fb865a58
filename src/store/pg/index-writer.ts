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

const INSERT_BATCH = 4000;

export interface IndexWriterOptions {
  /** Characters collected before a segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
}

export class PgIndexWriter {
  private builder = new SegmentBuilder();
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

  /** Add stored documents (normalized text and title); writes a segment when the batch is full. */
  async add(docs: { id: number; text: string; title: string }[]): Promise<void> {
    for (const d of docs) {
      // A builder takes ascending ids; concurrent ingests in one process could hand them over out
      // of order: start a new segment then (overlapping segments are allowed).
      const ids = this.builder.docIds;
      if (ids.length && d.id <= ids[ids.length - 1]!) await this.flush();
      this.builder.add(d.id, d.text, d.title);
    }
    if (this.builder.positions >= this.batchChars) await this.flush();
  }

  /** Index documents stored but not indexed (left by a crash, or by another writer). */
  async catchUp(): Promise<void> {
    await this.flush();
    let after = 0;
    for (;;) {
      const { rows } = await query<Row>(
        this.pool,
        'SELECT id, title, body FROM documents WHERE NOT indexed AND id > $1 ORDER BY id LIMIT 200',
        [after],
      );
      if (!rows.length) break;
      for (const r of rows) {
        after = r.id;
        this.builder.add(r.id, normalizeForSearch(r.body), normalizeForSearch(r.title));
        if (this.builder.positions >= this.batchChars) await this.flush();
      }
    }
    await this.flush();
  }

  /** Write the in-memory segment; then merge while the last few segments share a level. */
  async flush(): Promise<void> {
    const builder = this.builder;
    if (!builder.size) return;
    this.builder = new SegmentBuilder();
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
  async optimize(): Promise<void> {
    await this.catchUp();
    const merged = await transaction(this.pool, async (c) => {
      await takeWriteLock(c);
      const segs = (await c.query<Row>('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id')).rows;
      if (segs.length <= 1) return false;
      await mergeRun(c, segs, Math.max(...segs.map((s) => s.level as number)) + 1);
      await bumpGeneration(c);
      return true;
    });
    if (merged) this.changed();
  }
}

async function insertRows(c: pg.PoolClient, seg: number, rows: Iterable<EncodedRow | (PostingRow & { key: number })>): Promise<void> {
  let keys: number[] = [];
  let docs: Uint8Array[] = [];
  let pos: (Uint8Array | null)[] = [];
  const send = async () => {
    if (!keys.length) return;
    await c.query('INSERT INTO search_postings (seg, key, docs, pos) SELECT $1, * FROM unnest($2::bigint[], $3::bytea[], $4::bytea[])', [
      seg,
      keys,
      docs,
      pos,
    ]);
    keys = [];
    docs = [];
    pos = [];
  };
  for (const r of rows) {
    keys.push(r.key);
    docs.push(r.docs);
    pos.push(r.pos);
    if (keys.length >= INSERT_BATCH) await send();
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
        await c.query<Row>('SELECT key, docs, pos FROM search_postings WHERE seg = $1 AND key > $2 ORDER BY key LIMIT 4096', [cur.seg, cur.last])
      ).rows;
      cur.at = 0;
      if (cur.rows.length) cur.last = cur.rows[cur.rows.length - 1]!.key;
      else cur.done = true;
    }
    return cur.at < cur.rows.length ? cur.rows[cur.at]! : null;
  };
  const out: (PostingRow & { key: number })[] = [];
  const flushOut = async () => {
    await insertRows(c, seg, out);
    out.length = 0;
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
    if (m) out.push({ key, docs: m.docs, pos: m.pos });
    if (out.length >= INSERT_BATCH) await flushOut();
  }
  await flushOut();
  const old = segs.map((s) => s.id as number);
  await c.query('DELETE FROM search_postings WHERE seg = ANY($1::int[])', [old]);
  await c.query('DELETE FROM search_segments WHERE id = ANY($1::int[])', [old]);
}
