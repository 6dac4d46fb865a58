/**
 * Bad input, part 2: the HTTP API under hostile requests, on both backends. Malformed and
 * oversized parameters, injection attempts in every field, path traversal, invalid percent
 * encoding, huge bodies, missing and wrong tokens: every answer is a 4xx (never a 5xx) with a JSON
 * error `{error: {code, message}}` and no stack trace; valid-but-hostile text (a search for
 * `' OR 1=1 --`) is just text and finds nothing; the server keeps answering; and nothing stored
 * changes (same stats, issues and search results before and after).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { LIMITS } from '../src/server/api/schemas.js';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { createTestDatabase, pgUnavailableReason, underCi, type TestDatabase } from '../src/store/pg/testing.js';

const TOKEN = 'correct-horse-battery-staple';

const NASTY = [
  "' OR '1'='1",
  "1; DROP TABLE documents; --",
  "'); DELETE FROM issues; --",
  '" OR ""="',
  '1 UNION SELECT * FROM schema_version',
  '$1',
  '\\',
  '%',
  '%00',
  '\u0000',
  '\u0000\u0001\u001f',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '{"$gt": ""}',
  '__proto__',
  'constructor',
  '${7*7}',
  '\ud800',
  '\u202e',
  '阳政发〔2020〕2号',
  'year:abc',
  'status:nope',
  '"',
  '-',
  '--',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1.5',
  '1e308',
  '99999999999999999999',
  '0x7fffffff',
  ' ',
  '',
];

const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 150, maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

const QUERY_PARAMS = ['q', 'limit', 'offset', 'type', 'issuer', 'section', 'from', 'to', 'status', 'asOf', 'facets', 'snippets',
  'issueId', 'docNumber', 'prefix', 'unit', 'role', 'state', 'overdue', 'dueBefore', 'dueAfter', 'documentId', 'sort', 'name', 'bogus'];

const PATHS: ((v: string) => string)[] = [
  () => '/api/issues',
  (v) => `/api/issues/${v}`,
  () => '/api/documents',
  (v) => `/api/documents/${v}`,
  (v) => `/api/documents/${v}/lines`,
  (v) => `/api/documents/${v}/citations`,
  (v) => `/api/documents/${v}/cited-by`,
  (v) => `/api/documents/${v}/validity`,
  () => '/api/search',
  () => '/api/people',
  (v) => `/api/people/${v}`,
  () => '/api/agencies',
  (v) => `/api/agencies/${v}`,
  () => '/api/tasks',
  () => '/api/stats',
  (v) => `/api/${v}`,
];

/**
 * Percent-encode the UTF-8 bytes of `s` (lone surrogates become U+FFFD, as a client would send).
 * `all` false leaves printable ASCII as it is — '%', '/', '..' reach the server raw.
 */
