/**
 * The PostgreSQL backend's own parts: choosing the backend from --db / DATABASE_URL, migrations
 * (once, even when several processes start at once; refusing a newer schema), read-only and
 * must-exist opening, unreachable servers (a clean ArchiveUnavailableError, status 503), text with
 * NUL characters (which PostgreSQL text cannot hold), ids out of range, and the write lock.
 * Conformance with SQLite is test/conformance.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { describeDb, isPostgresUrl, openArchive, connectArchive, resolveDbPath } from '../src/store/open.js';
import { PgArchive, redactUrl } from '../src/store/pg/archive.js';
import { ArchiveUnavailableError, createPool, isUnavailable, lockKey } from '../src/store/pg/db.js';
import { migrate } from '../src/store/pg/migrate.js';
import { PG_SCHEMA_VERSION } from '../src/store/pg/migrations/index.js';
import { SCHEMA_VERSION } from '../src/store/migrations/index.js';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { postingRowProblem } from '../src/search/postings.js';

const pgMissing = pgUnavailableReason();
const skip = pgMissing && !underCi() ? pgMissing : false;
const needPg = () => assert.equal(pgMissing, null, pgMissing ?? '');

test('backend choice: postgres:// and postgresql:// URLs, DATABASE_URL, else an SQLite file', () => {
  const saved = { db: process.env.GONGBAO_DB, url: process.env.DATABASE_URL };
  try {
    delete process.env.GONGBAO_DB;
    delete process.env.DATABASE_URL;
    assert.equal(resolveDbPath(), 'gongbao.db');
    assert.equal(resolveDbPath('x.db'), 'x.db');
    process.env.DATABASE_URL = 'postgres://u:secret@db.example:5432/gongbao';
    assert.equal(resolveDbPath(), 'postgres://u:secret@db.example:5432/gongbao');
    assert.equal(resolveDbPath('local.db'), 'local.db', '--db wins over DATABASE_URL');
    process.env.GONGBAO_DB = 'env.db';
    assert.equal(resolveDbPath(), 'env.db', 'GONGBAO_DB wins over DATABASE_URL');
    delete process.env.GONGBAO_DB;
    process.env.DATABASE_URL = 'mysql://u@h/db';
    assert.equal(resolveDbPath(), 'gongbao.db', 'a DATABASE_URL of another database is not ours');
  } finally {
    if (saved.db === undefined) delete process.env.GONGBAO_DB;
    else process.env.GONGBAO_DB = saved.db;
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
  }
  assert.ok(isPostgresUrl('postgres://h/db') && isPostgresUrl('postgresql://h/db') && isPostgresUrl('POSTGRES://h/db'));
  assert.ok(!isPostgresUrl('postgres.db') && !isPostgresUrl('/data/postgres://x'));
  assert.equal(redactUrl('postgres://u:secret@h:5432/db'), 'postgres://u:***@h:5432/db');
  assert.equal(describeDb('postgresql://u:p%40ss@h/db?sslmode=require'), 'postgresql://u:***@h/db?sslmode=require');
  assert.equal(describeDb('archive.db'), 'archive.db');
  assert.ok(openArchive('postgres://127.0.0.1:1/none') instanceof PgArchive, 'opening is lazy: no connection yet');
});

test('an unreachable server gives ArchiveUnavailableError (503), quickly, and no crash', async () => {
  // A port nothing listens on.
  const port: number = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const a = openArchive(`postgres://nobody:pw@127.0.0.1:${port}/gongbao`);
  const t0 = performance.now();
  await assert.rejects(a.stats(), (e: unknown) => {
    assert.ok(e instanceof ArchiveUnavailableError, String(e));
    assert.equal(e.statusCode, 503);
    assert.equal(e.code, 'archive_unavailable');
    assert.ok(!e.message.includes(':pw@'), 'no password in the message');
    return true;
  });
  await assert.rejects(a.search('阳泉'), ArchiveUnavailableError, 'and again on the next call (retried, not cached)');
  assert.ok(performance.now() - t0 < 10_000);
  await a.close();
  await assert.rejects(connectArchive(`postgres://nobody@127.0.0.1:${port}/gongbao`), ArchiveUnavailableError);
  assert.ok(isUnavailable(Object.assign(new Error('x'), { code: '57P01' })), 'admin shutdown');
  assert.ok(isUnavailable(Object.assign(new Error('x'), { code: 'ECONNRESET' })));
  assert.ok(!isUnavailable(Object.assign(new Error('x'), { code: '23505' })), 'a constraint violation is not unavailability');
  assert.notEqual(lockKey('a'), lockKey('b'));
  assert.match(lockKey('gongbao:write'), /^-?\d+$/);
});

test('migrations: once, under a lock, however many processes start together; a newer schema is refused', { skip }, async () => {
  needPg();
  const db = await createTestDatabase('migrate');
  const pools = Array.from({ length: 4 }, () => createPool(db.url));
  try {
    assert.equal(PG_SCHEMA_VERSION, SCHEMA_VERSION, 'PostgreSQL and SQLite schema versions move together');
    const versions = await Promise.all(pools.map((p) => migrate(p, 'test')));
    assert.deepEqual(versions, versions.map(() => PG_SCHEMA_VERSION));
    const rows = (await pools[0]!.query('SELECT version, name FROM schema_version ORDER BY version')).rows;
    assert.equal(rows.length, PG_SCHEMA_VERSION);
    assert.equal(await migrate(pools[0]!, 'test'), PG_SCHEMA_VERSION, 'idempotent');
    await pools[0]!.query("INSERT INTO schema_version VALUES (999, 'future', 'x')");
    await assert.rejects(migrate(pools[1]!, 'the test database'), /schema version 999.*upgrade gongbao/);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await db.drop();
  }
});

test('read-only and must-exist opening', { skip }, async () => {
  needPg();
  const db = await createTestDatabase('readonly');
  try {
    await assert.rejects(openArchive(db.url, { mustExist: true }).stats(), /no Gongbao archive in .*gongbao ingest/);
    await assert.rejects(connectArchive(db.url, { readonly: true }), /no Gongbao archive/);
    const w = openArchive(db.url);
    assert.equal((await w.stats()).issues, 0, 'a writer creates the schema');
    await w.close();
    const r = openArchive(db.url, { readonly: true, mustExist: true });
    assert.equal((await r.stats()).schemaVersion, PG_SCHEMA_VERSION);
    const name = goldIssues()[0]!;
    const bytes = readFileSync(corpusFile(name));
    await assert.rejects(r.ingestIssue({ parsed: parseIssue(bytes), lines: toSourceLines(decode(bytes).lines), sourcePath: '/x' }), /read-only/);
    await r.close();
    await assert.rejects(r.stats(), /closed/);
  } finally {
    await db.drop();
  }
});

test('text with NUL characters is stored (as U+FFFD) and found; ids out of range name nothing', { skip }, async () => {
  needPg();
  const db = await createTestDatabase('nul');
  const a = openArchive(db.url);
  try {
    const text = '# 阳泉市人民政府公报\n\n2024 年第 1 期\n\n# 阳泉市人民政府关于\u0000测试的通知\n\n阳政发〔2024〕9号\n\n各县（区）人民政府：\n\n零字\u0000符测试内容。\n\n阳泉市人民政府\n2024年1月10日\n';
    const bytes = new TextEncoder().encode(text);
    const parsed = parseIssue(bytes, { fileName: 'nul\u0000.txt' });
    assert.ok(parsed.documents.length >= 1);
    const res = await a.ingestIssue({ parsed, lines: toSourceLines(decode(bytes).lines), sourcePath: '/archive/nul\u0000.txt' });
    assert.equal(res.status, 'inserted');
    await a.flushIndex();
    const hits = await a.search('符测试');
    assert.equal(hits.total, 1, 'the NUL is dropped by search normalization, as on SQLite');
    const doc = (await a.getDocument(hits.hits[0]!.id))!;
    assert.ok(doc.lines.some((l) => l.text.includes('零字\uFFFD符')));
    assert.equal((await a.isCurrent('/archive/nul\u0000.txt', parsed.source.sha256, parsed.parserVersion))?.status, 'unchanged');
    for (const id of [0, -1, 1.5, NaN, Infinity, 2 ** 31, Number.MAX_SAFE_INTEGER + 2]) {
      assert.equal(await a.getDocument(id), null, `getDocument(${id})`);
      assert.equal(await a.getIssue(id), null);
      assert.equal(await a.validity(id), null);
      assert.deepEqual(await a.documentLines(id), []);
      assert.deepEqual(await a.citations(id), []);
      assert.equal(await a.deleteIssue(id), false);
    }
    assert.ok((await a.listIssues({ limit: Infinity, offset: -5 })).length === 1);
    assert.deepEqual(await a.listDocuments({ issueId: NaN }), []);
  } finally {
    await a.close();
    await db.drop();
  }
});

test('writers take turns: a write waits for another holding the write lock; readers do not', { skip }, async () => {
  needPg();
  const db = await createTestDatabase('lock');
  const a = openArchive(db.url);
  const holder = new pg.Client({ connectionString: db.url });
  try {
    await a.stats();
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [lockKey('gongbao:write')]);
    const name = goldIssues()[0]!;
    const bytes = readFileSync(corpusFile(name));
    let done = false;
    const write = a.ingestIssue({ parsed: parseIssue(bytes), lines: toSourceLines(decode(bytes).lines), sourcePath: '/archive/lock.txt' }).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(done, false, 'the ingest waits for the lock');
    assert.equal((await a.stats()).issues, 0, 'reads go on meanwhile');
    await holder.query('COMMIT');
    assert.equal((await write).status, 'inserted');
    assert.equal((await a.stats()).issues, 1, 'stats follow the write (generation-checked cache)');
  } finally {
    await holder.end().catch(() => {});
    await a.close();
    await db.drop();
  }
});

/** Every posting row decodes to whole entries with strictly ascending documents. */
async function assertPostingsWellFormed(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT seg, key, docs, pos FROM search_postings');
    for (const r of rows) {
      const problem = postingRowProblem({ docs: r.docs, pos: r.pos }, r.pos !== null);
      assert.equal(problem, null, `segment ${r.seg}, key ${r.key}: ${problem}`);
    }
    return rows.length;
  } finally {
    await c.end();
  }
}

