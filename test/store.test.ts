/**
 * The SQLite archive against a real database file: ingest of the sample issues with the real
 * parser, idempotent re-ingest, atomic replacement, provenance (lines, hashes), migrations.
 */
import { qualifyAgencyName } from '../src/core/region.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteArchive } from '../src/store/sqlite.js';
import { openArchive } from '../src/store/open.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/store/migrations/index.js';
import { CORPUS_FILES, gazette, ingestInput, tempDir } from './store-fixtures.js';

test('ingest stores every issue, document, line and fact the parser produced', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'a.db');
    const archive = SqliteArchive.open(db);
    let documents = 0;
    let appointments = 0;
    let tasks = 0;
    let citations = 0;
    for (const f of CORPUS_FILES) {
      const input = ingestInput(f);
      const r = await archive.ingestIssue(input);
      assert.equal(r.status, 'inserted');
      assert.equal(r.documents, input.parsed.documents.length);
      documents += r.documents;
      for (const d of input.parsed.documents) {
        appointments += d.appointments.length;
        tasks += d.tasks.length;
        citations += d.citations.length;
      }
    }
    const stats = await archive.stats();
    assert.equal(stats.issues, 3);
    assert.equal(stats.documents, documents);
    assert.equal(stats.documents, 59);
    assert.equal(stats.appointments, appointments);
    assert.equal(stats.tasks, tasks);
    assert.equal(stats.citations, citations);
    assert.equal(stats.schemaVersion, SCHEMA_VERSION);

    // Issue with masthead, TOC and provenance.
    const issues = await archive.listIssues();
    assert.deepEqual(issues.map((i) => [i.year, i.number, i.documentCount]), [[2020, 1, 20], [2021, 5, 19], [2023, 5, 20]]);
    const issue = (await archive.getIssue(issues[0]!.id))!;
    assert.equal(issue.title, '阳泉市人民政府公报');
    assert.equal(issue.sha256.length, 64);
    assert.equal(issue.source.lineCount, readFileSync(CORPUS_FILES[0]!, 'utf8').split('\n').length);
    assert.ok(issue.toc.length >= 19);

    // A document: its lines as in the file, with the raw line where cleaning changed it.
    const [doc] = await archive.findByDocNumber('阳政发〔2020〕2号');
    assert.ok(doc);
    assert.equal(doc.startLine, 65);
    const detail = (await archive.getDocument(doc.id))!;
    const fileLines = readFileSync(CORPUS_FILES[0]!, 'utf8').split('\n');
    assert.equal(detail.lines.length, detail.endLine - detail.startLine + 1);
    for (const l of detail.lines) assert.equal(l.raw, fileLines[l.line - 1]);
    // "阳泉市人民政府 关于印发阳泉市规范提升耐火材料产业行动方案的通知" is line 65 of the file.
    assert.equal(detail.lines[0]!.text, '阳泉市人民政府 关于印发阳泉市规范提升耐火材料产业行动方案的通知');
    assert.equal(detail.document.title, doc.title);
    assert.equal(detail.document.outline.length > 0, true);
    // Everything parse produced reads back exactly, for every document of every issue — the
    // tasks' canonical units filed under the issue's region (市财政局 → 阳泉市财政局).
    for (const f of CORPUS_FILES) {
      const parsed = ingestInput(f).parsed;
      assert.equal(parsed.region, '阳泉市');
      const filed = (names: string[]) => names.map((n) => qualifyAgencyName(n, '阳泉市'));
      const stored = (await archive.listIssues()).find((i) => i.sourcePath === f)!;
      const docs = (await archive.getIssue(stored.id))!.documents;
      assert.equal(docs.length, parsed.documents.length);
      for (const [i, d] of docs.entries()) {
        const want = parsed.documents[i]!;
        const tasks = want.tasks.map((t) => ({ ...t, leadAgencies: filed(t.leadAgencies), cooperatorAgencies: filed(t.cooperatorAgencies) }));
        assert.deepEqual((await archive.getDocument(d.id))!.document, { ...want, tasks }, `${f} document ${i}`);
      }
    }
    const ranged = await archive.documentLines(doc.id, 67, 69);
    assert.deepEqual(ranged.map((l) => l.line), [67, 68, 69]);
    assert.equal(ranged[0]!.text, '阳政发〔2020〕2号');
    await archive.close();
  } finally {
    cleanup();
  }
});

