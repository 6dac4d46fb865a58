/**
 * Builds one index segment in memory from a run of documents, then encodes it as posting rows
 * (see postings.ts). Every character is indexed as a unigram (document and count only) and every
 * pair of adjacent characters as a bigram with its positions; titles get their own non-positional
 * unigram and bigram keys (shifted by TITLE_FIELD) so title matches are found without the text.
 *
 * Speed matters here (every character of the archive passes through `add`): bigram occurrences
 * are appended to flat typed arrays (slot, document, position) and grouped by a counting sort when
 * the segment is encoded, instead of growing one array per key.
 */
import { ByteWriter } from './varint.js';
import { TITLE_FIELD } from './normalize.js';
import { DocsWriter, type PostingRow } from './postings.js';

/** Open-addressing map from a 32-bit bigram key (c1·2^16 + c2, never 0) to a dense slot number. */
class KeyTable {
  keys = new Uint32Array(1 << 16);
  vals = new Int32Array(1 << 16);
  mask = (1 << 16) - 1;
  /** Fibonacci hashing: the top `bits` bits of key·φ. */
  shift = 32 - 16;
  size = 0;
  /** Slot → key. */
  slotKeys = new Uint32Array(1 << 15);

  slot(key: number): number {
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    const keys = this.keys;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.vals[i]!;
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    const s = this.size++;
    keys[i] = key;
    this.vals[i] = s;
    if (s >= this.slotKeys.length) {
      const next = new Uint32Array(this.slotKeys.length * 2);
      next.set(this.slotKeys);
      this.slotKeys = next;
    }
    this.slotKeys[s] = key;
    if (this.size * 2 > this.mask) this.rehash();
    return s;
  }

  /** Empty, keeping its size: the next segment has about as many keys. */
  clear(): void {
    this.keys.fill(0);
    this.size = 0;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.keys = new Uint32Array(size);
    this.vals = new Int32Array(size);
    this.mask = size - 1;
    this.shift--;
    for (let s = 0; s < this.size; s++) {
      const key = this.slotKeys[s]!;
      let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = key;
      this.vals[i] = s;
    }
  }
}

/** A growable Int32Array. */
class IntList {
  a: Int32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const next = new Int32Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.n++] = v;
  }
  ensure(extra: number): void {
    if (this.n + extra > this.a.length) {
      let cap = this.a.length * 2;
      while (cap < this.n + extra) cap *= 2;
      const next = new Int32Array(cap);
      next.set(this.a.subarray(0, this.n));
      this.a = next;
    }
  }
}

export interface EncodedRow extends PostingRow {
  key: number;
  df: number;
}

export class SegmentBuilder {
  private table = new KeyTable();
  // Bigram occurrences in order of addition: slot, document ordinal, position.
  private occSlot = new IntList(1 << 16);
  private occDoc = new IntList(1 << 16);
  private occPos = new IntList(1 << 16);
  // Unigram entries: code unit, document ordinal, count (one per distinct character per document).
  private uniKey = new IntList(1 << 14);
  private uniDoc = new IntList(1 << 14);
  private uniTf = new IntList(1 << 14);
  private uniCount = new Int32Array(65536);
  // Title keys → documents and counts.
  private titles = new Map<number, { docs: number[]; tfs: number[] }>();
  private docIdList: number[] = [];
  /** Indexed characters so far: the flush threshold. */
  positions = 0;
  /**
   * The encode's bigram occurrences sorted by key (document, position pairs), kept for the next
   * segment's. Each encode fills what it reads, so two reads of one builder's rows agree.
   */
  private scratch = new Int32Array(0);

  /** Ids added, in order. */
  get docIds(): number[] {
    return this.docIdList;
  }

  /**
   * Empty the builder for the next segment, keeping its arrays: a builder made new for every
   * segment grew its occurrence arrays from 64 K entries to the segment's millions again, each
   * doubling a fresh zeroed array and a copy (a sixth of building a segment). Only once this
   * segment's rows have all been read.
   */
  reset(): void {
    this.table.clear();
    for (const l of [this.occSlot, this.occDoc, this.occPos, this.uniKey, this.uniDoc, this.uniTf]) l.n = 0;
    this.titles = new Map();
    this.docIdList = [];
    this.positions = 0;
  }

  get size(): number {
    return this.docIds.length;
  }

