/**
 * Search in the reader and the API (issue 12, rough edges): results sorted by relevance or by
 * date, title and status fields in the reader's words, and a document-number query that jumps
 * to the document saying so, with the query kept in the search box.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { buildSampleArchive, type SampleArchive } from './web-fixture.js';

let sample: SampleArchive;
let app: FastifyInstance;

const get = async (u: string) => {
  const r = await app.inject({ url: u });
  return { status: r.statusCode, body: r.body, headers: r.headers };
};
const q = (s: string) => encodeURIComponent(s);
/** Dates of the hits on a results page, in order. */
const hitDates = (body: string) => [...body.split('<ol class="results"')[1]!.matchAll(/<p class="hit-meta">[\s\S]*?<\/p>/g)]
  .map((m) => /datetime="([\d-]+)"/.exec(m[0])?.[1] ?? null);

describe('search in the reader and the API', () => {
  before(async () => {
    sample = await buildSampleArchive();
    app = await buildServer({ archive: sample.archive });
  });
  after(async () => {
    await app?.close();
    await sample?.close();
  });

  test('the results page sorts by relevance, newest or oldest, and keeps the order across pages and filters', async () => {
    const relevance = await get('/search?q=' + q('通知'));
    assert.match(relevance.body, /<nav class="sorts" aria-label="排序">[\s\S]*<span aria-current="true">相关度<\/span>/);
    assert.match(relevance.body, new RegExp(`<a href="/search\\?q=${q('通知')}&amp;sort=newest">最新在前</a>`));
    const newest = await get('/search?q=' + q('通知') + '&sort=newest');
    assert.equal(newest.status, 200);
    assert.match(newest.body, /<span aria-current="true">最新在前<\/span>/);
    const dates = hitDates(newest.body);
    assert.equal(dates.length, 20);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.notDeepEqual(hitDates(relevance.body), dates);
    const oldest = hitDates((await get('/search?q=' + q('通知') + '&sort=oldest')).body);
    assert.deepEqual(oldest, [...oldest].sort());
    // The pager, the facets and the search form carry the order.
    assert.match(newest.body, /<a href="\/search\?q=[^"]*&amp;sort=newest&amp;page=2" rel="next">/);
    assert.match(newest.body, /<a href="\/search\?q=[^"]*&amp;year=2021&amp;sort=newest">2021年<\/a>/);
    assert.match(newest.body, /<input type="hidden" name="sort" value="newest">/);
    const page2 = hitDates((await get('/search?q=' + q('通知') + '&sort=newest&page=2')).body);
    assert.ok(page2[0]! <= dates[dates.length - 1]!);
    assert.equal((await get('/search?q=x&sort=date')).status, 400);
  });

  test('the API takes sort=relevance|newest|oldest and refuses anything else', async () => {
    const dates = async (sort: string) => {
      const r = await get(`/api/search?q=${q('通知')}&limit=100&snippets=false&sort=${sort}`);
      assert.equal(r.status, 200, r.body);
      return (JSON.parse(r.body).hits as { date: string | null }[]).map((h) => h.date).filter((d): d is string => !!d);
    };
    const newest = await dates('newest');
    assert.deepEqual(newest, [...newest].sort().reverse());
    assert.deepEqual(await dates('oldest'), [...newest].sort());
    assert.notDeepEqual(await dates('relevance'), newest);
    const bad = await get('/api/search?q=x&sort=date');
    assert.equal(bad.status, 400);
    assert.equal(JSON.parse(bad.body).error.code, 'invalid_parameter');
    const spec = JSON.parse((await get('/api/openapi.json')).body);
    const param = spec.paths['/api/search'].get.parameters.find((p: { name: string }) => p.name === 'sort');
    assert.deepEqual(param.schema.enum, ['relevance', 'newest', 'oldest']);
  });

  test('标题: finds documents by title only; 状态: takes the words the facets show', async () => {
    const titled = await get('/search?q=' + q('标题:整治工作方案'));
    assert.match(titled.body, /共 <strong>1<\/strong> 件/);
    assert.match(titled.body, /整治工作方案的通知<\/a><\/h2>/);
    const inText = await get('/search?q=' + q('耐火材料'));
    const inTitle = await get('/search?q=' + q('标题:耐火材料'));
    const count = (b: string) => Number(/共 <strong>(\d+)<\/strong> 件/.exec(b)![1]);
    assert.ok(count(inTitle.body) >= 1 && count(inTitle.body) < count(inText.body), 'fewer documents have it in the title');
    for (const h of inTitle.body.split('<ol class="results"')[1]!.match(/<h2 class="hit-title"><a [^>]*>[^<]*<\/a>/g)!) assert.match(h, /耐火材料/);
    // The status facet's label, typed into the query, gives the facet's count.
    const all = await get('/search');
    const facet = /<h3 id="fc-status">效力状态<\/h3>[\s\S]*?<a href="[^"]*status=(\w+)">([^<]+)<\/a><span class="n">(\d+)<\/span>/.exec(all.body)!;
    const typed = await get('/search?q=' + q(`状态:${facet[2]}`));
    assert.equal(typed.status, 200, typed.body.slice(0, 300));
    assert.equal(count(typed.body), Number(facet[3]), `状态:${facet[2]}`);
  });

  test('a document number jumps to the document, which says it was found by its number, query kept in the box', async () => {
    const target = (await sample.archive.findByDocNumber('阳政发〔2020〕2号'))[0]!.id;
    const typed = '阳政发[2020]2 号';
    const r = await get('/search?q=' + q(typed));
    assert.equal(r.status, 302);
    const location = String(r.headers.location);
    assert.equal(location, `/documents/${target}?q=${q(typed).replace(/%20/g, '+')}`);
    const doc = await get(location);
    assert.equal(doc.status, 200);
    assert.match(doc.body, /<p class="found-by" role="status">按文号找到 <strong class="docno">阳政发〔2020〕2号<\/strong>（检索词：阳政发\[2020\]2 号）<\/p>/);
    assert.match(doc.body, /<input id="hq" name="q" type="search" value="阳政发\[2020\]2 号"/);
    // Only a number query naming this very document says so.
    for (const other of ['耐火材料', '阳政发〔2020〕3号', '<script>']) {
      const d = await get(`/documents/${target}?q=${q(other)}`);
      assert.doesNotMatch(d.body, /按文号找到/, other);
      assert.match(d.body, /<input id="hq" name="q" type="search" value=""/);
    }
    assert.doesNotMatch((await get(`/documents/${target}`)).body, /按文号找到/);
  });
});