function percentEncode(s: string, all: boolean): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    const keep = all ? /[A-Za-z0-9_.~-]/.test(c) : b > 0x20 && b < 0x7f && !'#?&'.includes(c);
    out += keep ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function assertCleanAnswer(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string): void {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.ok(!/\bat [\w.<>]+ \(|node_modules|\/src\/.*\.ts:\d+/.test(res.body), `${what}: no stack trace or source path in the answer`);
  if (res.statusCode >= 400) {
    assert.match(String(res.headers['content-type']), /application\/json/, `${what}: JSON error`);
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    assert.equal(typeof body.error?.code, 'string', `${what}: error.code`);
    assert.equal(typeof body.error?.message, 'string', `${what}: error.message`);
  }
}

async function snapshot(a: OpenedArchive): Promise<unknown> {
  const s = await a.search('阳泉', { limit: 5, asOf: '2024-01-01' });
  return { stats: await a.stats(), issues: await a.listIssues(), search: { ...s, tookMs: 0 } };
}

async function fuzz(a: OpenedArchive): Promise<void> {
  const name = goldIssues()[0]!;
  const bytes = readFileSync(corpusFile(name));
  await a.ingestIssue({ parsed: parseIssue(bytes, { fileName: name }), lines: toSourceLines(decode(bytes).lines), sourcePath: `/archive/${name}.txt` });
  await a.flushIndex();
  const before = await snapshot(a);
  const app: FastifyInstance = await buildServer({ archive: a, token: TOKEN });
  const readOnly: FastifyInstance = await buildServer({ archive: a });
  try {
    // 1. Random hostile values in every path slot and query parameter.
    await fc.assert(
      fc.asyncProperty(
        fc.nat(PATHS.length - 1),
        hostile,
        fc.array(fc.tuple(fc.constantFrom(...QUERY_PARAMS), hostile), { maxLength: 4 }),
        fc.boolean(),
        async (p, slot, params, encode) => {
          const enc = (s: string) => percentEncode(s, encode);
          let url = PATHS[p]!(enc(slot));
          if (params.length) url += '?' + params.map(([k, v]) => `${k}=${enc(v)}`).join('&');
          const res = await app.inject({ method: 'GET', url });
          assertCleanAnswer(res, `GET ${url.slice(0, 200)}`);
        },
      ),
      { numRuns: 700 },
    );

    // 2. Malformed and oversized parameters: 4xx, specifically.
    const bad: string[] = [
      '/api/documents/abc', '/api/documents/-1', '/api/documents/0', '/api/documents/1.5', '/api/documents/99999999999',
      '/api/documents/1%00', '/api/issues/1;DROP', '/api/issues?limit=0', '/api/issues?limit=101', '/api/issues?limit=-5',
      '/api/issues?limit=abc', '/api/issues?offset=-1', `/api/issues?offset=${LIMITS.maxOffset + 1}`, '/api/issues?bogus=1',
      `/api/search?q=${'阳'.repeat(LIMITS.maxQueryLength + 1)}`, '/api/search?q=year:abc', '/api/search?q=status:nope',
      '/api/search?from=2020-13-01', '/api/search?to=yesterday', '/api/search?from=2021-01-01&to=2020-01-01',
      '/api/search?status=bogus', '/api/search?asOf=2020-02-30', '/api/search?facets=maybe', '/api/search?limit=1e9',
      `/api/people/${'张'.repeat(LIMITS.maxNameLength + 1)}`, '/api/people?prefix=', `/api/agencies/${'x'.repeat(1000)}`,
      '/api/tasks?role=lead', '/api/tasks?state=late', '/api/tasks?dueBefore=soon', '/api/tasks?sort=random',
      '/api/documents/1/lines?from=10&to=5', '/api/documents/1/lines?from=0', '/api/documents?issueId=x',
      `/api/documents?docNumber=${'号'.repeat(500)}`, '/api/%', '/api/documents/%E0%A4%A', '/api/people/%ZZ',
      '/api/documents/Infinity', '/api/issues?limit=Infinity', '/api/tasks?documentId=NaN', '/api/search?offset=1e400',
      `/api/search?q=${'a'.repeat(LIMITS.maxUrlLength)}`,
      // Path traversal, plain and encoded.
      '/api/documents/..%2F..%2F..%2Fetc%2Fpasswd', '/api/documents/../../../etc/passwd', '/api/people/..%2F..%2Fetc%2Fpasswd',
      '/api/%2e%2e/%2e%2e/etc/passwd', '/api/issues/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/api/..%5c..%5cwindows%5cwin.ini',
    ];
    for (const url of bad) {
      const res = await app.inject({ method: 'GET', url });
      assertCleanAnswer(res, `GET ${url.slice(0, 120)}`);
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `GET ${url.slice(0, 120)}: expected 4xx, got ${res.statusCode}`);
      assert.ok(!res.body.includes('root:x:0:0'), 'no file from outside');
    }
    for (const url of ['/static/..%2F..%2F..%2Fetc%2Fpasswd', '/static/../../package.json', '/..%2F..%2Fetc%2Fpasswd', '/assets/..%2f..%2fpackage.json']) {
      const res = await app.inject({ method: 'GET', url });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `GET ${url}: ${res.statusCode}`);
      assert.ok(!res.body.includes('root:x:0:0') && !res.body.includes('"devDependencies"'), `GET ${url}: no file from outside`);
    }

    // 3. Valid but hostile text is only text: a search for SQL finds nothing and breaks nothing.
    for (const q of NASTY.filter((s) => !/^(year|status):/.test(s))) {
      const res = await app.inject({ method: 'GET', url: `/api/search?q=${percentEncode(q, true)}` });
      assertCleanAnswer(res, `search ${JSON.stringify(q)}`);
      if (res.statusCode === 200 && /DROP|DELETE|UNION|OR '1'/.test(q)) assert.equal(JSON.parse(res.body).total, 0, q);
    }

    // 4. Ingest: tokens and bodies.
    const issue = readFileSync(corpusFile(name));
    const post = (srv: FastifyInstance, headers: Record<string, string>, payload: Buffer | string, url = '/api/issues?name=fuzz.txt') =>
      srv.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain', ...headers }, payload });
    const cases: [string, Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>, number][] = [
      ['no token', post(app, {}, issue), 401],
      ['wrong token', post(app, { authorization: 'Bearer wrong' }, issue), 401],
      ['token as a prefix', post(app, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, issue), 401],
      ['token with injection', post(app, { authorization: `Bearer ${TOKEN}' OR '1'='1` }, issue), 401],
      ['basic auth', post(app, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, issue), 401],
      ['read-only server', post(readOnly, { authorization: `Bearer ${TOKEN}` }, issue), 403],
      ['huge body', post(app, { authorization: `Bearer ${TOKEN}` }, Buffer.alloc(LIMITS.ingestBodyLimit + 1024, 0x41)), 413],
      ['huge body, no token', post(app, {}, Buffer.alloc(LIMITS.ingestBodyLimit + 1024, 0x41)), 413],
      ['empty body', post(app, { authorization: `Bearer ${TOKEN}` }, ''), 400],
      ['binary body', post(app, { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' }, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), 422],
      ['traversal in name', post(app, { authorization: `Bearer ${TOKEN}` }, issue, '/api/issues?name=..%2F..%2Fetc%2Fpasswd'), 400],
      ['JSON body', app.inject({ method: 'POST', url: '/api/issues', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: '{"a":' }), 415],
      ['form body', app.inject({ method: 'POST', url: '/api/issues', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }), 415],
      ['body on a read route', app.inject({ method: 'POST', url: '/api/search', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ q: 'x'.repeat(200_000) }) }), 404],
      ['huge JSON body', app.inject({ method: 'PUT', url: '/api/documents/1', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'x'.repeat(LIMITS.bodyLimit * 4) }) }), 404],
      ['DELETE of no issue', app.inject({ method: 'DELETE', url: '/api/issues/999999', headers: { authorization: `Bearer ${TOKEN}` } }), 404],
      ['DELETE, wrong token', app.inject({ method: 'DELETE', url: '/api/issues/1', headers: { authorization: 'Bearer wrong' } }), 401],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      assertCleanAnswer(res, what);
      if (status === 404 || status === 413) assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${what}: ${res.statusCode}`);
      else assert.equal(res.statusCode, status, `${what}: ${res.body.slice(0, 200)}`);
    }

    // 5. Still up, and nothing stored changed.
    const alive = await app.inject({ method: 'GET', url: '/api/stats' });
    assert.equal(alive.statusCode, 200);
    assert.deepEqual(await snapshot(a), before, 'nothing stored changed');
  } finally {
    await app.close();
    await readOnly.close();
  }
}

test('API fuzz: SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-fuzz-api-'));
  const a = openArchive(join(dir, 'archive.db'));
  try {
    await fuzz(a);
  } finally {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const pgMissing = pgUnavailableReason();
test('API fuzz: PostgreSQL', { skip: pgMissing && !underCi() ? pgMissing : false }, async () => {
  assert.equal(pgMissing, null, pgMissing ?? '');
  const db: TestDatabase = await createTestDatabase('fuzz_api');
  const a = openArchive(db.url);
  try {
    await fuzz(a);
  } finally {
    await a.close();
    await db.drop();
  }
});
