/**
 * Index segments built on a thread (src/store/segment-thread.ts, builder-thread.ts): the rows
 * are those built in this thread, a sealed segment drops the documents its writer no longer
 * keeps, a stopped thread fails its encode instead of answering with less, and a bulk ingest that
 * builds on the thread gives the index that building in process gives; the writer holds no write
 * lock while a segment is still being encoded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LocalSegment, SegmentThread, ThreadSegment, type SealedSegment, type SegmentInProgress } from '../src/store/segment-thread.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import type { EncodedRow } from '../src/search/builder.js';
import type { IndexWriter } from '../src/store/index-writer.js';
import { SqliteArchive } from '../src/store/sqlite.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

const texts = CORPUS_FILES.map((f) => normalizeForSearch(readFileSync(f, 'utf8')));

function fill(segment: SegmentInProgress): void {
  texts.forEach((t, i) => segment.add(10 + i, t, normalizeForSearch(`标题${i}：关于印发办法的通知`)));
}

const plain = (rows: Iterable<EncodedRow>) => [...rows].map((r) => ({ key: r.key, df: r.df, docs: [...r.docs], pos: r.pos ? [...r.pos] : null }));

test('a segment built on the thread has the rows built in process, with and without a document left out', async () => {
  const thread = new SegmentThread();
  try {
    for (const keep of [() => true, (id: number) => id !== 11]) {
      const local = new LocalSegment();
      const threaded = new ThreadSegment(thread);
      fill(local);
      fill(threaded);
      assert.deepEqual(threaded.docIds, local.docIds);
      const expected = plain(await local.seal().rows(keep));
      assert.ok(expected.length > 1000);
      assert.deepEqual(plain(await threaded.seal().rows(keep)), expected);
    }
  } finally {
    await thread.stop();
  }
});

test("the thread's later segments, built after an encode emptied its builder, have the rows built in process", async () => {
  // The thread keeps one builder and empties it after each encode (SegmentBuilder.reset): a later
  // segment, smaller or larger, must hold nothing of the ones before.
  const thread = new SegmentThread();
  try {
    const runs: Array<Array<[number, string, string]>> = [
      texts.map((t, i): [number, string, string] => [10 + i, t, normalizeForSearch(`标题${i}：关于印发办法的通知`)]),
      [[20, texts[1]!.slice(0, 3_000), normalizeForSearch('关于开展检查的通知')]],
      texts.map((t, i): [number, string, string] => [30 + i, texts[texts.length - 1 - i]! + t.slice(0, 500), normalizeForSearch(`意见${i}`)]),
    ];
    for (const docs of runs) {
      const local = new LocalSegment();
      const threaded = new ThreadSegment(thread);
      for (const [id, text, title] of docs) {
        local.add(id, text, title);
        threaded.add(id, text, title);
      }
      const expected = plain(await local.seal().rows(() => true));
      assert.ok(expected.length > 100);
      assert.deepEqual(plain(await threaded.seal().rows(() => true)), expected);
    }
  } finally {
    await thread.stop();
  }
});

test('a stopped thread fails the encode of what it held, rather than answering with less', async () => {
  const thread = new SegmentThread();
  const segment = new ThreadSegment(thread);
  fill(segment);
  segment.send();
  await thread.stop();
  assert.ok(thread.dead);
  const sealed = segment.seal();
  await assert.rejects(sealed.rows(() => true), /stopped/);
});

test('a bulk ingest builds its segments on the thread: every document indexed, the same answers as an index built in process', async () => {
  const { dir, cleanup } = tempDir();
  // Segments of 60,000 characters: the first sealed at an eighth of that, the rest on the thread.
  const threaded = SqliteArchive.open(join(dir, 'threaded.db'), { indexBatchChars: 60_000, mergeFactor: 3 });
  const inProcess = SqliteArchive.open(join(dir, 'local.db'), { indexBatchChars: 1e12 });
  try {
    for (const archive of [threaded, inProcess]) {
      for (let k = 0; k < 3; k++) {
        for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(readFileSync(f, 'utf8') + '\n'.repeat(k + 1), `${f}.${k}`));
      }
    }
    const writer = (threaded as unknown as { index: IndexWriter }).index;
    assert.equal(writer.buildsOnThread, true, 'the bulk ingest built on the thread');
    assert.equal((inProcess as unknown as { index: IndexWriter }).index.buildsOnThread, false);
    for (const archive of [threaded, inProcess]) await archive.flushIndex();
    const unindexed = (a: SqliteArchive) => (a.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n;
    assert.equal(unindexed(threaded), 0);
    assert.ok((threaded.db.prepare('SELECT COUNT(*) AS n FROM search_segments').get() as { n: number }).n >= 1);
    const queries = ['人民政府', '工作', '阳泉', '"关于印发"', '任命', '办'];
    for (const q of queries) {
      const [a, b] = await Promise.all([threaded, inProcess].map(async (x) => (await x.search(q, { limit: 1e9 })).hits.map((h) => h.id)));
      assert.ok(a!.length > 0, q);
      assert.deepEqual(a, b, q);
    }
  } finally {
    await threaded.close();
    await inProcess.close();
    cleanup();
  }
});

test('a sealed segment is awaited before its write transaction: others can write while the thread encodes', async () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'a.db');
  const archive = SqliteArchive.open(path);
  const other = new Database(path);
  try {
    await archive.ingestIssue(ingestInput(CORPUS_FILES[0]!));
    // The issue's documents, in the segment in progress: sealed by hand, behind a gate standing
    // for a thread that has not finished encoding.
    const writer = (archive as unknown as { index: { builder: SegmentInProgress; sealed: SealedSegment[]; flush(): Promise<void> } }).index;
    const real = writer.builder.seal();
    assert.ok(real.ids.length > 0);
    writer.builder = new LocalSegment();
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    writer.sealed.push({ ids: real.ids, ready: false, wait: () => gate, rows: async (keep) => (await gate, real.rows(keep)) });
    const flushing = writer.flush();
    try {
      await new Promise((r) => setTimeout(r, 100));
      // No write lock held meanwhile (busy_timeout 0: a held lock fails at once).
      other.pragma('busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
    } finally {
      open();
      await flushing;
    }
    const unindexed = (archive.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n;
    assert.equal(unindexed, 0, 'written once encoded');
  } finally {
    other.close();
    await archive.close();
    cleanup();
  }
});
