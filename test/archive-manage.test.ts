/**
 * Managing the archive (issue 15, item 3), on SQLite and PostgreSQL alike:
 * - a file with nothing of a gazette in it (a README, an empty file) is skipped, not stored;
 * - the same issue from another file — by masthead (another encoding) or by its documents (a copy
 *   whose masthead was misprinted) — is a duplicate of the stored one, not stored twice;
 * - removing an issue removes everything of it, and the citations of other issues that pointed at
 *   it are resolved again: to another stored document that answers them, else left unresolved
 *   until the issue is ingested again.
 * The CLI (`ingest`, `list`, `remove`, `backup`) and DELETE /api/issues/:id on top of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Database from 'better-sqlite3';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { storeParse } from '../src/store/ingest-files.js';
import type { IngestInput } from '../src/store/archive.js';
import { buildServer } from '../src/server/app.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, ROOT, cli, cliCommand, gazette, tempDir } from './store-fixtures.js';

const pgMissing = pgUnavailableReason();
const pgSkip = pgMissing && !underCi() ? pgMissing : false;

const ISSUE_2020 = readFileSync(CORPUS_FILES[0]!);
const CITED = '阳政发〔2020〕3号';
/** An issue of its own whose one document cites a document of the 2020 issue by number. */
const CITING = gazette(2024, 7, [
  {
    title: '阳泉市人民政府关于延续中小微企业扶持政策的通知',
    number: '阳政发〔2024〕9号',
    date: '2024年3月5日',
    body: [`《阳泉市人民政府关于应对新冠肺炎疫情支持中小微企业稳定发展的实施意见》（${CITED}）规定的扶持政策延续至2025年底。`],
  },
]);

function input(bytes: Uint8Array, sourcePath: string): IngestInput {
  return { parsed: parseIssue(bytes, { fileName: sourcePath.split('/').pop() }), lines: toSourceLines(decode(bytes).lines), sourcePath };
}

/** The citation of CITED in the citing issue: where it points now. */
async function citedTarget(a: OpenedArchive): Promise<number | null> {
  const [doc] = await a.findByDocNumber('阳政发〔2024〕9号');
  assert.ok(doc, 'the citing document is stored');
  const c = (await a.citations(doc.id)).find((x) => x.docNumber === CITED);
  assert.ok(c, `the citing document cites ${CITED}`);
  return c.targetId;
}

async function issueOf(a: OpenedArchive, documentId: number | null): Promise<string | null> {
  if (documentId === null) return null;
  return (await a.getDocument(documentId))!.issue.sourcePath;
}

