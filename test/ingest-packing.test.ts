/**
 * A batch's later issues have their texts compressed on a thread (src/store/packing.ts,
 * pack-thread.ts) while the earlier ones are written: the stored bytes are those the driver
 * writes when it compresses them itself, and a packing that fails fails its batch as a whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteArchive } from '../src/store/sqlite.js';
import { TextPacker } from '../src/store/packing.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

/** Every compressed column as stored, in hexadecimal. */
function storedBytes(a: SqliteArchive): unknown[] {
  return [
    a.db.prepare('SELECT document_id, hex(body), hex(raw_lines), hex(line_places), hex(data) FROM document_texts ORDER BY document_id').raw().all(),
    a.db.prepare('SELECT id, hex(text) FROM tasks ORDER BY id').raw().all(),
  ];
}

test('texts packed on the thread are stored byte for byte as the driver stores them', async () => {
  const { dir, cleanup } = tempDir();
  const one = SqliteArchive.open(join(dir, 'one.db'));
  const batch = SqliteArchive.open(join(dir, 'batch.db'));
  const pack = TextPacker.prototype.pack;
  let packed = 0;
  TextPacker.prototype.pack = function (issues) {
    const out = pack.call(this, issues);
    void Promise.all(out).then(() => (packed += issues.slice(1).flat().filter((d) => d.packed).length));
    return out;
  };
  try {
    const inputs = CORPUS_FILES.map((f) => ingestInput(f));
    for (const input of inputs) await one.ingestIssue(input);
    await batch.ingestIssues(CORPUS_FILES.map((f) => ingestInput(f)));
    assert.ok(packed > 10, `${packed} documents packed on the thread`);
    const [texts, tasks] = storedBytes(batch) as unknown[][];
    assert.ok(texts!.length > 50 && tasks!.length > 50);
    assert.deepEqual(storedBytes(batch), storedBytes(one));
    const doc = async (a: SqliteArchive) => JSON.stringify(await a.getDocument(40), (k, v) => (k === 'ingestedAt' ? undefined : v));
    assert.equal(await doc(batch), await doc(one));
  } finally {
    TextPacker.prototype.pack = pack;
    await one.close();
    await batch.close();
    cleanup();
  }
});

test('a batch whose packing fails stores none of its issues', async () => {
  const { dir, cleanup } = tempDir();
  const archive = SqliteArchive.open(join(dir, 'a.db'));
  const pack = TextPacker.prototype.pack;
  TextPacker.prototype.pack = (issues) =>
    issues.map((_, i) => {
      const p = i === 0 ? Promise.resolve() : Promise.reject(new Error('the thread for compressing texts stopped'));
      p.catch(() => {});
      return p;
    });
  try {
    await assert.rejects(archive.ingestIssues(CORPUS_FILES.map((f) => ingestInput(f))), /compressing texts stopped/);
    assert.equal((archive.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n, 0);
  } finally {
    TextPacker.prototype.pack = pack;
    await archive.close();
    cleanup();
  }
});
