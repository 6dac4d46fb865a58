/**
 * Posting lists of the n-gram index, in a storage-neutral binary form (a backend stores them as
 * BLOB / bytea rows keyed by (segment, key)).
 *
 * For each key, a segment holds two byte strings:
 * - `docs`: one entry per document, ascending — the gap to the previous document id, the count
 *   (tf) and, for positional keys (body bigrams), the byte length of this document's positions;
 * - `pos` (positional keys only): per document, tf varints: the first position, then deltas.
 * Positions are offsets into the document's normalized search text. The per-document byte length
 * lets a phrase query jump straight to the positions of the documents it still considers.
 *
 * Two encodings of `docs` are read (rows of both can meet in one archive until a merge rewrites
 * them); every row is written in the second:
 * - v1: varint(gap), varint(tf)[, varint(position bytes)];
 * - v2: a 0x00 byte (v1 can never start with one: its first gap is ≥ 1), varint(entries), then
 *   per document one head varint that usually says everything: most documents hold a key once (≈70 % of the
 *   bigram entries of the benchmark archive) and their one position takes 1–3 bytes.
 *     positional: head = gap·4 + c; c = 0, 1, 2: tf = 1 and c + 1 position bytes;
 *                 c = 3: varint(tf), varint(position bytes − tf) follow;
 *     otherwise:  head = gap·2 + 1 when tf = 1; head = gap·2, varint(tf) otherwise.
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

/** First byte of a v2 `docs` blob. */
const V2 = 0;

/**
 * Writes the `docs` byte string of one key in the v2 encoding: `add` documents in ascending id
 * order, then `finish`; `reset` starts the next key in the same buffer.
 */
export class DocsWriter {
  private readonly w: ByteWriter;
  private prev = 0;
  df = 0;

  constructor(
    private readonly positional: boolean,
    initial = 256,
  ) {
    this.w = new ByteWriter(initial);
    this.reset();
  }

  reset(): void {
    this.w.length = 0;
    this.prev = 0;
    this.df = 0;
  }

  /** `posBytes`: the byte length of the document's positions (positional keys). */
  add(doc: number, tf: number, posBytes = 0): void {
    const gap = doc - this.prev;
    this.prev = doc;
    this.df++;
    const w = this.w;
    if (this.positional) {
      if (tf === 1 && posBytes >= 1 && posBytes <= 3) w.varint(gap * 4 + posBytes - 1);
      else {
        w.varint(gap * 4 + 3);
        w.varint(tf);
        w.varint(posBytes - tf);
      }
    } else if (tf === 1) w.varint(gap * 2 + 1);
    else {
      w.varint(gap * 2);
      w.varint(tf);
    }
  }