// (A crashed writer's leftovers caught up by the first ingest while the process's other ingests
// commit theirs: the index writer once put an id twice or out of order into one segment here.)
test('ingests running at once in one process (and the catch-up racing them) index every document once', { skip }, async () => {
  needPg();
  const db = await createTestDatabase('inflight');
  // Small segments: several writes and merges during the test.
  const a = openArchive(db.url, { indexBatchChars: 200_000, mergeFactor: 3 });
  try {
    const inputs = goldIssues().map((name) => {
      const bytes = readFileSync(corpusFile(name));
      return { parsed: parseIssue(bytes, { fileName: name }), lines: toSourceLines(decode(bytes).lines), name };
    });
    const copy = (i: (typeof inputs)[number], k: number) => ({
      parsed: { ...i.parsed, source: { ...i.parsed.source, sha256: i.parsed.source.sha256.slice(0, -2) + String(k).padStart(2, '0') } },
      lines: i.lines,
      sourcePath: `/archive/${i.name}-${k}.txt`,
    });
    // A writer that dies before writing its index segment leaves documents unindexed…
    const crashed = openArchive(db.url, { indexBatchChars: 1e12 }) as PgArchive;
    for (let k = 0; k < 3; k++) for (const i of inputs) assert.equal((await crashed.ingestIssue(copy(i, k))).status, 'inserted');
    await crashed.pool.end();
    // …which the next writer's first ingest catches up on while its other ingests commit theirs.
    const jobs = [];
    for (let k = 3; k < 7; k++) for (const i of inputs) jobs.push(a.ingestIssue(copy(i, k)));
    for (const r of await Promise.all(jobs)) assert.equal(r.status, 'inserted');
    await a.flushIndex();
    assert.ok((await assertPostingsWellFormed(db.url)) > 1000);
    const docs = await a.listDocuments();
    const texts = new Map<number, string>();
    for (const d of docs) texts.set(d.id, normalizeForSearch((await a.documentLines(d.id)).map((l) => l.text).join('')));
    const check = async () => {
      for (const q of ['阳', '阳泉', '人民政府', '应急预案', '的通知', '市']) {
        const want = [...texts].filter(([, t]) => t.includes(q)).map(([id]) => id).sort((x, y) => x - y);
        assert.deepEqual([...(await a.matchText(q)).docs], want, q);
      }
    };
    await check();
    await a.optimize();
    assert.ok((await assertPostingsWellFormed(db.url)) > 1000);
    await check();
  } finally {
    await a.close();
    await db.drop();
  }
});