test('re-ingest: unchanged files are skipped, a changed file replaces its issue, same content elsewhere is a duplicate', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const archive = SqliteArchive.open(join(dir, 'a.db'));
    const path = join(dir, 'issue.txt');
    const v1 = gazette(2021, 3, [
      { title: '阳泉市人民政府关于开展春季植树工作的通知', number: '阳政发〔2021〕5号', date: '2021年3月1日', body: ['各地要组织好春季植树活动。'] },
      { title: '阳泉市人民政府关于做好防汛准备的通知', number: '阳政发〔2021〕6号', date: '2021年3月2日', body: ['各地要检查堤坝。'] },
    ]);
    writeFileSync(path, v1);
    const first = await archive.ingestIssue(ingestInput(path));
    assert.equal(first.status, 'inserted');
    assert.equal(first.documents, 2);
    assert.equal((await archive.ingestIssue(ingestInput(path))).status, 'unchanged');
    const again = ingestInput(path);
    assert.equal((await archive.isCurrent(path, again.parsed.source.sha256, again.parsed.parserVersion))?.status, 'unchanged');
    assert.equal(await archive.isCurrent(path, again.parsed.source.sha256, 'another-parser-version'), null);

    // Same content under another path: not stored twice.
    const copy = join(dir, 'copy.txt');
    writeFileSync(copy, v1);
    const dup = await archive.ingestIssue(ingestInput(copy));
    assert.equal(dup.status, 'duplicate');
    assert.equal(dup.duplicateOf, path);

    // Changed file: replaced in one go, old documents gone, ids not reused.
    const oldIds = (await archive.listDocuments()).map((d) => d.id);
    writeFileSync(path, v1.replace('各地要检查堤坝。', '各地要检查水库。'));
    const second = await archive.ingestIssue(ingestInput(path));
    assert.equal(second.status, 'replaced');
    const docs = await archive.listDocuments();
    assert.equal(docs.length, 2);
    assert.ok(docs.every((d) => !oldIds.includes(d.id)));
    assert.equal((await archive.listIssues()).length, 1);
    assert.equal((await archive.search('检查水库')).total, 1);
    assert.equal((await archive.search('检查堤坝')).total, 0);
    await archive.close();
  } finally {
    cleanup();
  }
});

test('a bad issue leaves what is stored untouched (the transaction rolls back)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const archive = SqliteArchive.open(join(dir, 'a.db'));
    await archive.ingestIssue(ingestInput(CORPUS_FILES[1]!));
    const before = await archive.stats();
    // A parse result that violates the schema half-way (a document without a title).
    const input = ingestInput(CORPUS_FILES[0]!);
    (input.parsed.documents[5] as { title: unknown }).title = null;
    await assert.rejects(archive.ingestIssue(input));
    assert.deepEqual(await archive.stats(), before);
    // Replacing a stored issue with a bad version keeps the old version.
    const replace = ingestInput(CORPUS_FILES[1]!);
    replace.parsed.source.sha256 = 'f'.repeat(64);
    (replace.parsed.documents[3] as { title: unknown }).title = null;
    await assert.rejects(archive.ingestIssue(replace));
    assert.deepEqual(await archive.stats(), before);
    assert.equal((await archive.search('消防站')).total > 0, true);
    const check = archive.db.pragma('integrity_check', { simple: true });
    assert.equal(check, 'ok');
    await archive.close();
  } finally {
    cleanup();
  }
});

test('migrations: versioned, recorded, applied once; a newer schema is refused; a non-database is refused', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'a.db');
    await SqliteArchive.open(db).close();
    const raw = new Database(db);
    const rows = raw.prepare('SELECT version, name FROM schema_version ORDER BY version').all() as { version: number; name: string }[];
    assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, 'future', 'x');
    raw.close();
    assert.throws(() => SqliteArchive.open(db), /schema version \d+.*upgrade gongbao/);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not a database at all, just text '.repeat(200));
    assert.throws(() => openArchive(junk), /not a Gongbao database/);
    assert.throws(() => openArchive(join(dir, 'missing.db'), { mustExist: true }), /no archive at/);
  } finally {
    cleanup();
  }
});

test('deleteIssue removes an issue and everything of it, search included', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const archive = SqliteArchive.open(join(dir, 'a.db'));
    const a = await archive.ingestIssue(ingestInput(CORPUS_FILES[0]!));
    await archive.ingestIssue(ingestInput(CORPUS_FILES[1]!));
    await archive.flushIndex();
    assert.equal((await archive.search('耐火材料')).total > 0, true);
    assert.equal(await archive.deleteIssue(a.issueId), true);
    assert.equal((await archive.search('耐火材料')).total, 0);
    const s = await archive.stats();
    assert.equal(s.issues, 1);
    assert.equal(s.documents, 19);
    for (const t of ['appointments', 'tasks', 'citations', 'warnings', 'title_keys', 'doc_number_refs', 'document_texts']) {
      const orphans = archive.db
        .prepare(`SELECT COUNT(*) AS n FROM ${t} x WHERE x.document_id IS NOT NULL AND x.document_id NOT IN (SELECT id FROM documents)`)
        .get() as { n: number };
      assert.equal(orphans.n, 0, t);
    }
    await archive.close();
  } finally {
    cleanup();
  }
});
