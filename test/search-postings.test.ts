/**
 * The posting blob format (src/search/postings.ts): rows written now (v2) decode to what was
 * written, rows of archives written before (v1) still decode the same, and a merge of both kinds
 * gives one v2 row with the same documents, counts and positions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocsWriter, decodePostings, mergeRows, positionsInto, postingRowProblem, type PostingRow } from '../src/search/postings.js';
import { ByteWriter } from '../src/search/varint.js';

interface Entry {
  doc: number;
  positions: number[];
}

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647);
}

/** Documents from `first` on, mostly holding the key once, some often, positions up to 3 million. */
function entries(r: () => number, first: number, n: number): Entry[] {
  const out: Entry[] = [];
  let doc = first;
  for (let i = 0; i < n; i++) {
    doc += 1 + Math.floor(r() ** 4 * 70_000);
    const tf = r() < 0.7 ? 1 : 1 + Math.floor(r() ** 3 * 300);
    const positions: number[] = [];
    let p = Math.floor(r() ** 6 * 3_000_000);
    for (let k = 0; k < tf; k++) {
      positions.push(p);
      p += 1 + Math.floor(r() ** 3 * 20_000);
    }
    out.push({ doc, positions });
  }
  return out;
}

function encodeV2(list: Entry[], positional: boolean): PostingRow {
  const docs = new DocsWriter(positional);
  const pos = new ByteWriter();
  for (const e of list) {
    const before = pos.length;
    positionBytes(pos, e.positions);
    docs.add(e.doc, e.positions.length, pos.length - before);
  }
  return { docs: docs.finish(), pos: positional ? pos.finish() : null };
}

/** The encoding of archives written before v2: varint(gap), varint(tf)[, varint(position bytes)]. */
function encodeV1(list: Entry[], positional: boolean): PostingRow {
  const docs = new ByteWriter();
  const pos = new ByteWriter();
  let prev = 0;
  for (const e of list) {
    docs.varint(e.doc - prev);
    prev = e.doc;
    docs.varint(e.positions.length);
    const before = pos.length;
    positionBytes(pos, e.positions);
    if (positional) docs.varint(pos.length - before);
  }
  return { docs: docs.finish(), pos: positional ? pos.finish() : null };
}

function positionBytes(w: ByteWriter, positions: number[]): void {
  let last = 0;
  for (const p of positions) {
    w.varint(p - last);
    last = p;
  }
}

function assertDecodes(rows: PostingRow[], expected: Entry[], positional: boolean, what: string): void {
  const p = decodePostings(rows, positional, () => true);
  assert.equal(p.n, expected.length, what);
  assert.deepEqual([...p.docs], expected.map((e) => e.doc), what);
  assert.deepEqual([...p.tfs], expected.map((e) => e.positions.length), what);
  if (!positional) return;
  let buf: Int32Array = new Int32Array(4);
  expected.forEach((e, i) => {
    buf = positionsInto(p, i, buf);
    assert.deepEqual([...buf.subarray(0, p.tfs[i]!)], e.positions, `${what}: positions of document ${e.doc}`);
  });
}

test('v2 rows decode to the documents, counts and positions written (positions of 1–4 bytes)', () => {
  const r = rng(3);
  for (const positional of [true, false]) {
    const list = entries(r, 0, 3000);
    assertDecodes([encodeV2(list, positional)], list, positional, `v2 positional=${positional}`);
  }
});

test('v1 rows (archives written before) decode the same; a merge of v1 and v2 rows gives one v2 row', () => {
  const r = rng(11);
  for (const positional of [true, false]) {
    const a = entries(r, 0, 2000);
    const b = entries(r, a[a.length - 1]!.doc, 2000);
    const v1 = encodeV1(a, positional);
    const v2 = encodeV2(b, positional);
    assert.notEqual(v1.docs[0], 0, 'a v1 row never starts with the v2 mark');
    assertDecodes([v1], a, positional, 'v1');
    assertDecodes([v1, v2], [...a, ...b], positional, 'v1 then v2');
    // Dropping every third document on the way, as a merge drops deleted ones.
    const live = (id: number) => id % 3 !== 0;
    const merged = mergeRows([v1, v2], positional, live)!;
    assert.equal(merged.docs[0], 0, 'merged rows are v2');
    const kept = [...a, ...b].filter((e) => live(e.doc));
    assert.equal(merged.df, kept.length);
    assertDecodes([merged], kept, positional, 'merged');
  }
});

test('a merge of rows that follow each other, all live, is the rows joined: the bytes of the whole list encoded', () => {
  const r = rng(17);
  for (const positional of [true, false]) {
    const parts: Entry[][] = [];
    let first = 0;
    for (const n of [1, 300, 0, 2000, 1, 50]) {
      const list = entries(r, first, n);
      parts.push(list);
      if (n) first = list[list.length - 1]!.doc;
    }
    const all = parts.flat();
    const merged = mergeRows(parts.map((p) => encodeV2(p, positional)), positional, () => true)!;
    const whole = encodeV2(all, positional);
    assert.equal(merged.df, all.length);
    assert.deepEqual(merged.docs, whole.docs, `positional=${positional}: docs bytes`);
    assert.deepEqual(merged.pos, whole.pos, `positional=${positional}: position bytes`);
    // Not such rows — a row starting before the previous one ends, a document no longer live —
    // merge as before: every live document once, in order.
    const a = entries(r, 0, 500);
    const b = entries(r, Math.floor(a[250]!.doc), 500).filter((e) => !a.some((x) => x.doc === e.doc));
    const overlapping = mergeRows([encodeV2(a, positional), encodeV2(b, positional)], positional, () => true)!;
    assertDecodes([overlapping], [...a, ...b].sort((x, y) => x.doc - y.doc), positional, 'overlapping rows');
    const live = (id: number) => id !== all[1]!.doc;
    const dropped = mergeRows(parts.map((p) => encodeV2(p, positional)), positional, live)!;
    assertDecodes([dropped], all.filter((e) => live(e.doc)), positional, 'a document dropped');
  }
});

test('v2 takes fewer bytes than v1 where documents hold a key once', () => {
  const r = rng(5);
  const list = entries(r, 0, 5000);
  const v1 = encodeV1(list, true);
  const v2 = encodeV2(list, true);
  assert.deepEqual(v2.pos, v1.pos, 'positions are encoded as before');
  assert.ok(v2.docs.length < v1.docs.length * 0.8, `v2 ${v2.docs.length} bytes, v1 ${v1.docs.length}`);
});

test('postingRowProblem accepts whole rows of either encoding and names a damaged one', () => {
  const r = rng(8);
  const list = entries(r, 0, 500);
  for (const row of [encodeV1(list, true), encodeV2(list, true)]) {
    assert.equal(postingRowProblem(row, true), null);
    assert.match(postingRowProblem({ docs: row.docs.subarray(0, row.docs.length - 1), pos: row.pos }, true) ?? '', /past the end|add up/);
    assert.match(postingRowProblem({ docs: row.docs, pos: Uint8Array.of(...row.pos!, 1) }, true) ?? '', /add up/);
  }
  const backwards = encodeV1([{ doc: 5, positions: [1] }, { doc: 5, positions: [2] }], false);
  assert.match(postingRowProblem(backwards, false) ?? '', /ascending/);
  assert.equal(postingRowProblem(encodeV2(list, false), false), null);
});
