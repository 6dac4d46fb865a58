/**
 * Bulk ingest stores several issues in one transaction (Archive.ingestIssues; ingestFiles batches
 * by INGEST_BATCH): the archive then holds exactly what storing them one by one gives, on both
 * backends; a batch is all or nothing; ingestFiles stores a failed batch file by file, so that a
 * bad issue fails alone, and reports the files in their order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, connectArchive, type OpenedArchive } from '../src/store/open.js';
import { ingestFiles, type FileOutcome } from '../src/store/ingest-files.js';
import type { IngestInput } from '../src/store/archive.js';
import { parseIssueWithLines } from '../src/parse.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, archiveSnapshot, ingestInput, tempDir } from './store-fixtures.js';

const pgMissing = pgUnavailableReason();
const skip = pgMissing && !underCi() ? pgMissing : false;

/** The corpus, then its first issue again under another path (a duplicate by content) and under its own (unchanged). */
const inputs = (): IngestInput[] => [
  ...CORPUS_FILES.map((f) => ({ ...ingestInput(f), reportSameIssue: true })),
  { ...ingestInput(CORPUS_FILES[0]!), sourcePath: '/elsewhere/copy.txt', reportSameIssue: true },
  { ...ingestInput(CORPUS_FILES[1]!), reportSameIssue: true },
];

/** An issue that cannot be stored: an appointment without a post breaks a NOT NULL column. */
function unstorable(): IngestInput {
  const input = ingestInput(CORPUS_FILES[2]!);
  const doc = input.parsed.documents.find((d) => d.appointments.length)!;
  (doc.appointments[0] as { post: string | null }).post = null;
  return { ...input, sourcePath: '/bad/issue.txt' };
}

/** A new SQLite archive in a temporary folder, closed and removed afterwards. */
async function withArchive(fn: (archive: OpenedArchive, dir: string) => Promise<void>): Promise<void> {
  const { dir, cleanup } = tempDir();
  const archive = openArchive(join(dir, 'a.db'));
  try {
    await fn(archive, dir);
  } finally {
    await archive.close();
    cleanup();
  }
}

/** The first `n` corpus issues copied into `dir` as a.txt, b.txt, …. */
function corpusCopies(dir: string, n: number): string[] {
  return CORPUS_FILES.slice(0, n).map((f, i) => {
    const to = join(dir, `${String.fromCharCode(97 + i)}.txt`);
    copyFileSync(f, to);
    return to;
  });
}

async function batchMatchesOneByOne(open: (name: string) => Promise<OpenedArchive>): Promise<void> {
  const one = await open('one');
  const batch = await open('batch');
  try {
    const single = [];
    for (const input of inputs()) single.push(await one.ingestIssue(input));
    await one.flushIndex();
    const together = await batch.ingestIssues(inputs());
    await batch.flushIndex();
    assert.deepEqual(
      together.map((r) => r.status),
      ['inserted', 'inserted', 'inserted', 'duplicate', 'unchanged'],
    );
    assert.deepEqual(together, single);
    assert.equal(await archiveSnapshot(batch), await archiveSnapshot(one));
  } finally {
    await one.close();
    await batch.close();
  }
}

test('SQLite: issues stored in one batch give the archive that storing them one by one gives', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await batchMatchesOneByOne(async (name) => openArchive(join(dir, `${name}.db`)));
  } finally {
    cleanup();
  }
});

test('PostgreSQL: issues stored in one batch give the archive that storing them one by one gives', { skip }, async () => {
  const dbs = [await createTestDatabase('batch_one'), await createTestDatabase('batch_many')];
  try {
    await batchMatchesOneByOne(async (name) => connectArchive(dbs[name === 'one' ? 0 : 1]!.url));
  } finally {
    for (const db of dbs) await db.drop();
  }
});

test('a batch is all or nothing: one issue that cannot be stored leaves the archive as it was', () =>
  withArchive(async (archive) => {
    await archive.ingestIssue(ingestInput(CORPUS_FILES[0]!));
    const before = await archiveSnapshot(archive);
    await assert.rejects(archive.ingestIssues([ingestInput(CORPUS_FILES[1]!), unstorable()]), /NOT NULL/);
    assert.equal(await archiveSnapshot(archive), before);
    assert.equal((await archive.stats()).issues, 1);
    assert.equal((await archive.ingestIssue(ingestInput(CORPUS_FILES[1]!))).status, 'inserted');
  }));

