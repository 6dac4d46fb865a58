/**
 * `gongbao ingest` through the CLI (tsx) in a temporary folder with a real database file:
 * first ingest, re-ingest, a bad file among good ones, --db / GONGBAO_DB, and crash safety
 * (the process killed with SIGKILL during an ingest: the database passes integrity_check, holds
 * only whole issues, and a second ingest completes the archive).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { SqliteArchive } from '../src/store/sqlite.js';
import { inflateText } from '../src/store/packed.js';
import { parseIssue } from '../src/parse.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { CORPUS_FILES, cli, cliCommand, tempDir } from './store-fixtures.js';

test('ingest a folder, then again: everything skipped; the summary counts issues, documents, warnings, time', () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'gazettes', 'nested');
    mkdirSync(data, { recursive: true });
    for (const f of CORPUS_FILES) copyFileSync(f, join(data, f.split('/').pop()!));
    writeFileSync(join(data, 'notes.docx'), 'not a gazette'); // not taken from a folder (extension: see INGEST_EXTENSIONS)
    const first = cli(['ingest', 'gazettes'], dir);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /3 files, 3 new, 0 replaced, 0 unchanged, 0 failed; stored 59 documents, \d+ warnings in [\d.]+ s → gongbao\.db/);
    // Not a terminal: one plain line per file on stderr.
    assert.equal(first.stderr.trim().split('\n').length, 3);
    assert.match(first.stderr, /\[1\/3\] inserted\s+gazettes\/nested\/yangquan-2020-01\.txt \(20 documents, \d+ warnings?\)/);
    assert.ok(existsSync(join(dir, 'gongbao.db')));

    const again = cli(['ingest', 'gazettes', '--json'], dir);
    assert.equal(again.status, 0, again.stderr);
    const summary = JSON.parse(again.stdout);
    assert.equal(summary.unchanged, 3);
    assert.equal(summary.inserted, 0);
    assert.equal(summary.documents, 0);

    // A changed file replaces its issue.
    const target = join(data, 'yangquan-2021-05.txt');
    writeFileSync(target, readFileSync(target, 'utf8').replaceAll('普济寺', '普济禅寺'));
    const third = JSON.parse(cli(['ingest', 'gazettes', '--json'], dir).stdout);
    assert.equal(third.replaced, 1);
    assert.equal(third.unchanged, 2);
    const search = cli(['search', '普济禅寺', '--json'], dir);
    assert.equal(search.status, 0, search.stderr);
    assert.ok(JSON.parse(search.stdout).total >= 1);
  } finally {
    cleanup();
  }
});

test('a file that fails to parse is reported and skipped; the rest is stored; exit code 1', () => {
  const { dir, cleanup } = tempDir();
  try {
    const bad = join(dir, 'broken.txt');
    writeFileSync(bad, Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 254, 0, 7, 8, 0, 0, 1, 2, 3, 4, 5, 0, 0]));
    const r = cli(['ingest', bad, CORPUS_FILES[0]!, '--db', 'my.db'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /failed\s+broken\.txt: .*(text|binary)/);
    assert.match(r.stdout, /2 files, 1 new, .* 1 failed/);
    const db = new Database(join(dir, 'my.db'), { readonly: true });
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM issues').get() as { n: number }).n, 1);
    db.close();
    // GONGBAO_DB is used when --db is not given.
    const env = cli(['ingest', CORPUS_FILES[1]!], dir, { GONGBAO_DB: join(dir, 'env.db') });
    assert.equal(env.status, 0, env.stderr);
    assert.ok(existsSync(join(dir, 'env.db')));
    // Usage errors: one line, exit 2.
    const none = cli(['ingest', join(dir, 'missing-folder')], dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^gongbao: no such file or folder/);
    assert.equal(none.stderr.trim().split('\n').length, 1);
  } finally {
    cleanup();
  }
});

test('crash safety: SIGKILL during an ingest leaves a sound database with whole issues; a re-ingest completes it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // 45 distinct issue files: the samples, each copy moved to a year of its own (masthead and
    // document numbers; a copy with the same ones would be a duplicate, not stored).
    const data = join(dir, 'data');
    mkdirSync(data);
    const expected = new Map<string, number>();
    for (let k = 0; k < 45; k++) {
      const src = CORPUS_FILES[k % 3]!;
      const year = /(\d{4})-\d\d\.txt$/.exec(src)![1]!;
      const text = readFileSync(src, 'utf8').replaceAll(year, String(1970 + k)) + `\n\n（第${k}份副本）\n`;
      const name = `copy-${String(k).padStart(2, '0')}.txt`;
      writeFileSync(join(data, name), text);
      expected.set(join(data, name), parseIssue(text).documents.length);
    }
    const { command, args } = cliCommand();
    const child = spawn(command, [...args, 'ingest', data, '--db', 'crash.db'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stored = 0;
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stored += (chunk.toString().match(/\binserted\b/g) ?? []).length;
        // Kill somewhere in the middle, at a moment that varies from run to run.
        if (stored >= 8 && !child.killed) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`ingest ended before the kill (${signal})`))));
    });

    const db = new Database(join(dir, 'crash.db'));
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal((db.pragma('foreign_key_check') as unknown[]).length, 0);
    const issues = db.prepare('SELECT source_path, (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS n FROM issues i').all() as {
      source_path: string;
      n: number;
    }[];
    assert.ok(issues.length >= 8 && issues.length < 45, `issues stored before the kill: ${issues.length}`);
    for (const i of issues) assert.equal(i.n, expected.get(i.source_path), `whole issue ${i.source_path}`);
    const orphans = db.prepare('SELECT COUNT(*) AS n FROM documents WHERE issue_id NOT IN (SELECT id FROM issues)').get() as { n: number };
    assert.equal(orphans.n, 0);
    // (Stored compressed: read through the store's decoding.)
    const bodies = (db.prepare('SELECT body FROM document_texts').all() as { body: Uint8Array }[]).map((r) => ({ body: inflateText(r.body) }));
    db.close();

    // Search right after the crash finds every stored document (unindexed ones are scanned).
    const reader = SqliteArchive.open(join(dir, 'crash.db'));
    for (const q of ['阳泉市人民政府', '耐火材料', '消防']) {
      const total = (await reader.search(q, { limit: 1 })).total;
      assert.equal(total, bodies.filter((b) => normalizeForSearch(b.body).includes(q)).length, q);
    }
    await reader.close();

    const again = cli(['ingest', data, '--db', 'crash.db', '--json'], dir);
    assert.equal(again.status, 0, again.stderr);
    const summary = JSON.parse(again.stdout);
    assert.equal(summary.unchanged, issues.length);
    assert.equal(summary.inserted, 45 - issues.length);
    const after = new Database(join(dir, 'crash.db'));
    assert.equal(after.pragma('integrity_check', { simple: true }), 'ok');
    const docs = (after.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n;
    assert.equal(docs, [...expected.values()].reduce((a, b) => a + b, 0));
    assert.equal((after.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n, 0);
    after.close();
    const hits = cli(['search', '耐火材料', '--db', 'crash.db', '--json', '--limit', '1'], dir);
    assert.ok(JSON.parse(hits.stdout).total >= 15);
  } finally {
    cleanup();
  }
});
