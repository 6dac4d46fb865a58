/**
 * The JSON HTTP API against a real SQLite archive built from the sample issues (plus a synthetic
 * issue with known facts): routes, validation, JSON errors, pagination, OpenAPI, ingest with a
 * token; through `app.inject` and through real HTTP on 127.0.0.1.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import type { Archive } from '../src/store/archive.js';
import { openArchive } from '../src/store/open.js';
import { buildSampleArchive, CORPUS_DIR, COOP_UNIT, LEAD_UNIT, SYNTHETIC_PERSON, type SampleArchive } from './web-fixture.js';

let sample: SampleArchive;
let app: FastifyInstance;

async function get(url: string) {
  const r = await app.inject({ url });
  return { status: r.statusCode, body: r.json() as any, headers: r.headers };
}

before(async () => {
  sample = await buildSampleArchive();
  app = await buildServer({ archive: sample.archive });
});

after(async () => {
  await app?.close();
  await sample?.close();
});

function assertError(res: { status: number; body: any }, status: number, code?: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(typeof res.body.error?.code, 'string');
  assert.equal(typeof res.body.error?.message, 'string');
  if (code) assert.equal(res.body.error.code, code);
  assert.doesNotMatch(JSON.stringify(res.body), /at .*\.(ts|js):\d+/, 'no stack trace in errors');
}

describe('OpenAPI', () => {
  test('describes every route with OpenAPI 3 and named schemas', async () => {
    const { status, body } = await get('/api/openapi.json');
    assert.equal(status, 200);
    assert.match(body.openapi, /^3\./);
    for (const p of [
      '/api/issues', '/api/issues/{id}', '/api/documents', '/api/documents/{id}', '/api/documents/{id}/lines',
      '/api/documents/{id}/citations', '/api/documents/{id}/cited-by', '/api/documents/{id}/validity', '/api/search',
      '/api/people', '/api/people/{name}', '/api/agencies', '/api/agencies/{name}', '/api/tasks', '/api/stats',
    ]) assert.ok(body.paths[p], `path ${p} documented`);
    assert.ok(body.paths['/api/issues'].post, 'POST /api/issues documented');
    for (const s of ['DocumentDetail', 'IssueDetail', 'SearchResult', 'TaskRecord', 'PersonTimeline', 'Error']) {
      assert.ok(body.components.schemas[s], `schema ${s}`);
    }
    const params = body.paths['/api/tasks'].get.parameters.map((p: any) => p.name);
    for (const n of ['unit', 'dueBefore', 'overdue', 'limit', 'offset']) assert.ok(params.includes(n), `tasks parameter ${n}`);
    assert.equal(body.paths['/'], undefined, 'web pages are not in the API description');
  });
});

describe('issues and documents', () => {
  test('issues are listed with pagination', async () => {
    const all = await get('/api/issues');
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 4);
    assert.equal(all.body.nextOffset, null);
    const first = await get('/api/issues?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.equal(first.body.nextOffset, 2);
    const second = await get('/api/issues?limit=2&offset=2');
    assert.deepEqual([...first.body.items, ...second.body.items].map((i: any) => i.id), all.body.items.map((i: any) => i.id));
  });

  test('an issue has its masthead, the TOC as printed and its documents', async () => {
    const issues = (await get('/api/issues')).body.items;
    const y2020 = issues.find((i: any) => i.year === 2020 && i.title === '阳泉市人民政府公报');
    const { status, body } = await get(`/api/issues/${y2020.id}`);
    assert.equal(status, 200);
    assert.equal(body.masthead.publishedOn, '2020-02-29');
    assert.equal(body.toc.length, 20);
    assert.equal(body.documents.length, 20);
    assert.equal(body.documents[0].docNumber, '阳政发〔2020〕2号');
  });

  test('a document comes with all its extracted data and its text', async () => {
    const [doc] = (await get('/api/documents?docNumber=' + encodeURIComponent('阳政发[2020]2 号'))).body.items;
    assert.equal(doc.title, '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知');
    const { status, body } = await get(`/api/documents/${doc.id}`);
    assert.equal(status, 200);
    assert.equal(body.document.docNumber, '阳政发〔2020〕2号');
    assert.ok(body.document.outline.length > 0);
    assert.equal(body.lines.length, body.endLine - body.startLine + 1);
    assert.ok(body.lines.some((l: any) => l.raw.includes('已经市人民政府同意')), 'text included');
    assert.ok(body.citedBy.some((c: any) => c.documentDocNumber === '测政发〔2024〕1号'), 'cited by the synthetic notice');
    assert.ok(['in_force', 'expired', 'repealed', 'not_yet_in_force', 'unknown'].includes(body.validity.status));
  });

  test('facts come with the span of their evidence, and the lines under it hold the fact', async () => {
    const [doc] = (await get('/api/documents?docNumber=' + encodeURIComponent('阳政发〔2020〕2号'))).body.items;
    const { body } = await get(`/api/documents/${doc.id}`);
    const textOf = (n: number) => body.lines.find((l: any) => l.line === n).text as string;
    const under = (s: any) => s.line === s.endLine
      ? textOf(s.line).slice(s.column, s.endColumn)
      : textOf(s.line).slice(s.column) + textOf(s.endLine).slice(0, s.endColumn);
    const cited = body.document.citations.filter((c: any) => c.title);
    assert.ok(cited.length > 0);
    for (const c of cited) {
      assert.ok(c.span, `citation ${c.title} has a span`);
      assert.ok(under(c.span).replace(/\s/g, '').includes(c.title.slice(0, 4)), `${under(c.span)} holds ${c.title}`);
    }
    const tasks = (await get(`/api/documents/${doc.id}`)).body.document.tasks;
    assert.ok(tasks.length === 0 || tasks.every((t: any) => t.span && t.span.line >= body.startLine));
  });

  test('lines, citations, cited-by and validity of a document', async () => {
    const [synth] = (await get('/api/documents?docNumber=' + encodeURIComponent('测政发〔2024〕1号'))).body.items;
    const lines = await get(`/api/documents/${synth.id}/lines?from=${synth.startLine}&to=${synth.startLine + 2}`);
    assert.deepEqual(lines.body.lines.map((l: any) => l.line), [synth.startLine, synth.startLine + 1, synth.startLine + 2]);
    const cites = await get(`/api/documents/${synth.id}/citations`);
    assert.equal(cites.body.items.length, 1);
    assert.equal(cites.body.items[0].targetDocNumber, '阳政发〔2020〕2号');
    const citedBy = await get(`/api/documents/${cites.body.items[0].targetId}/cited-by`);
    assert.ok(citedBy.body.items.some((c: any) => c.documentId === synth.id));
    const v = await get(`/api/documents/${synth.id}/validity?asOf=2025-01-01`);
    assert.equal(v.body.status, 'in_force');
    assert.equal((await get(`/api/documents/${synth.id}/validity?asOf=2026-06-01`)).body.status, 'expired');
  });

  test('unknown ids are 404 and malformed ones 400, as JSON', async () => {
    assertError(await get('/api/documents/999999'), 404, 'not_found');
    assertError(await get('/api/issues/999999'), 404, 'not_found');
    assertError(await get('/api/documents/999999/citations'), 404, 'not_found');
    assertError(await get('/api/documents/abc'), 400, 'invalid_parameter');
    assertError(await get('/api/documents/0'), 400, 'invalid_parameter');
    assertError(await get('/api/documents/1/validity?asOf=2021-02-30'), 400, 'invalid_parameter');
    assertError(await get('/api/nothing-here'), 404, 'not_found');
    assertError(await get('/api/issues?limit=Infinity'), 400, 'invalid_parameter');
    assertError(await get('/api/search?offset=1e400'), 400, 'invalid_parameter');
    assertError(await get('/api/documents/%ZZ'), 400, 'bad_url');
    assertError(await get('/api/%'), 400, 'bad_url');
  });

  test('URLs matching no route: JSON, unless a browser asks for a page', async () => {
    assertError(await get('/no/such/thing'), 404, 'not_found');
    const r = await app.inject({ url: '/no/such/thing', headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /<h1>404 页面不存在<\/h1>/);
  });
});

describe('search', () => {
  test('finds documents with snippets, highlights and facets', async () => {
    const { status, body } = await get('/api/search?q=' + encodeURIComponent('耐火材料'));
    assert.equal(status, 200);
    assert.ok(body.total >= 2);
    const hit = body.hits[0];
    assert.ok(hit.snippet.length > 0);
    const marked = hit.highlights.map(([s, e]: [number, number]) => hit.snippet.slice(s, e).replace(/\s/g, ''));
    assert.ok(marked.includes('耐火材料'), JSON.stringify(marked));
    for (const m of marked) assert.ok(m.length > 0 && '耐火材料'.includes(m), m);
    assert.ok(body.facets.type.length > 0 && body.facets.year.length > 0);
    assert.equal(body.limit, 20);
  });

  test('filters and pagination', async () => {
    const all = await get('/api/search?q=&limit=100');
    assert.equal(all.body.total, 61);
    const page2 = await get('/api/search?q=&limit=10&offset=10');
    assert.equal(page2.body.hits.length, 10);
    const y = await get('/api/search?q=&from=2021-01-01&to=2021-12-31&limit=100');
    assert.ok(y.body.total > 0 && y.body.hits.every((h: any) => h.date?.startsWith('2021')));
    const expired = await get('/api/search?q=&status=expired&asOf=2026-06-01');
    assert.ok(expired.body.hits.some((h: any) => h.docNumber === '测政发〔2024〕1号'));
  });

  test('document numbers in any spelling', async () => {
    const { body } = await get('/api/search?q=' + encodeURIComponent('阳政发(2020)2号'));
    assert.equal(body.hits[0].docNumber, '阳政发〔2020〕2号');
  });

  test('bad parameters are refused with a JSON 400', async () => {
    assertError(await get('/api/search?q=x&status=nonsense'), 400, 'invalid_parameter');
    assertError(await get('/api/search?q=x&limit=1000'), 400, 'invalid_parameter');
    assertError(await get('/api/search?q=x&offset=-1'), 400, 'invalid_parameter');
    assertError(await get('/api/search?q=x&colour=red'), 400, 'invalid_parameter');
    assertError(await get('/api/search?q=' + 'a'.repeat(201)), 400, 'invalid_parameter');
    assertError(await get('/api/search?q=x&from=2021-12-31&to=2021-01-01'), 400);
    assertError(await get('/api/search?q=' + encodeURIComponent('year:abc')), 400, 'invalid_query');
  });

  test('a request URL over the limit is 414', async () => {
    assertError(await get('/api/search?q=' + 'x'.repeat(5000)), 414, 'uri_too_long');
  });
});

describe('people, agencies, tasks', () => {
  test('people and a timeline', async () => {
    const people = await get('/api/people?limit=100');
    assert.ok(people.body.items.some((p: any) => p.name === SYNTHETIC_PERSON));
    const prefixed = await get('/api/people?prefix=' + encodeURIComponent('王'));
    assert.ok(prefixed.body.items.every((p: any) => p.name.startsWith('王')));
    const t = await get('/api/people/' + encodeURIComponent(SYNTHETIC_PERSON));
    assert.equal(t.status, 200);
    assert.equal(t.body.entries[0].action, 'appoint');
    assert.equal(t.body.entries[0].post, '测试市工业和信息化局局长');
    assertError(await get('/api/people/' + encodeURIComponent('无此人')), 404, 'not_found');
  });

  test('agencies and their tasks', async () => {
    const names: string[] = [];
    for (let offset: number | null = 0; offset !== null;) {
      const page = await get(`/api/agencies?limit=100&offset=${offset}`);
      names.push(...page.body.items.map((a: any) => a.name));
      offset = page.body.nextOffset;
    }
    assert.ok(names.includes(COOP_UNIT) && names.includes(LEAD_UNIT));
    assert.equal(new Set(names).size, names.length, 'pages do not overlap');
    const a = await get('/api/agencies/' + encodeURIComponent(COOP_UNIT) + '?asOf=2025-01-01');
    assert.equal(a.body.led.length, 1);
    assert.equal(a.body.cooperating.length, 1);
    assert.equal(a.body.overdue.length, 1);
    assertError(await get('/api/agencies/' + encodeURIComponent('无此单位')), 404);
  });

  test('tasks filtered by unit, due date and overdue; sorted; paginated', async () => {
    const unit = await get('/api/tasks?unit=' + encodeURIComponent(COOP_UNIT));
    assert.equal(unit.body.total, 2);
    const lead = await get('/api/tasks?unit=' + encodeURIComponent(COOP_UNIT) + '&role=lead');
    assert.equal(lead.body.total, 1);
    const before = await get('/api/tasks?unit=' + encodeURIComponent(LEAD_UNIT) + '&dueBefore=2030-01-01');
    assert.deepEqual(before.body.items.map((t: any) => t.deadline), ['2024-06-30']);
    const overdue = await get('/api/tasks?overdue=true&asOf=2025-01-01&limit=100');
    assert.ok(overdue.body.items.every((t: any) => t.state === 'overdue'));
    assert.ok(overdue.body.items.some((t: any) => t.deadline === '2024-06-30'));
    const desc = await get('/api/tasks?unit=' + encodeURIComponent(COOP_UNIT) + '&sort=-deadline');
    assert.deepEqual(desc.body.items.map((t: any) => t.deadline), ['2099-12-31', '2024-06-30']);
    const paged = await get('/api/tasks?unit=' + encodeURIComponent(COOP_UNIT) + '&limit=1');
    assert.equal(paged.body.items.length, 1);
    assert.equal(paged.body.nextOffset, 1);
    assertError(await get('/api/tasks?role=lead'), 400);
    assertError(await get('/api/tasks?dueBefore=tomorrow'), 400, 'invalid_parameter');
  });

  test('stats', async () => {
    const { body } = await get('/api/stats');
    assert.equal(body.issues, 4);
    assert.equal(body.documents, 61);
    assert.ok(body.tasks >= 2);
  });
});

describe('ingest over the API', () => {
  const text = readFileSync(join(CORPUS_DIR, 'yangquan-2021-05.txt'));

  test('read-only without a token', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/issues', payload: text, headers: { 'content-type': 'text/plain' } });
    assertError({ status: r.statusCode, body: r.json() }, 403, 'read_only');
  });

  test('with GONGBAO_TOKEN: needs the token, ingests, is idempotent, limits the body', async () => {
    const fresh = await buildSampleArchive();
    const writable = await buildServer({ archive: fresh.archive, token: 's3cret' });
    try {
      const post = (body: Buffer | string, headers: Record<string, string>, url = '/api/issues?name=new-issue.txt') =>
        writable.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
      // (An issue the archive does not hold: the 2023 sample moved to 2033, masthead and document numbers.)
      const issue = readFileSync(join(CORPUS_DIR, 'yangquan-2023-05.txt')).toString('utf8').replaceAll('2023', '2033');
      let r = await post(issue, {});
      assertError({ status: r.statusCode, body: r.json() }, 401, 'unauthorized');
      r = await post(issue, { authorization: 'Bearer wrong' });
      assertError({ status: r.statusCode, body: r.json() }, 401, 'unauthorized');
      r = await post(issue, { authorization: 'Bearer s3cret' });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().status, 'inserted');
      assert.ok(r.json().documents > 0);
      r = await post(issue, { authorization: 'Bearer s3cret' });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().status, 'unchanged');
      r = await post(text, { authorization: 'Bearer s3cret' }, '/api/issues?name=copy.txt');
      assert.equal(r.json().status, 'duplicate', 'same content as a stored file is not stored twice');
      r = await post('', { authorization: 'Bearer s3cret' });
      assertError({ status: r.statusCode, body: r.json() }, 400);
      r = await post(Buffer.alloc(33 * 1024 * 1024, 0x61), { authorization: 'Bearer s3cret' });
      assertError({ status: r.statusCode, body: r.json() }, 413, 'body_too_large');
      r = await writable.inject({ method: 'POST', url: '/api/issues', payload: '{"a":1}', headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' } });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500);
      r = await post(issue, { authorization: 'Bearer s3cret' }, '/api/issues?name=../../etc/passwd');
      assertError({ status: r.statusCode, body: r.json() }, 400, 'invalid_parameter');
      const stats = (await writable.inject({ url: '/api/stats' })).json();
      assert.equal(stats.issues, 5);
    } finally {
      await writable.close();
      await fresh.close();
    }
  });
});

describe('errors', () => {
  test('an internal error is a JSON 500 without details', async () => {
    const broken = new Proxy(sample.archive, {
      get(target, prop, receiver) {
        if (prop === 'stats') return async () => { throw new Error('disk on fire at /secret/path.ts:12'); };
        return Reflect.get(target, prop, receiver);
      },
    }) as Archive;
    const server = await buildServer({ archive: broken });
    const origWrite = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      const r = await server.inject({ url: '/api/stats' });
      assert.equal(r.statusCode, 500);
      assert.deepEqual(r.json(), { error: { code: 'internal', message: 'internal error' } });
      const page = await server.inject({ url: '/' });
      assert.equal(page.statusCode, 500);
      assert.doesNotMatch(page.body, /disk on fire|secret/);
    } finally {
      process.stderr.write = origWrite;
      await server.close();
    }
  });
});

describe('real HTTP', () => {
  test('listens on 127.0.0.1 and answers JSON and HTML', async () => {
    const archive = openArchive(sample.dbPath, { mustExist: true });
    const server = await buildServer({ archive });
    try {
      await server.listen({ port: 0, host: '127.0.0.1' });
      const port = (server.server.address() as { port: number }).port;
      const stats = await fetch(`http://127.0.0.1:${port}/api/stats`);
      assert.equal(stats.status, 200);
      assert.match(stats.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(((await stats.json()) as any).issues, 4);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /<html lang="zh-CN">/);
      const bad = await fetch(`http://127.0.0.1:${port}/api/search?limit=x`);
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as any).error.code, 'invalid_parameter');
    } finally {
      await server.close();
      await archive.close();
    }
  });
});