async function manage(a: OpenedArchive): Promise<void> {
  const store = async (bytes: Uint8Array, path: string) => storeParse(a, input(bytes, path), false);
  const stored = (o: Awaited<ReturnType<typeof store>>) => {
    assert.ok('result' in o, JSON.stringify(o));
    return o.result;
  };

  // Nothing of a gazette: skipped, whatever the file is.
  for (const [name, bytes] of [['README.md', readFileSync(join(ROOT, 'README.md'))], ['empty.txt', new Uint8Array()], ['notes.txt', Buffer.from('今天开会，讨论2024年第3期的稿件安排。\nhello\n')]] as const) {
    const o = await store(bytes, `/in/${name}`);
    assert.ok('skipped' in o && /not a gazette/.test(o.skipped), `${name}: ${JSON.stringify(o)}`);
  }
  assert.equal((await a.listIssues()).length, 0, 'nothing stored');

  const first = stored(await store(ISSUE_2020, '/in/2020-01.txt'));
  assert.equal(first.status, 'inserted');
  assert.equal(stored(await store(new TextEncoder().encode(CITING), '/in/2024-07.txt')).status, 'inserted');
  assert.equal(await issueOf(a, await citedTarget(a)), '/in/2020-01.txt');

  // The same issue in GB18030: other bytes, the same masthead.
  const gbk = iconv.encode(ISSUE_2020.toString('utf8'), 'gb18030');
  const byMasthead = stored(await store(gbk, '/in/2020-01-gbk.txt'));
  assert.deepEqual(
    { status: byMasthead.status, by: byMasthead.duplicateBy, of: byMasthead.duplicateOf, id: byMasthead.issueId },
    { status: 'duplicate', by: 'masthead', of: '/in/2020-01.txt', id: first.issueId },
  );
  // The same documents under a misprinted masthead (期 11 for 1).
  const misprinted = Buffer.from(ISSUE_2020.toString('utf8').replace('2020 第 1 期', '2020 第 11 期'));
  assert.equal(input(misprinted, 'x').parsed.issue?.number, 11);
  const byDocuments = stored(await store(misprinted, '/in/2020-01-misprint.txt'));
  assert.deepEqual([byDocuments.status, byDocuments.duplicateBy, byDocuments.duplicateOf], ['duplicate', 'documents', '/in/2020-01.txt']);
  // The same path, changed: replaced as always (the stored issue under that path is no duplicate of it).
  const edited = Buffer.from(ISSUE_2020.toString('utf8') + '\n（校对稿）\n');
  assert.equal(stored(await store(edited, '/in/2020-01.txt')).status, 'replaced');
  assert.equal(await issueOf(a, await citedTarget(a)), '/in/2020-01.txt', 'the citation follows the replaced issue');
  assert.deepEqual((await a.listIssues()).map((i) => i.sourcePath).sort(), ['/in/2020-01.txt', '/in/2024-07.txt']);

  // Remove: everything of it goes; the citation becomes unresolved.
  const [issue2020] = (await a.listIssues()).filter((i) => i.sourcePath === '/in/2020-01.txt');
  const docs = await a.listDocuments({ issueId: issue2020!.id, limit: 1000 });
  const someTitle = docs[0]!.title;
  assert.ok((await a.search(someTitle)).hits.some((h) => h.issueId === issue2020!.id));
  const before = await a.stats();
  assert.equal(await a.deleteIssue(issue2020!.id), true);
  const after = await a.stats();
  assert.equal(after.issues, before.issues - 1);
  assert.equal(after.documents, before.documents - docs.length);
  assert.equal(await a.getIssue(issue2020!.id), null);
  assert.equal(await a.getDocument(docs[0]!.id), null);
  assert.deepEqual((await a.search(someTitle)).hits.filter((h) => h.issueId === issue2020!.id), [], 'gone from search');
  assert.deepEqual(await a.findByDocNumber(CITED), []);
  assert.equal(await citedTarget(a), null, 'unresolved once its target is gone');
  for await (const row of a.exportRows('documents')) assert.notEqual(row.issue_id, issue2020!.id);

  // The GB18030 copy is no duplicate any more: stored, and the citation resolves to it.
  assert.equal(stored(await store(gbk, '/in/2020-01-gbk.txt')).status, 'inserted');
  assert.equal(await issueOf(a, await citedTarget(a)), '/in/2020-01-gbk.txt', 'resolved again when the issue comes back');

  // An archive that holds the issue twice (stored before duplicates were refused): removing the
  // copy a citation points at resolves it to the other one, not to nothing.
  const twice = await a.ingestIssue(input(ISSUE_2020, '/in/2020-01-again.txt'));
  assert.equal(twice.status, 'inserted', 'the archive itself stores what it is given');
  assert.equal(await issueOf(a, await citedTarget(a)), '/in/2020-01-gbk.txt');
  const gbkIssue = (await a.listIssues()).find((i) => i.sourcePath === '/in/2020-01-gbk.txt')!;
  assert.equal(await a.deleteIssue(gbkIssue.id), true);
  assert.equal(await issueOf(a, await citedTarget(a)), '/in/2020-01-again.txt', 'resolved again to the copy that is left');
}

test('managing the archive: SQLite', async () => {
  const { dir, cleanup } = tempDir();
  const a = openArchive(join(dir, 'a.db'));
  try {
    await manage(a);
  } finally {
    await a.close();
    cleanup();
  }
});

test('managing the archive: PostgreSQL', { skip: pgSkip }, async () => {
  assert.equal(pgMissing, null, pgMissing ?? '');
  const db = await createTestDatabase('manage');
  const a = openArchive(db.url);
  try {
    await manage(a);
  } finally {
    await a.close();
    await db.drop();
  }
});