test('ingestFiles stores files a batch at a time; a failed batch is stored file by file, outcomes in file order', () =>
  withArchive(async (archive, dir) => {
    const files = corpusCopies(dir, 3);
    // b.txt stored before: unchanged, reported between the parses waiting in the batch.
    await archive.ingestIssue(ingestInput(files[1]!));
    let batches = 0;
    const counting = new Proxy(archive, {
      get(target, key) {
        if (key === 'ingestIssues') return (xs: IngestInput[]) => (batches++, target.ingestIssues(xs));
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    // c.txt parses into an issue that cannot be stored.
    const parse = (bytes: Uint8Array, o: { fileName?: string }) => (o.fileName === 'c.txt' ? unstorable() : parseIssueWithLines(bytes, o));
    const seen: FileOutcome[] = [];
    const summary = await ingestFiles(counting, files, parse, ingestInput(files[0]!).parsed.parserVersion, (o) => seen.push(o));
    assert.deepEqual(
      seen.map((o) => [o.path.split('/').pop(), o.result?.status ?? null]),
      [['a.txt', 'inserted'], ['b.txt', 'unchanged'], ['c.txt', null]],
    );
    assert.match(seen[2]!.error!, /NOT NULL/);
    assert.equal(batches, 1, 'a.txt and c.txt went to one transaction first');
    const aDocs = ingestInput(files[0]!).parsed.documents.length;
    assert.deepEqual([summary.inserted, summary.unchanged, summary.failed.length, summary.documents], [1, 1, 1, aDocs]);
    assert.equal((await archive.stats()).issues, 2);
    assert.ok((await archive.search('阳泉')).total > 0);
  }));

test('ingestFiles: issues stored whose search index could not be written are reported stored, not stored again', () =>
  withArchive(async (archive, dir) => {
    const files = corpusCopies(dir, 2);
    // The index fails after the transaction committed (as a full disk would make it).
    const failing = archive as unknown as { afterWrite: (added: unknown[]) => Promise<void> };
    const afterWrite = failing.afterWrite;
    failing.afterWrite = async () => {
      throw new Error('disk full');
    };
    await assert.rejects(archive.ingestIssue(ingestInput(CORPUS_FILES[2]!)), /stored, but the search index was not written: disk full/);
    const seen: FileOutcome[] = [];
    await ingestFiles(archive, files, (bytes, o) => parseIssueWithLines(bytes, o), ingestInput(files[0]!).parsed.parserVersion, (o) => seen.push(o));
    assert.deepEqual(
      seen.map((o) => [o.result?.status, o.error]),
      [['inserted', null], ['inserted', null]],
    );
    failing.afterWrite = afterWrite;
    assert.equal((await archive.stats()).issues, 3);
    // Searched before the index catches up (scanned), and after.
    assert.ok((await archive.search('阳泉')).total > 0);
    await archive.flushIndex();
    assert.ok((await archive.search('阳泉')).total > 0);
  }));

test('ingestFiles with batches of one (PostgreSQL\'s): an issue that cannot be stored is tried once', () =>
  withArchive(async (archive, dir) => {
    const files = corpusCopies(dir, 1);
    const tries: string[] = [];
    const single = new Proxy(archive, {
      get(target, key) {
        if (key === 'ingestBatch') return 1;
        if (key === 'ingestIssues' || key === 'ingestIssue') {
          return (x: IngestInput | IngestInput[]) => (tries.push(String(key)), key === 'ingestIssue' ? target.ingestIssue(x as IngestInput) : target.ingestIssues(x as IngestInput[]));
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const seen: FileOutcome[] = [];
    await ingestFiles(single, files, () => unstorable(), ingestInput(files[0]!).parsed.parserVersion, (o) => seen.push(o));
    assert.match(seen[0]!.error!, /NOT NULL/);
    assert.deepEqual(tries, ['ingestIssues']);
  }));
