/**
 * The search index's posting rows, the one physical layout that differs between the backends
 * (src/store/schema.ts): SQLite keeps a row per (segment, key) under the rowid segment · 2^33 +
 * key, so that one B-tree leaf holds a list; PostgreSQL a (seg, key) primary key with an index on
 * key, read for many keys at once. Everything else of the index — segments, writing, merging,
 * caching — is shared (index-writer.ts, search-backend.ts).
 */
import type { PostingRow } from '../search/postings.js';
import type { Queries, Row } from './db/port.js';
import type { SqliteDb } from './db/sqlite.js';

export type KeyedRow = PostingRow & { key: number };

export interface PostingRows {
  /** Write rows of a segment (keys ascending). */
  insert(tx: Queries, seg: number, rows: Iterable<KeyedRow>): Promise<void>;
  /** A segment's rows with a key above `after`, ascending, at most `limit`. */
  page(tx: Queries, seg: number, after: number, limit: number): Promise<KeyedRow[]>;
  /** Delete the rows of these segments. */
  delete(tx: Queries, segs: number[]): Promise<void>;
  /**
   * A merge has read a segment's rows up to `key` (inclusive) and needs them no more: SQLite
   * deletes them at once, so that the rows the merge writes next reuse their pages — else the
   * file grows by the whole merged size and keeps it as free pages. PostgreSQL keeps them until
   * the segment is deleted (deleted rows free no space there before VACUUM anyway).
   */
  release(tx: Queries, seg: number, key: number): Promise<void>;
  /**
   * The rows of each key, segments in document order (`segs`, from search_segments); without
   * `positions`, rows may leave `pos` out.
   */
  read(segs: number[], keys: number[], positions: boolean): Promise<Map<number, PostingRow[]>>;
}

/** Keys are below 2^33: a posting row's id is segment · 2^33 + key. */
const KEY_SPAN = 2 ** 33;
const postingId = (seg: number, key: number) => seg * KEY_SPAN + key;

export function sqlitePostingRows(db: SqliteDb): PostingRows {
  // (Synchronous statements: a segment is hundreds of thousands of rows.)
  return {
    async insert(_tx, seg, rows) {
      const ins = db.statement('INSERT INTO search_postings (id, docs, pos) VALUES (?, ?, ?)');
      for (const r of rows) ins.run(postingId(seg, r.key), r.docs, r.pos);
    },
    async page(_tx, seg, after, limit) {
      const base = seg * KEY_SPAN;
      return db.statement(`SELECT id - ? AS key, docs, pos FROM search_postings WHERE id > ? AND id < ? ORDER BY id LIMIT ?`)
        .all(base, base + after, base + KEY_SPAN, limit) as KeyedRow[];
    },
    async delete(_tx, segs) {
      const del = db.statement('DELETE FROM search_postings WHERE id >= ? AND id < ?');
      for (const s of segs) del.run(s * KEY_SPAN, (s + 1) * KEY_SPAN);
    },
    async release(_tx, seg, key) {
      db.statement('DELETE FROM search_postings WHERE id >= ? AND id <= ?').run(seg * KEY_SPAN, postingId(seg, key));
    },
    async read(segs, keys, positions) {
      const stmt = db.statement(positions ? 'SELECT docs, pos FROM search_postings WHERE id = ?' : 'SELECT docs, NULL AS pos FROM search_postings WHERE id = ?');
      const out = new Map<number, PostingRow[]>();
      for (const key of keys) {
        const rows: PostingRow[] = [];
        for (const seg of segs) {
          const r = stmt.get(postingId(seg, key)) as Row | undefined;
          if (r) rows.push({ docs: r.docs, pos: r.pos });
        }
        out.set(key, rows);
      }
      return out;
    },
  };
}

/** Rows and bytes sent in one insert statement. */
const INSERT_ROWS = 20_000;
const INSERT_BYTES = 8 * 1024 * 1024;

export function pgPostingRows(db: Queries): PostingRows {
  return {
    /**
     * Rows go in batches of at most a few MB as ONE binary parameter (the concatenated bytes) plus
     * offsets and lengths, cut apart by the server: array parameters would travel as hex text,
     * twice the size, and a batch of long lists could build a string of hundreds of MB.
     */
    async insert(tx, seg, rows) {
      let keys: number[] = [];
      let offsets: number[] = [];
      let docLens: number[] = [];
      let posLens: number[] = [];
      let parts: Uint8Array[] = [];
      let bytes = 0;
      const send = async () => {
        if (!keys.length) return;
        await tx.run(
          `INSERT INTO search_postings (seg, key, docs, pos)
           SELECT $1, u.k, substring($2::bytea FROM u.o FOR u.dl), CASE WHEN u.pl < 0 THEN NULL ELSE substring($2::bytea FROM u.o + u.dl FOR u.pl) END
           FROM unnest($3::bigint[], $4::int[], $5::int[], $6::int[]) AS u(k, o, dl, pl)`,
          [seg, Buffer.concat(parts, bytes), keys, offsets, docLens, posLens],
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
    },
    async page(tx, seg, after, limit) {
      return (await tx.all('SELECT key, docs, pos FROM search_postings WHERE seg = ? AND key > ? ORDER BY key LIMIT ?', [seg, after, limit])) as KeyedRow[];
    },
    async delete(tx, segs) {
      await tx.run('DELETE FROM search_postings WHERE seg = ANY(?::int[])', [segs]);
    },
    async release() {},
    async read(_segs, keys) {
      // Every key at once, through the key index; one statement, so one snapshot of the segments.
      const rows = await db.all(
        `SELECT p.key, p.docs, p.pos FROM search_postings p JOIN search_segments s ON s.id = p.seg
         WHERE p.key = ANY(?::bigint[]) ORDER BY p.key, s.min_doc, s.id`,
        [keys],
      );
      const out = new Map<number, PostingRow[]>(keys.map((k) => [k, []]));
      for (const r of rows) out.get(r.key)!.push({ docs: r.docs, pos: r.pos });
      return out;
    },
  };
}