test('gongbao ingest skips what is not a gazette and reports the same issue again as a duplicate; list, remove', () => {
  const { dir, cleanup } = tempDir();
  try {
    const data = join(dir, 'g');
    mkdirSync(data);
    copyFileSync(CORPUS_FILES[0]!, join(data, 'a-2020-01.txt'));
    copyFileSync(CORPUS_FILES[1]!, join(data, 'b-2021-05.txt'));
    writeFileSync(join(data, 'c-2020-01-gbk.txt'), iconv.encode(ISSUE_2020.toString('utf8'), 'gb18030'));
    writeFileSync(join(data, 'README.md'), readFileSync(join(ROOT, 'README.md')));
    writeFileSync(join(data, 'empty.txt'), '');

    let r = cli(['ingest', 'g'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /5 files, 2 new, 0 replaced, 0 unchanged, 1 duplicate, 2 skipped \(not a gazette\), 0 failed/);
    assert.match(r.stderr, /skipped +g\/README\.md: not a gazette: no masthead \(刊名\) and no official document \(公文\) found\n/);
    assert.match(r.stderr, /skipped +g\/empty\.txt: not a gazette/);
    assert.match(r.stderr, /duplicate g\/c-2020-01-gbk\.txt: the same issue \(刊名, 年, 期\) as #1 g\/a-2020-01\.txt; kept the stored one \(`gongbao remove 1` first to store this file instead\)/);

    // Every file skipped: nothing stored, exit 1, and one line says so.
    r = cli(['ingest', 'g/README.md', 'g/empty.txt'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /gongbao: nothing stored: no gazette found in 2 files\n$/);
    r = cli(['ingest', 'g/README.md', '--json'], dir);
    assert.equal(r.status, 1);
    assert.deepEqual(JSON.parse(r.stdout).skipped.map((s: { reason: string }) => /not a gazette/.test(s.reason)), [true]);

    r = cli(['list'], dir);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^#1 +阳泉市人民政府公报 +2020年 +第1期 +20 docs +\d{4}-\d\d-\d\d \d\d:\d\d +g\/a-2020-01\.txt$/);
    assert.match(lines[1]!, /^#2 +阳泉市人民政府公报 +2021年 +第5期 +\d+ docs .* g\/b-2021-05\.txt$/);
    const listed = JSON.parse(cli(['list', '--json'], dir).stdout);
    assert.deepEqual(listed.map((i: { id: number; year: number; number: number }) => [i.id, i.year, i.number]), [[1, 2020, 1], [2, 2021, 5]]);

    // An unknown ISSUE removes nothing, even beside a known one.
    r = cli(['remove', '1', 'g/nothing.txt'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^gongbao: no stored issue is "g\/nothing\.txt" .*nothing removed\n$/);
    assert.equal(JSON.parse(cli(['list', '--json'], dir).stdout).length, 2);

    r = cli(['remove', '阳泉市人民政府公报:2020:1'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^removed #1 +阳泉市人民政府公报 +2020年 +第1期 +20 docs .* g\/a-2020-01\.txt\n$/);
    // Now the GB18030 copy is stored; then removed by its path, and the other by 刊名年期 spelled out.
    assert.match(cli(['ingest', 'g/c-2020-01-gbk.txt'], dir).stdout, /1 file, 1 new, 0 replaced/);
    r = cli(['remove', 'g/c-2020-01-gbk.txt', '阳泉市人民政府公报2021年第5期', '--json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((i: { sourcePath: string }) => i.sourcePath.split('/').pop()), ['c-2020-01-gbk.txt', 'b-2021-05.txt']);
    r = cli(['list'], dir);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^no issues stored in gongbao\.db\n$/);
  } finally {
    cleanup();
  }
});

test('DELETE /api/issues/:id: token required, the issue and its documents gone from the API and the reader', async () => {
  const { dir, cleanup } = tempDir();
  const archive = openArchive(join(dir, 'api.db'));
  const app = await buildServer({ archive, token: 't0ken' });
  const readOnly = await buildServer({ archive });
  try {
    const ingested = await storeParse(archive, input(ISSUE_2020, '/in/yangquan-2020-01.txt'), false);
    assert.ok('result' in ingested);
    const id = ingested.result.issueId;
    const [doc] = await archive.listDocuments({ issueId: id, limit: 1 });
    assert.match((await app.inject({ url: '/' })).body, new RegExp(`/issues/${id}\\b`), 'the home page lists it');
    const del = (server: typeof app, url: string, headers: Record<string, string> = {}) => server.inject({ method: 'DELETE', url, headers });
    const error = (r: Awaited<ReturnType<typeof del>>) => [r.statusCode, r.json().error.code];
    assert.deepEqual(error(await del(readOnly, `/api/issues/${id}`, { authorization: 'Bearer t0ken' })), [403, 'read_only']);
    assert.deepEqual(error(await del(app, `/api/issues/${id}`)), [401, 'unauthorized']);
    assert.deepEqual(error(await del(app, `/api/issues/${id}`, { authorization: 'Bearer nope' })), [401, 'unauthorized']);
    assert.deepEqual(error(await del(app, '/api/issues/abc', { authorization: 'Bearer t0ken' })), [400, 'invalid_parameter']);
    assert.deepEqual(error(await del(app, `/api/issues/${id + 1}`, { authorization: 'Bearer t0ken' })), [404, 'not_found']);
    assert.equal((await app.inject({ url: `/api/issues/${id}` })).statusCode, 200, 'refusals removed nothing');

    const r = await del(app, `/api/issues/${id}`, { 'x-gongbao-token': 't0ken' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().removed.id, r.json().removed.sourcePath, r.json().removed.documentCount], [id, 'yangquan-2020-01.txt', 20]);
    assert.equal((await app.inject({ url: `/api/issues/${id}` })).statusCode, 404);
    assert.equal((await app.inject({ url: `/api/documents/${doc!.id}` })).statusCode, 404);
    assert.deepEqual((await app.inject({ url: '/api/issues' })).json().items, []);
    assert.doesNotMatch((await app.inject({ url: '/' })).body, new RegExp(`/issues/${id}\\b`), 'gone from the home page');
    assert.deepEqual(error(await del(app, `/api/issues/${id}`, { authorization: 'Bearer t0ken' })), [404, 'not_found']);

    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.deepEqual(Object.keys(spec.paths['/api/issues/{id}'].delete.responses).sort(), ['200', '400', '401', '403', '404', '500']);

    // An upload with nothing of a gazette: 422 not_a_gazette, nothing stored.
    const up = await app.inject({
      method: 'POST', url: '/api/issues?name=README.md', payload: readFileSync(join(ROOT, 'README.md')),
      headers: { 'content-type': 'text/plain', authorization: 'Bearer t0ken' },
    });
    assert.deepEqual([up.statusCode, up.json().error.code], [422, 'not_a_gazette']);
    assert.match(up.json().error.message, /^README\.md: not a gazette/);
    assert.deepEqual(await archive.listIssues(), []);
  } finally {
    await app.close();
    await readOnly.close();
    await archive.close();
    cleanup();
  }
});

test('gongbao backup copies the SQLite archive while a server writes to it; the copy opens', async () => {
  const { dir, cleanup } = tempDir();
  const dbPath = join(dir, 'live.db');
  const archive = openArchive(dbPath);
  const app = await buildServer({ archive, token: 't0ken' });
  try {
    let n = 0;
    const upload = async () => {
      n++;
      const text = gazette(2000 + (n % 50), n, [{ title: `阳泉市人民政府关于第${n}批试点工作的通知`, number: `阳政发〔2022〕${n}号`, date: '2022年3月5日', body: [`第${n}批试点工作自即日起开展。`] }]);
      const r = await app.inject({ method: 'POST', url: `/api/issues?name=issue-${n}.txt`, payload: text, headers: { 'content-type': 'text/plain', authorization: 'Bearer t0ken' } });
      assert.equal(r.statusCode, 201, r.body);
    };
    for (let i = 0; i < 20; i++) await upload();
    const storedBefore = (await archive.stats()).issues;
    assert.equal(storedBefore, 20);
    // (Everything is still in the write-ahead log: a plain copy of the file has no archive in it.)
    assert.ok(existsSync(`${dbPath}-wal`));

    const { command, args } = cliCommand();
    const child = spawn(command, [...args, 'backup', 'copy.db', '--db', dbPath, '--json'], { cwd: dir, env: { ...process.env, GONGBAO_DB: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    let running = true;
    void exited.then(() => (running = false));
    // Keep writing until the copy is done.
    while (running) await upload();
    assert.equal(await exited, 0, err);
    assert.ok(n > 21, `the server wrote during the backup (${n - 20} uploads)`);

    const copied = JSON.parse(out);
    assert.ok(copied.issues >= storedBefore && copied.issues <= n, JSON.stringify(copied));
    const raw = new Database(join(dir, 'copy.db'), { readonly: true });
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();
    const copy = openArchive(join(dir, 'copy.db'), { readonly: true });
    try {
      assert.equal((await copy.stats()).issues, copied.issues);
      assert.equal((await copy.search('第7批试点工作')).total, 1, 'the copy searches');
    } finally {
      await copy.close();
    }

    // Never over an existing file; PostgreSQL points at pg_dump.
    let r = cli(['backup', 'copy.db', '--db', dbPath], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^gongbao: copy\.db exists: give a new file name \(a backup never overwrites\)\n$/);
    r = cli(['backup', 'x.dump', '--db', 'postgres://me:secret@db.example/gongbao'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^gongbao: a PostgreSQL archive is backed up with pg_dump, not gongbao: pg_dump --format=custom --file=x\.dump 'postgres:\/\/me:\*\*\*@db\.example\/gongbao'/);
    assert.ok(!existsSync(join(dir, 'x.dump')));
  } finally {
    await app.close();
    await archive.close();
    cleanup();
  }
});
