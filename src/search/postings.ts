/**
 * Posting lists of the n-gram index, in a storage-neutral binary form (a backend stores them as
 * BLOB / bytea rows keyed by (segment, key)).
 *
 * For each key, a segment holds two byte strings:
 * - `docs`: per document, varint(docId − previous docId), varint(tf) and, for positional keys
 *   (body bigrams), varint(byte length of this document's positions);
 * - `pos` (positional keys only): per document, tf varints: the first position, then deltas.
 * Positions are offsets into the document's normalized search text. The per-document byte length
 * lets a phrase query jump straight to the positions of the documents it still considers.
 */
import { ByteReader, ByteWriter } from './varint.js';

/** One stored row of a key: what a backend returns for a (segment, key) lookup. */
export interface PostingRow {
  docs: Uint8Array;
  /** Null for non-positional keys, and when the caller did not ask for positions. */
  pos: Uint8Array | null;
}

/** The posting list of one key over all segments, decoded, documents ascending. */
export interface Postings {
  n: number;
  docs: Int32Array;
  tfs: Int32Array;
  /** Positional lists only: which blob and where in it each document's positions start. */
  blobIndex: Int32Array | null;
  posOffset: Int32Array | null;
  blobs: Uint8Array[];
}

export const EMPTY_POSTINGS: Postings = {
  n: 0,
  docs: new Int32Array(0),
  tfs: new Int32Array(0),
  blobIndex: null,
  posOffset: null,
  blobs: [],
};

/**
 * Decode the rows of one key (segments in ascending document order), keeping only documents for
 * which `live(docId)` holds (deleted documents stay in old segments until a merge drops them).
 * `positional` says the key is a body bigram (entries carry a byte length); positions can then be
 * read with positionsInto when the rows came with their `pos`.
 */
export function decodePostings(rows: readonly PostingRow[], positional: boolean, live: (id: number) => boolean): Postings {
  // Each entry takes at least one byte per value (2 or 3 values): an upper bound on entries.
  let cap = 0;
  for (const r of rows) cap += Math.ceil(r.docs.length / (positional ? 3 : 2));
  const docs = new Int32Array(cap);
  const tfs = new Int32Array(cap);
  const blobIndex = positional ? new Int32Array(cap) : null;
  const posOffset = positional ? new Int32Array(cap) : null;
  const blobs: Uint8Array[] = [];
  let n = 0;
  let sorted = true;
  let last = -1;
  for (let b = 0; b < rows.length; b++) {
    const row = rows[b]!;
    if (positional) blobs.push(row.pos ?? new Uint8Array(0));
    const r = new ByteReader(row.docs);
    let doc = 0;
    let off = 0;
    const end = row.docs.length;
    while (r.pos < end) {
      doc += r.varint();
      const tf = r.varint();
      const bytes = positional ? r.varint() : 0;
      if (live(doc)) {
        if (doc <= last) sorted = false;
        last = doc;
        docs[n] = doc;
        tfs[n] = tf;
        if (positional) {
          blobIndex![n] = b;
          posOffset![n] = off;
        }
        n++;
      }
      off += bytes;
    }
  }
  const out: Postings = {
    n,
    docs: docs.subarray(0, n),
    tfs: tfs.subarray(0, n),
    blobIndex: blobIndex ? blobIndex.subarray(0, n) : null,
    posOffset: posOffset ? posOffset.subarray(0, n) : null,
    blobs,
  };
  return sorted ? out : sortPostings(out);
}

/** Overlapping segments (two writers at once) can interleave documents: sort, drop repeats. */
function sortPostings(p: Postings): Postings {
  const order = Array.from({ length: p.n }, (_, i) => i).sort((a, b) => p.docs[a]! - p.docs[b]!);
  const docs = new Int32Array(p.n);
  const tfs = new Int32Array(p.n);
  const blobIndex = p.blobIndex ? new Int32Array(p.n) : null;
  const posOffset = p.posOffset ? new Int32Array(p.n) : null;
  let n = 0;
  for (const i of order) {
    if (n > 0 && docs[n - 1] === p.docs[i]) continue;
    docs[n] = p.docs[i]!;
    tfs[n] = p.tfs[i]!;
    if (blobIndex) blobIndex[n] = p.blobIndex![i]!;
    if (posOffset) posOffset[n] = p.posOffset![i]!;
    n++;
  }
  return {
    n,
    docs: docs.subarray(0, n),
    tfs: tfs.subarray(0, n),
    blobIndex: blobIndex?.subarray(0, n) ?? null,
    posOffset: posOffset?.subarray(0, n) ?? null,
    blobs: p.blobs,
  };
}

/**
 * Decode the positions of the i-th document into `buf` (grown when too small); returns the
 * buffer and leaves the count in `p.tfs[i]`. No allocation in the common case.
 */
export function positionsInto(p: Postings, i: number, buf: Int32Array): Int32Array {
  const tf = p.tfs[i]!;
  if (buf.length < tf) buf = new Int32Array(Math.max(tf, buf.length * 2));
  const b = p.blobs[p.blobIndex![i]!]!;
  let at = p.posOffset![i]!;
  let v = 0;
  for (let k = 0; k < tf; k++) {
    let byte = b[at++]!;
    let x = byte & 0x7f;
    let mul = 128;
    while (byte >= 0x80) {
      byte = b[at++]!;
      x += (byte & 0x7f) * mul;
      mul *= 128;
    }
    v += x;
    buf[k] = v;
  }
  return buf;
}

/** Index of `doc` in the posting list, or −1 (binary search from `from`). */
export function findDoc(p: Postings, doc: number, from = 0): number {
  let lo = from;
  let hi = p.n - 1;
  const d = p.docs;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = d[mid]!;
    if (v === doc) return mid;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Merge the rows of one key from several segments into one row, dropping documents that are no
 * longer live. Position bytes are copied, never re-encoded. Null when no live document remains.
 */
export function mergeRows(rows: readonly PostingRow[], positional: boolean, live: (id: number) => boolean): (PostingRow & { df: number }) | null {
  const p = decodePostings(rows, positional, live);
  if (p.n === 0) return null;
  const docs = new ByteWriter(Math.max(16, p.n * 4));
  const pos = positional ? new ByteWriter(Math.max(16, p.n * 4)) : null;
  let prev = 0;
  for (let i = 0; i < p.n; i++) {
    const doc = p.docs[i]!;
    docs.varint(doc - prev);
    prev = doc;
    docs.varint(p.tfs[i]!);
    if (pos) {
      const blob = p.blobs[p.blobIndex![i]!]!;
      const start = p.posOffset![i]!;
      const r = new ByteReader(blob, start);
      for (let k = 0; k < p.tfs[i]!; k++) r.varint();
      docs.varint(r.pos - start);
      pos.bytes(blob.subarray(start, r.pos));
    }
  }
  return { docs: docs.finish(), pos: pos ? pos.finish() : null, df: p.n };
}