  /** The blob: the v2 mark and the entry count, then the entries. */
  finish(): Uint8Array {
    const head = new ByteWriter(8);
    head.bytes(Uint8Array.of(V2));
    head.varint(this.df);
    const out = new Uint8Array(head.length + this.w.length);
    out.set(head.buf.subarray(0, head.length));
    out.set(this.w.buf.subarray(0, this.w.length), head.length);
    return out;
  }
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
 * read with positionsInto when the rows came with their `pos`. Without `offsets` (a 2-character
 * query: documents and counts only) where positions start is not recorded.
 */
/**
 * Which documents a decode keeps: a predicate, or a mask by document id (1 = keep; ids past its
 * end are not kept) — the mask is what a query passes, tested inline in the decoding loop.
 */
export type Live = ((id: number) => boolean) | Uint8Array;

export function decodePostings(rows: readonly PostingRow[], positional: boolean, live: Live, offsets = positional): Postings {
  // Entries: v2 rows say how many; a v1 entry takes at least one byte per value (2 or 3).
  let cap = 0;
  for (const r of rows) cap += r.docs[0] === V2 ? new ByteReader(r.docs, 1).varint() : Math.ceil(r.docs.length / (positional ? 3 : 2));
  const docs = new Int32Array(cap);
  const tfs = new Int32Array(cap);
  const blobIndex = offsets ? new Int32Array(cap) : null;
  const posOffset = offsets ? new Int32Array(cap) : null;
  const blobs: Uint8Array[] = [];
  const mask = live instanceof Uint8Array ? live : null;
  const keep = live instanceof Uint8Array ? (id: number) => id < live.length && live[id] === 1 : live;
  let n = 0;
  let sorted = true;
  for (let b = 0; b < rows.length; b++) {
    const row = rows[b]!;
    if (offsets) blobs.push(row.pos ?? new Uint8Array(0));
    const before = n;
    if (row.docs[0] !== V2) n = decodeV1(row.docs, positional, keep, docs, tfs, blobIndex, posOffset, b, n);
    else {
      const r = new ByteReader(row.docs, 1);
      r.varint(); // the entry count
      n = positional
        ? decodeV2Positional(row.docs, r.pos, mask, keep, docs, tfs, blobIndex, posOffset, b, n)
        : decodeV2Counts(row.docs, r.pos, mask, keep, docs, tfs, n);
    }
    // Within a row documents ascend; rows of overlapping segments may not follow each other.
    if (before > 0 && n > before && docs[before]! <= docs[before - 1]!) sorted = false;
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

// The decoding loops, one per encoding, each a small function of its own: V8 optimizes them
// early and keeps them optimized (one loop inside a large function was compiled on stack and
// thrown away again and again, the bulk of a 1-character query at 100,000 documents). Varints are
// read inline; a damaged row (a varint cut off at the end) reads undefined bytes and is caught
// by the bounds checks below.

/** v2, non-positional: head = gap·2 + 1 (count 1) or gap·2 followed by the count. */
function decodeV2Counts(b: Uint8Array, at: number, mask: Uint8Array | null, live: (id: number) => boolean, docs: Int32Array, tfs: Int32Array, n: number): number {
  const end = b.length;
  let doc = 0;
  while (at < end) {
    let byte = b[at++]!;
    let head = byte & 0x7f;
    for (let mul = 128; byte >= 0x80; mul *= 128) {
      if (at >= end) throw new RangeError('varint read past the end of the buffer');
      byte = b[at++]!;
      head += (byte & 0x7f) * mul;
    }
    let tf = 1;
    if (head % 2 === 0) {
      if (at >= end) throw new RangeError('varint read past the end of the buffer');
      byte = b[at++]!;
      tf = byte & 0x7f;
      for (let mul = 128; byte >= 0x80; mul *= 128) {
        if (at >= end) throw new RangeError('varint read past the end of the buffer');
        byte = b[at++]!;
        tf += (byte & 0x7f) * mul;
      }
    }
    doc += Math.floor(head / 2);
    if (mask ? doc < mask.length && mask[doc] === 1 : live(doc)) {
      docs[n] = doc;
      tfs[n++] = tf;
    }
  }
  return n;
}

/** v2, positional: head = gap·4 + c; c < 3: count 1, c + 1 position bytes; else count and extra bytes follow. */
function decodeV2Positional(
  b: Uint8Array,
  at: number,
  mask: Uint8Array | null,
  live: (id: number) => boolean,
  docs: Int32Array,
  tfs: Int32Array,
  blobIndex: Int32Array | null,
  posOffset: Int32Array | null,
  blob: number,
  n: number,
): number {
  const r = new ByteReader(b, at);
  const end = b.length;
  let doc = 0;
  let off = 0;
  while (r.pos < end) {
    const head = r.varint();
    const c = head % 4;
    doc += (head - c) / 4;
    let tf = 1;
    let bytes = c + 1;
    if (c === 3) {
      tf = r.varint();
      bytes = tf + r.varint();
    }
    if (mask ? doc < mask.length && mask[doc] === 1 : live(doc)) {
      docs[n] = doc;
      tfs[n] = tf;
      if (posOffset) {
        blobIndex![n] = blob;
        posOffset[n] = off;
      }
      n++;
    }
    off += bytes;
  }
  return n;
}

/** v1 (archives written before): varint(gap), varint(tf)[, varint(position bytes)]. */
function decodeV1(
  b: Uint8Array,
  positional: boolean,
  live: (id: number) => boolean,
  docs: Int32Array,
  tfs: Int32Array,
  blobIndex: Int32Array | null,
  posOffset: Int32Array | null,
  blob: number,
  n: number,
): number {
  const r = new ByteReader(b, 0);
  let doc = 0;
  let off = 0;
  while (r.pos < b.length) {
    doc += r.varint();
    const tf = r.varint();
    const bytes = positional ? r.varint() : 0;
    if (live(doc)) {
      docs[n] = doc;
      tfs[n] = tf;
      if (posOffset) {
        blobIndex![n] = blob;
        posOffset[n] = off;
      }
      n++;
    }
    off += bytes;
  }
  return n;
}

/**
 * `p` decoded from `docRows` (rows without positions), given the positions of the same rows
 * (`posRows`, read later): the offsets into them are already known, so nothing is decoded
 * again. Null when the rows differ (the index changed between the two reads).
 */
export function withPositions(p: Postings, docRows: readonly PostingRow[], posRows: readonly PostingRow[]): Postings | null {
  if (docRows.length !== posRows.length) return null;
  for (let i = 0; i < docRows.length; i++) if (!sameBytes(docRows[i]!.docs, posRows[i]!.docs)) return null;
  return { ...p, blobs: posRows.map((r) => r.pos ?? new Uint8Array(0)) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
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
 * What is wrong with a stored row, or null: every entry whole, documents strictly ascending,
 * counts of at least 1 and (positional keys) the position bytes adding up to the `pos` blob.
 * For tests and checks of stored indexes, in either encoding.
 */
export function postingRowProblem(row: PostingRow, positional: boolean): string | null {
  let last = 0;
  let order: string | null = null;
  try {
    const p = decodePostings([row], positional, (doc) => {
      if (doc <= last && !order) order = `documents not strictly ascending at ${doc}`;
      last = doc;
      return true;
    });
    if (order) return order;
    for (let i = 0; i < p.n; i++) if (p.tfs[i]! < 1) return `a count below 1 at document ${p.docs[i]}`;
    if (positional && row.pos) {
      let end = 0;
      if (p.n) {
        const r = new ByteReader(row.pos, p.posOffset![p.n - 1]!);
        for (let k = 0; k < p.tfs[p.n - 1]!; k++) r.varint();
        end = r.pos;
      }
      if (end !== row.pos.length) return `position bytes add up to ${end}, not ${row.pos.length}`;
    }
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/**
 * Merge the rows of one key from several segments into one row, dropping documents that are no
 * longer live. Position bytes are copied, never re-encoded. Null when no live document remains.
 */
export function mergeRows(rows: readonly PostingRow[], positional: boolean, live: (id: number) => boolean): (PostingRow & { df: number }) | null {
  const joined = joinRows(rows, positional, live);
  if (joined) return joined;
  const p = decodePostings(rows, positional, live);
  if (p.n === 0) return null;
  const docs = new DocsWriter(positional, Math.max(16, p.n * 3));
  const pos = positional ? new ByteWriter(Math.max(16, p.n * 4)) : null;
  for (let i = 0; i < p.n; i++) {
    if (!pos) {
      docs.add(p.docs[i]!, p.tfs[i]!);
      continue;
    }
    const blob = p.blobs[p.blobIndex![i]!]!;
    const start = p.posOffset![i]!;
    const r = new ByteReader(blob, start);
    for (let k = 0; k < p.tfs[i]!; k++) r.varint();
    docs.add(p.docs[i]!, p.tfs[i]!, r.pos - start);
    pos.bytes(blob.subarray(start, r.pos));
  }
  return { docs: docs.finish(), pos: pos ? pos.finish() : null, df: p.n };
}

/**
 * mergeRows of rows that follow each other — every row v2, every document live, each row's
 * documents after the previous row's, as a bulk load's merges find them: the merged entries are
 * the rows' own bytes one after another, only each later row's first head written again (its gap
 * counts from the previous row's last document), and the positions the rows' positions joined.
 * The same bytes as decoding and encoding again (the encoding is canonical), without building the
 * list. Null when the rows are not such.
 */
function joinRows(rows: readonly PostingRow[], positional: boolean, live: (id: number) => boolean): (PostingRow & { df: number }) | null {
  let entries = 0;
  let docBytes = 0;
  let posBytes = 0;
  // Per row with entries: where its first head ends, that head, its first and last document.
  const parts: { row: PostingRow; afterHead: number; head: number; first: number; last: number }[] = [];
  // A head's gap to the previous document (head = gap·4 + c positional, gap·2 + flag otherwise).
  const gapOf = (head: number): number => (positional ? (head - (head % 4)) / 4 : Math.floor(head / 2));
  let last = 0;
  for (const row of rows) {
    const b = row.docs;
    if (b[0] !== V2 || (positional && !row.pos)) return null;
    const r = new ByteReader(b, 1);
    const count = r.varint();
    if (count === 0) continue;
    const part = { row, afterHead: 0, head: 0, first: 0, last: 0 };
    let doc = 0;
    let rowPosBytes = 0;
    for (let k = 0; k < count; k++) {
      const h = r.varint();
      doc += gapOf(h);
      if (k === 0) {
        if (doc <= last) return null;
        Object.assign(part, { afterHead: r.pos, head: h, first: doc });
      }
      if (!live(doc)) return null;
      rowPosBytes += skipEntryTail(r, h, positional);
    }
    if (r.pos !== b.length || (positional && rowPosBytes !== row.pos!.length)) return null;
    part.last = doc;
    parts.push(part);
    entries += count;
    docBytes += b.length;
    posBytes += row.pos?.length ?? 0;
    last = doc;
  }
  if (entries === 0) return null;
  const w = new ByteWriter(docBytes + 16);
  w.bytes(Uint8Array.of(V2));
  w.varint(entries);
  const pos = positional ? new ByteWriter(posBytes + 1) : null;
  let prev = 0;
  for (const part of parts) {
    // Each row's first head again, its gap now from the previous row's last document (the first
    // row's is its own head: the encoding is canonical).
    const gap = part.first - prev;
    w.varint(positional ? gap * 4 + (part.head % 4) : gap * 2 + (part.head % 2));
    w.bytes(part.row.docs.subarray(part.afterHead));
    pos?.bytes(part.row.pos!);
    prev = part.last;
  }
  return { docs: w.finish(), pos: pos ? pos.finish() : null, df: entries };
}

/**
 * Past what follows an entry's head — the count and extra position bytes (positional, c = 3), or
 * the count (head even); returns the entry's position bytes (positional).
 */
function skipEntryTail(r: ByteReader, head: number, positional: boolean): number {
  if (positional) {
    if (head % 4 !== 3) return (head % 4) + 1;
    const tf = r.varint();
    return tf + r.varint();
  }
  if (head % 2 === 0) r.varint();
  return 0;
}
