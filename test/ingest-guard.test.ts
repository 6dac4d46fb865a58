/**
 * Ingest safety.
 * - A changed file whose parse has far fewer documents than the issue stored under its path (fewer
 *   than half, or none) does not silently replace it: `gongbao ingest` keeps the stored version,
 *   prints one loud line with both counts and exits 1 (the other files still ingest); `--force`
 *   replaces it. POST /api/issues answers 409 fewer_documents unless `?force=true`.
 * - The archive tells the stored document count of a path, on SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseIssue, parseIssueWithLines } from '../src/parse.js';
import { openArchive } from '../src/store/open.js';
import { losesDocuments } from '../src/store/ingest-files.js';
import { buildServer } from '../src/server/app.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, cli, tempDir } from './store-fixtures.js';

const full = readFileSync(CORPUS_FILES[0]!, 'utf8');
const fullCount = parseIssue(full).documents.length;
/** The same issue cut after its first documents: far fewer of them. */
const cut = full.slice(0, Math.floor(full.length * 0.15));
const cutCount = parseIssue(cut).documents.length;

const pgMissing = pgUnavailableReason();

test('the rule: fewer than half the stored documents, or none, needs --force', () => {
  assert.ok(fullCount >= 20 && cutCount >= 1 && cutCount * 2 < fullCount, `${cutCount} of ${fullCount}`);
  assert.equal(losesDocuments(20, 10), false);
  assert.equal(losesDocuments(20, 9), true);
  assert.equal(losesDocuments(1, 0), true);
  assert.equal(losesDocuments(0, 0), false);
  assert.equal(losesDocuments(3, 30), false);
});

async function storedCounts(db: string): Promise<void> {
  const archive = openArchive(db);
  try {
    assert.equal(await archive.storedDocumentCount('/archive/a.txt'), null);
    const { parsed, lines } = parseIssueWithLines(full);
    await archive.ingestIssue({ parsed, lines, sourcePath: '/archive/a.txt' });
    assert.equal(await archive.storedDocumentCount('/archive/a.txt'), fullCount);
    assert.equal(await archive.storedDocumentCount('/archive/other.txt'), null);
  } finally {
    await archive.close();
  }
}

test('the stored document count of a path: SQLite', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await storedCounts(join(dir, 'a.db'));
  } finally {
    cleanup();
  }
});

test('the stored document count of a path: PostgreSQL', { skip: pgMissing && !underCi() ? pgMissing : false }, async () => {
  assert.equal(pgMissing, null, pgMissing ?? '');
  const db = await createTestDatabase('guard');
  try {
    await storedCounts(db.url);
  } finally {
    await db.drop();
  }
});

test('gongbao ingest keeps a stored issue a far shorter parse would replace: one loud line, exit 1; --force replaces it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'gazettes');
    mkdirSync(data);
    writeFileSync(join(data, 'a.txt'), full);
    writeFileSync(join(data, 'b.txt'), readFileSync(CORPUS_FILES[1]!));
    assert.equal(cli(['ingest', 'gazettes'], dir).status, 0);

    writeFileSync(join(data, 'a.txt'), cut);
    writeFileSync(join(data, 'b.txt'), readFileSync(CORPUS_FILES[1]!, 'utf8') + '\n（第二次印刷）\n');
    const r = cli(['ingest', 'gazettes'], dir);
    assert.equal(r.status, 1, r.stderr);
    const loud = r.stderr.split('\n').filter((l) => /REFUSED/.test(l));
    assert.equal(loud.length, 1, r.stderr);
    assert.match(
      loud[0]!,
      new RegExp(`REFUSED\\s+gazettes/a\\.txt: the new parse has ${cutCount} document\\(s\\), the stored version ${fullCount}; kept the stored version \\(--force replaces it\\)`),
    );
    assert.match(r.stdout, /2 files, 0 new, 1 replaced, 0 unchanged, 1 REFUSED .*0 failed/);
    const counts = () => {
      const db = new Database(join(dir, 'gongbao.db'), { readonly: true });
      const rows = db.prepare('SELECT source_path AS p, (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS n FROM issues i').all() as { p: string; n: number }[];
      db.close();
      return Object.fromEntries(rows.map((x) => [x.p.split('/').pop()!, x.n]));
    };
    assert.equal(counts()['a.txt'], fullCount, 'the stored version stays');

    const json = cli(['ingest', 'gazettes', '--json'], dir);
    assert.equal(json.status, 1);
    assert.deepEqual(JSON.parse(json.stdout).refused.map((f: { documents: unknown }) => f.documents), [{ stored: fullCount, parsed: cutCount }]);

    const forced = cli(['ingest', 'gazettes', '--force'], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /1 replaced, 1 unchanged/);
    assert.equal(counts()['a.txt'], cutCount);
  } finally {
    cleanup();
  }
});

test('POST /api/issues: 409 fewer_documents instead of replacing, unless force=true', async () => {
  const { dir, cleanup } = tempDir();
  const archive = openArchive(join(dir, 'api.db'));
  const app = await buildServer({ archive, token: 't0ken' });
  try {
    const post = (body: string, query: string) =>
      app.inject({ method: 'POST', url: `/api/issues?${query}`, payload: body, headers: { 'content-type': 'text/plain; charset=utf-8', authorization: 'Bearer t0ken' } });
    let r = await post(full, 'name=a.txt');
    assert.equal(r.statusCode, 201, r.body);
    r = await post(cut, 'name=a.txt');
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(r.json().error.code, 'fewer_documents');
    assert.match(r.json().error.message, new RegExp(`${cutCount} document\\(s\\), the stored version ${fullCount}.*force=true`));
    assert.equal(await archive.storedDocumentCount('upload:a.txt'), fullCount);
    r = await post(cut, 'name=a.txt&force=true');
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().status, 'replaced');
    assert.equal(await archive.storedDocumentCount('upload:a.txt'), cutCount);
  } finally {
    await app.close();
    await archive.close();
    cleanup();
  }
});
