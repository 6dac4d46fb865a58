/**
 * A segment's encoded rows (builder.ts) as a few flat arrays, so that a thread can hand them over
 * by moving buffers instead of cloning hundreds of thousands of small objects (src/store/segment-thread.ts).
 * Keys go as doubles (title keys are ≥ 2^32); a row without positions has an empty `pos` range
 * and `hasPos` 0.
 */
import type { EncodedRow } from './builder.js';

export interface RowBatch {
  keys: Float64Array;
  df: Int32Array;
  hasPos: Uint8Array;
  /** End offsets of each row's bytes in `docs` and `pos`. */
  docsEnd: Int32Array;
  posEnd: Int32Array;
  docs: Uint8Array;
  pos: Uint8Array;
}

export function packRows(rows: Iterable<EncodedRow>): RowBatch {
  const list = [...rows];
  const n = list.length;
  const keys = new Float64Array(n);
  const df = new Int32Array(n);
  const hasPos = new Uint8Array(n);
  const docsEnd = new Int32Array(n);
  const posEnd = new Int32Array(n);
  let docsBytes = 0;
  let posBytes = 0;
  for (const r of list) {
    docsBytes += r.docs.length;
    posBytes += r.pos?.length ?? 0;
  }
  const docs = new Uint8Array(docsBytes);
  const pos = new Uint8Array(posBytes);
  let d = 0;
  let p = 0;
  list.forEach((r, i) => {
    keys[i] = r.key;
    df[i] = r.df;
    docs.set(r.docs, d);
    docsEnd[i] = d += r.docs.length;
    if (r.pos) {
      hasPos[i] = 1;
      pos.set(r.pos, p);
      p += r.pos.length;
    }
    posEnd[i] = p;
  });
  return { keys, df, hasPos, docsEnd, posEnd, docs, pos };
}

/** The buffers a batch can move to another thread. */
export const rowBatchBuffers = (b: RowBatch): ArrayBuffer[] =>
  [b.keys, b.df, b.hasPos, b.docsEnd, b.posEnd, b.docs, b.pos].map((a) => a.buffer as ArrayBuffer);

/** The rows again, as views into the batch's buffers (no copy). */
export function unpackRows(b: RowBatch): EncodedRow[] {
  const out: EncodedRow[] = new Array(b.keys.length);
  let d = 0;
  let p = 0;
  for (let i = 0; i < b.keys.length; i++) {
    const docs = b.docs.subarray(d, (d = b.docsEnd[i]!));
    const pos = b.hasPos[i] ? b.pos.subarray(p, b.posEnd[i]!) : null;
    p = b.posEnd[i]!;
    out[i] = { key: b.keys[i]!, df: b.df[i]!, docs, pos };
  }
  return out;
}
