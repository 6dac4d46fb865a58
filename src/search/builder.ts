/**
 * Builds one index segment in memory from a run of documents, then encodes it as posting rows
 * (see postings.ts). Every character is indexed as a unigram (document and count only) and every
 * pair of adjacent characters as a bigram with its positions; titles get their own non-positional
 * unigram and bigram keys (shifted by TITLE_FIELD) so title matches are found without the text.
 */
import { ByteWriter } from './varint.js';
import { TITLE_FIELD, isPositionalKey } from './normalize.js';
import type { PostingRow } from './postings.js';

interface Slot {
  key: number;
  lastDoc: number;
  docs: number[];
  tfs: number[];
  /** Positions, grouped by document in `docs` order (positional keys only). */
  pos: number[] | null;
}

/** Open-addressing map from numeric key to slot, cheaper than Map for doubles above 2^31. */
class SlotTable {
  private keys = new Float64Array(1 << 16);
  private vals = new Int32Array(1 << 16);
  private mask = (1 << 16) - 1;
  readonly slots: Slot[] = [];

  private static hash(key: number): number {
    const lo = key % 4294967296 | 0;
    const hi = Math.floor(key / 4294967296) | 0;
    return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) ^ (lo >>> 15);
  }

  get(key: number, positional: boolean): Slot {
    let i = SlotTable.hash(key) & this.mask;
    const keys = this.keys;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.slots[this.vals[i]!]!;
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    const slot: Slot = { key, lastDoc: -1, docs: [], tfs: [], pos: positional ? [] : null };
    keys[i] = key;
    this.vals[i] = this.slots.length;
    this.slots.push(slot);
    if (this.slots.length * 2 > this.mask) this.rehash();
    return slot;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.keys = new Float64Array(size);
    this.vals = new Int32Array(size);
    this.mask = size - 1;
    this.slots.forEach((s, v) => {
      let i = SlotTable.hash(s.key) & this.mask;
      while (this.keys[i] !== 0) i = (i + 1) & this.mask;
      this.keys[i] = s.key;
      this.vals[i] = v;
    });
  }
}

export interface EncodedRow extends PostingRow {
  key: number;
  df: number;
}

export class SegmentBuilder {
  private table = new SlotTable();
  /** Unigrams are addressed directly by code unit. */
  private unigrams: (Slot | undefined)[] = new Array(65536);
  readonly docIds: number[] = [];
  /** Indexed characters so far: the flush threshold. */
  positions = 0;

  get size(): number {
    return this.docIds.length;
  }

  /** Add a document (ids must ascend within a builder). `text` and `title` are normalized. */
  add(docId: number, text: string, title: string): void {
    this.docIds.push(docId);
    const n = text.length;
    this.positions += n;
    const uni = this.unigrams;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let u = uni[c];
      if (!u) u = uni[c] = { key: c, lastDoc: -1, docs: [], tfs: [], pos: null };
      if (u.lastDoc !== docId) {
        u.lastDoc = docId;
        u.docs.push(docId);
        u.tfs.push(1);
      } else u.tfs[u.tfs.length - 1]!++;
      if (i + 1 < n) {
        const s = this.table.get(c * 65536 + text.charCodeAt(i + 1), true);
        if (s.lastDoc !== docId) {
          s.lastDoc = docId;
          s.docs.push(docId);
          s.tfs.push(1);
        } else s.tfs[s.tfs.length - 1]!++;
        s.pos!.push(i);
      }
    }
    for (let i = 0; i < title.length; i++) {
      const c = title.charCodeAt(i);
      this.addTitleKey(TITLE_FIELD + c, docId);
      if (i + 1 < title.length) this.addTitleKey(TITLE_FIELD + c * 65536 + title.charCodeAt(i + 1), docId);
    }
  }

  private addTitleKey(key: number, docId: number): void {
    const s = this.table.get(key, false);
    if (s.lastDoc !== docId) {
      s.lastDoc = docId;
      s.docs.push(docId);
      s.tfs.push(1);
    } else s.tfs[s.tfs.length - 1]!++;
  }

  /**
   * The segment's rows in key order. `keep` drops documents (deleted meanwhile, or already indexed
   * by another writer) without rebuilding.
   */
  *rows(keep: (docId: number) => boolean = () => true): Generator<EncodedRow> {
    const slots = this.table.slots.concat(this.unigrams.filter((u): u is Slot => !!u));
    slots.sort((a, b) => a.key - b.key);
    for (const s of slots) {
      const positional = isPositionalKey(s.key);
      const docs = new ByteWriter(s.docs.length * 4 + 8);
      const pos = positional ? new ByteWriter(s.pos!.length * 2 + 8) : null;
      let prev = 0;
      let p = 0;
      let df = 0;
      for (let d = 0; d < s.docs.length; d++) {
        const doc = s.docs[d]!;
        const tf = s.tfs[d]!;
        if (!keep(doc)) {
          p += positional ? tf : 0;
          continue;
        }
        df++;
        docs.varint(doc - prev);
        prev = doc;
        docs.varint(tf);
        if (pos) {
          const before = pos.length;
          let last = 0;
          for (let k = 0; k < tf; k++) {
            const v = s.pos![p++]!;
            pos.varint(v - last);
            last = v;
          }
          docs.varint(pos.length - before);
        }
      }
      if (df) yield { key: s.key, docs: docs.finish(), pos: pos ? pos.finish() : null, df };
    }
  }
}