  /** Add a document (ids must ascend within a builder). `text` and `title` are normalized. */
  add(docId: number, text: string, title: string): void {
    const ord = this.docIdList.length;
    this.docIdList.push(docId);
    const n = text.length;
    this.positions += n;
    const table = this.table;
    const slots = this.occSlot;
    const docs = this.occDoc;
    const pos = this.occPos;
    slots.ensure(n);
    docs.ensure(n);
    pos.ensure(n);
    const sa = slots.a;
    const da = docs.a;
    const pa = pos.a;
    let w = slots.n;
    const uni = this.uniCount;
    const touched: number[] = [];
    let prev = n ? text.charCodeAt(0) : 0;
    for (let i = 0; i < n; i++) {
      const c = prev;
      if (uni[c]++ === 0) touched.push(c);
      if (i + 1 < n) {
        const next = text.charCodeAt(i + 1);
        sa[w] = table.slot(((c << 16) | next) >>> 0);
        da[w] = ord;
        pa[w] = i;
        w++;
        prev = next;
      }
    }
    slots.n = docs.n = pos.n = w;
    for (const c of touched) {
      this.uniKey.push(c);
      this.uniDoc.push(ord);
      this.uniTf.push(uni[c]!);
      uni[c] = 0;
    }
    // Title keys: unigrams and bigrams, counted per title.
    const tk = new Map<number, number>();
    for (let i = 0; i < title.length; i++) {
      const c = title.charCodeAt(i);
      tk.set(TITLE_FIELD + c, (tk.get(TITLE_FIELD + c) ?? 0) + 1);
      if (i + 1 < title.length) {
        const k = TITLE_FIELD + c * 65536 + title.charCodeAt(i + 1);
        tk.set(k, (tk.get(k) ?? 0) + 1);
      }
    }
    for (const [k, tf] of tk) {
      let e = this.titles.get(k);
      if (!e) this.titles.set(k, (e = { docs: [], tfs: [] }));
      e.docs.push(ord);
      e.tfs.push(tf);
    }
  }

  /**
   * The segment's rows in key order. `keep` drops documents (deleted meanwhile, or already indexed
   * by another writer) without rebuilding.
   */
  *rows(keep: (docId: number) => boolean = () => true): Generator<EncodedRow> {
    const kept = this.docIds.map((id) => keep(id));
    const ids = this.docIds;
    const uniW = new DocsWriter(false, 1 << 16);
    const bigramW = new DocsWriter(true, 1 << 16);
    const posW = new ByteWriter(1 << 16);

    // Unigrams (keys < 2^16): counting sort by character, stable, so documents stay in order.
    {
      const n = this.uniKey.n;
      const ka = this.uniKey.a;
      const start = new Int32Array(65537);
      for (let i = 0; i < n; i++) start[ka[i]! + 1]!++;
      for (let c = 0; c < 65536; c++) start[c + 1]! += start[c]!;
      const order = new Int32Array(n);
      const fill = start.slice(0, 65536);
      for (let i = 0; i < n; i++) order[fill[ka[i]!]!++] = i;
      for (let c = 0; c < 65536; c++) {
        if (start[c] === start[c + 1]) continue;
        uniW.reset();
        for (let j = start[c]!; j < start[c + 1]!; j++) {
          const e = order[j]!;
          const ord = this.uniDoc.a[e]!;
          if (kept[ord]) uniW.add(ids[ord]!, this.uniTf.a[e]!);
        }
        if (uniW.df) yield { key: c, docs: uniW.finish(), pos: null, df: uniW.df };
      }
    }

    // Bigrams (2^16 ≤ key < 2^32): counting sort of occurrences by slot, then slots by key.
    {
      const S = this.table.size;
      const occN = this.occSlot.n;
      const sa = this.occSlot.a;
      const da = this.occDoc.a;
      const pa = this.occPos.a;
      const start = new Int32Array(S + 1);
      for (let i = 0; i < occN; i++) start[sa[i]! + 1]!++;
      for (let s = 0; s < S; s++) start[s + 1]! += start[s]!;
      // Scatter documents and positions themselves (not indices): encoding then reads in order.
      // Side by side (document, position), so that each scattered write touches one place in memory.
      if (this.scratch.length < 2 * occN) this.scratch = new Int32Array(2 * occN);
      const sOcc = this.scratch;
      const fill = start.slice(0, S);
      for (let i = 0; i < occN; i++) {
        const at = 2 * fill[sa[i]!]!++;
        sOcc[at] = da[i]!;
        sOcc[at + 1] = pa[i]!;
      }
      const slotKeys = this.table.slotKeys;
      const slotOrder = new Int32Array(S);
      for (let s = 0; s < S; s++) slotOrder[s] = s;
      slotOrder.sort((a, b) => slotKeys[a]! - slotKeys[b]!);
      for (const s of slotOrder) {
        bigramW.reset();
        posW.length = 0;
        const end = start[s + 1]!;
        let j = start[s]!;
        while (j < end) {
          const ord = sOcc[2 * j]!;
          let k = j;
          while (k < end && sOcc[2 * k] === ord) k++;
          if (kept[ord]) {
            const before = posW.length;
            let last = 0;
            for (let q = j; q < k; q++) {
              const p = sOcc[2 * q + 1]!;
              posW.varint(p - last);
              last = p;
            }
            bigramW.add(ids[ord]!, k - j, posW.length - before);
          }
          j = k;
        }
        if (bigramW.df) yield { key: slotKeys[s]!, docs: bigramW.finish(), pos: posW.finish(), df: bigramW.df };
      }
    }

    // Title keys (≥ 2^32).
    for (const key of [...this.titles.keys()].sort((a, b) => a - b)) {
      const e = this.titles.get(key)!;
      uniW.reset();
      e.docs.forEach((ord, i) => {
        if (kept[ord]) uniW.add(ids[ord]!, e.tfs[i]!);
      });
      if (uniW.df) yield { key, docs: uniW.finish(), pos: null, df: uniW.df };
    }
  }
}
