/**
 * Posting rows read from the database, kept in memory for one archive generation (any committed
 * write starts a new cache), bounded by bytes, least recently used dropped first: a server
 * answering the same frequent bigrams does not read and copy them out of the database on every
 * request. Both backends use it.
 */
import type { PostingRow } from './postings.js';

export interface PostingCacheOptions {
  /** Bytes of posting rows kept (default 256 MiB). */
  maxBytes?: number;
}

/** Posting rows of one archive generation, least recently used dropped first. */
export class PostingCache {
  readonly map = new Map<number, { rows: PostingRow[]; bytes: number }>();
  bytes = 0;
  constructor(
    readonly generation: string,
    private readonly maxBytes: number,
  ) {}

  get(key: number): PostingRow[] | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.rows;
  }

  set(key: number, rows: PostingRow[]): void {
    const bytes = rows.reduce((n, r) => n + r.docs.length + (r.pos?.length ?? 0) + 64, 64);
    if (bytes > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, { rows, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.bytes;
    }
  }
}

