/**
 * Phrase verification: which candidate documents hold a text of n ≥ 3 characters, and how often,
 * from the positions of a covering set of its bigrams (see cheapestCover in engine.ts). A start p
 * matches when every cover bigram stands at p + its offset.
 *
 * Positions are decoded lazily, one varint at a time and only as far as a check needs: the
 * anchor (the cover bigram with the fewest positions in the document) is walked whole, every
 * other list only up to the last start it is asked about. When all bigrams of a phrase are
 * frequent (泉市人民: every candidate holds 人民 dozens of times), decoding every position of every
 * cover list was most of the query.
 */
import type { Postings } from './postings.js';

/** Matching documents, ids ascending, with the phrase's occurrence count in each. */
export interface PhraseMatch {
  docs: Int32Array;
  tfs: Int32Array;
}

/**
 * The candidates (ids ascending, each in every list of `lists`) in which the bigrams of `lists`
 * stand at the offsets `cover` from one start, with the number of such starts.
 */
export function verifyCover(cand: Int32Array, cover: readonly number[], lists: readonly Postings[]): PhraseMatch {
  if (cover.length === 2) return verifyPair(cand, cover[1]! - cover[0]!, lists[0]!, lists[1]!);
  const K = cover.length;
  const cursors = new Int32Array(K);
  const at = new Int32Array(K);
  // Per list, in the current document: the byte at which the next position starts, how many
  // positions are left, and the last one decoded.
  const next = new Int32Array(K);
  const left = new Int32Array(K);
  const cur = new Float64Array(K);
  const docs = new Int32Array(cand.length);
  const tfs = new Int32Array(cand.length);
  let found = 0;
  for (let c = 0; c < cand.length; c++) {
    const doc = cand[c]!;
    // The anchor: the cover bigram with the fewest positions in this document.
    let anchor = 0;
    for (let k = 0; k < K; k++) {
      const list = lists[k]!;
      // Candidates ascend, so each list's cursor only moves forward (usually a few steps).
      const i = seek(list.docs, list.n, cursors[k]!, doc);
      cursors[k] = at[k] = i;
      next[k] = list.posOffset![i]!;
      left[k] = list.tfs[i]!;
      cur[k] = -1;
      if (list.tfs[i]! < lists[anchor]!.tfs[at[anchor]!]!) anchor = k;
    }
    const base = cover[anchor]!;
    const anchorBlob = lists[anchor]!.blobs[lists[anchor]!.blobIndex![at[anchor]!]!]!;
    let anchorAt = next[anchor]!;
    let anchorPos = 0;
    let tf = 0;
    outer: for (let a = left[anchor]!; a > 0; a--) {
      // Next anchor position (a varint delta).
      let byte = anchorBlob[anchorAt++]!;
      let x = byte & 0x7f;
      let mul = 128;
      while (byte >= 0x80) {
        byte = anchorBlob[anchorAt++]!;
        x += (byte & 0x7f) * mul;
        mul *= 128;
      }
      anchorPos += x;
      const p = anchorPos - base;
      if (p < 0) continue;
      for (let k = 0; k < K; k++) {
        if (k === anchor) continue;
        const want = p + cover[k]!;
        let v = cur[k]!;
        if (v < want) {
          // Decode this list's positions up to `want`; past its last one, no later start matches.
          const list = lists[k]!;
          const blob = list.blobs[list.blobIndex![at[k]!]!]!;
          let pos = next[k]!;
          let n = left[k]!;
          let val = v < 0 ? 0 : v;
          while (val < want && n > 0) {
            let b = blob[pos++]!;
            let y = b & 0x7f;
            let m = 128;
            while (b >= 0x80) {
              b = blob[pos++]!;
              y += (b & 0x7f) * m;
              m *= 128;
            }
            val += y;
            n--;
          }
          next[k] = pos;
          left[k] = n;
          cur[k] = v = val;
          if (val < want) break outer;
        }
        if (v !== want) continue outer;
      }
      tf++;
    }
    if (tf) {
      docs[found] = doc;
      tfs[found++] = tf;
    }
  }
  return { docs: docs.subarray(0, found), tfs: tfs.subarray(0, found) };
}

/**
 * The cover of two bigrams (every text of 3 or 4 characters, and longer ones whose middle is
 * frequent): bigram `a` at p, bigram `b` at p + `gap`. The same walk as verifyCover with the
 * lists in locals — the common case of a 4-character query over 90,000 candidates.
 */
function verifyPair(cand: Int32Array, gap: number, a: Postings, b: Postings): PhraseMatch {
  const aDocs = a.docs;
  const aTfs = a.tfs;
  const aBlob = a.blobIndex!;
  const aOff = a.posOffset!;
  const bDocs = b.docs;
  const bTfs = b.tfs;
  const bBlob = b.blobIndex!;
  const bOff = b.posOffset!;
  const docs = new Int32Array(cand.length);
  const tfs = new Int32Array(cand.length);
  let found = 0;
  let ia = 0;
  let ib = 0;
  for (let c = 0; c < cand.length; c++) {
    const doc = cand[c]!;
    ia = seek(aDocs, a.n, ia, doc);
    ib = seek(bDocs, b.n, ib, doc);
    const tf = aTfs[ia]! <= bTfs[ib]!
      ? countPairs(a.blobs[aBlob[ia]!]!, aOff[ia]!, aTfs[ia]!, b.blobs[bBlob[ib]!]!, bOff[ib]!, bTfs[ib]!, gap)
      : countPairs(b.blobs[bBlob[ib]!]!, bOff[ib]!, bTfs[ib]!, a.blobs[aBlob[ia]!]!, aOff[ia]!, aTfs[ia]!, -gap);
    if (tf) {
      docs[found] = doc;
      tfs[found++] = tf;
    }
  }
  return { docs: docs.subarray(0, found), tfs: tfs.subarray(0, found) };
}

/** Index of `doc` in `docs` (present, at or after `from`): a gallop, then a binary search. */
function seek(docs: Int32Array, n: number, from: number, doc: number): number {
  if (docs[from]! >= doc) return from;
  let step = 1;
  while (from + step < n && docs[from + step]! < doc) step *= 2;
  let lo = from + (step >> 1);
  let hi = Math.min(from + step, n - 1);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many positions x of the anchor list (`an` varints from `ab`[`aAt`]) have x + `delta` among
 * the other list's (`on` from `ob`[`oAt`]), the other list decoded only as far as needed.
 */
function countPairs(ab: Uint8Array, aAt: number, an: number, ob: Uint8Array, oAt: number, on: number, delta: number): number {
  let x = 0;
  let y = -1;
  let tf = 0;
  for (; an > 0; an--) {
    let byte = ab[aAt++]!;
    let v = byte & 0x7f;
    for (let mul = 128; byte >= 0x80; mul *= 128) {
      byte = ab[aAt++]!;
      v += (byte & 0x7f) * mul;
    }
    x += v;
    const want = x + delta;
    if (want < 0) continue;
    while (y < want) {
      if (on === 0) return tf;
      byte = ob[oAt++]!;
      v = byte & 0x7f;
      for (let mul = 128; byte >= 0x80; mul *= 128) {
        byte = ob[oAt++]!;
        v += (byte & 0x7f) * mul;
      }
      y = y < 0 ? v : y + v;
      on--;
    }
    if (y === want) tf++;
  }
  return tf;
}
