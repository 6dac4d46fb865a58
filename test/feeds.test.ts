/**
 * Atom feeds (RFC 4287), read by a real XML parser and checked for the elements the RFC requires
 * (feed: id, title, updated, author, link rel=self; entry: id, title, updated, link rel=alternate,
 * summary), against the search engine's answers, on SQLite and PostgreSQL; entry ids that survive
 * a re-ingest; the pages that announce the feeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { atomXml } from '../src/server/feeds/atom.js';
import { FEED_SIZE } from '../src/server/feeds/routes.js';
import { backends, PERSONNEL_TITLE, PLAN_NUMBER } from './mcp-fixture.js';

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false,
  isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name),
});

const text = (n: unknown): string => (typeof n === 'object' && n !== null ? String((n as Node)['#text'] ?? '') : String(n ?? ''));
const linkOf = (n: Node, rel: string): Node | undefined => (n.link ?? []).find((l: Node) => (l['@rel'] ?? 'alternate') === rel);

/** Parse a feed and check what RFC 4287 requires of it and of each entry. */
function parseFeed(xml: string): Node {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  const doc = parser.parse(xml);
  const feed = doc.feed as Node;
  assert.ok(feed, 'a <feed> root');
  assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
  for (const el of ['id', 'title', 'updated']) assert.ok(text(feed[el]).length > 0, `feed has <${el}>`);
  assert.match(text(feed.updated), RFC3339);
  assert.ok(feed.author?.[0]?.name, 'feed has an author');
  assert.match(String(linkOf(feed, 'self')?.['@href']), /^http:\/\/.+\/feeds\//, 'feed links to itself');
  const entries: Node[] = feed.entry ?? [];
  for (const e of entries) {
    for (const el of ['id', 'title', 'updated', 'summary']) assert.ok(text(e[el]).length > 0, `entry has <${el}>`);
    assert.match(text(e.updated), RFC3339);
    assert.match(String(linkOf(e, 'alternate')?.['@href']), /^http:\/\/.+\/documents\/\d+$/);
    assert.match(text(e.id), /^tag:gongbao,2024:document\/[A-Za-z0-9%._~-]+$/, 'an ASCII tag URI');
  }
  assert.equal(new Set(entries.map((e) => text(e.id))).size, entries.length, 'entry ids are unique');
  return feed;
}

const docIds = (feed: Node): number[] => (feed.entry ?? []).map((e: Node) => Number(/\/documents\/(\d+)$/.exec(linkOf(e, 'alternate')!['@href'])![1]));

backends('Atom feeds', (get) => {
  let app: FastifyInstance;
  const fetchFeed = async (url: string) => {
    app ??= await buildServer({ archive: get().archive });
    const r = await app.inject({ url });
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    assert.match(String(r.headers['content-type']), /^application\/atom\+xml/);
    return parseFeed(r.body);
  };

  test('latest: the newest documents of the archive, as the search orders them', async () => {
    const feed = await fetchFeed('/feeds/latest.atom');
    const expected = await get().archive.search('', { sort: 'newest', limit: FEED_SIZE });
    assert.deepEqual(docIds(feed), expected.hits.map((h) => h.id));
    assert.equal(docIds(feed).length, Math.min(FEED_SIZE, expected.total));
    const dates = (feed.entry as Node[]).map((e) => Date.parse(text(e.updated)));
    assert.deepEqual(dates, [...dates].sort((x, y) => y - x), 'newest first');
    assert.equal(text(feed.updated), text(feed.entry[0].updated));
    const plan = (feed.entry as Node[]).find((e) => text(e.title).includes(PLAN_NUMBER))!;
    assert.equal(text(plan.updated), '2024-01-10T00:00:00+08:00', 'the document date, stable across re-ingests');
    assert.match(text(plan.summary), /原文第 \d+–\d+ 行/);
    assert.match(text(plan.title), /<p>标签<\/p>/, 'markup in a title is text');
  });

  test('search: the same syntax and filters as the search, and the same hits', async () => {
    const feed = await fetchFeed(`/feeds/search.atom?q=${encodeURIComponent('供暖')}`);
    const expected = await get().archive.search('供暖', { sort: 'newest', limit: FEED_SIZE });
    assert.ok(expected.total >= 2);
    assert.deepEqual(docIds(feed), expected.hits.map((h) => h.id));
    const filtered = await fetchFeed(`/feeds/search.atom?q=${encodeURIComponent('方案 -供暖')}&type=${encodeURIComponent('通知')}&year=2023`);
    const expectedFiltered = await get().archive.search('方案 -供暖', { type: '通知', from: '2023-01-01', to: '2023-12-31', sort: 'newest', limit: FEED_SIZE });
    assert.ok(expectedFiltered.total > 0);
    assert.deepEqual(docIds(filtered), expectedFiltered.hits.map((h) => h.id));
    assert.equal(String(linkOf(filtered, 'alternate')!['@href']).replace(/^http:\/\/[^/]+/, ''), `/search?q=${encodeURIComponent('方案 -供暖')}&type=${encodeURIComponent('通知')}&year=2023`);
    // One search, one feed id, whatever the order of the parameters.
    const reordered = await fetchFeed(`/feeds/search.atom?year=2023&type=${encodeURIComponent('通知')}&q=${encodeURIComponent('方案 -供暖')}`);
    assert.equal(text(reordered.id), text(filtered.id));
    assert.notEqual(text(feed.id), text(filtered.id));
    const none = await fetchFeed(`/feeds/search.atom?q=${encodeURIComponent('月球采矿')}`);
    assert.equal(none.entry, undefined);
  });

  test('agency: the documents it issued', async () => {
    const feed = await fetchFeed(`/feeds/agency/${encodeURIComponent('测试市人民政府')}.atom`);
    assert.equal(feed.entry.length, 2);
    assert.ok(feed.entry.every((e: Node) => e.author.some((a: Node) => a.name === '测试市人民政府')));
    const r = await app.inject({ url: `/feeds/agency/${encodeURIComponent('没有这个单位')}.atom` });
    assert.equal(r.statusCode, 404);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
  });

  test('bad parameters: a 400 in plain text', async () => {
    for (const url of ['/feeds/search.atom?year=abc', '/feeds/search.atom?from=2024-02-30', `/feeds/search.atom?q=${encodeURIComponent('状态:很好')}`]) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 400, url);
      assert.match(String(r.headers['content-type']), /^text\/plain/, url);
    }
    assert.equal((await app.inject({ url: '/feeds/agency/x.rss' })).statusCode, 404);
  });

  test('entry ids: from the document number (or masthead and index), the same after a re-ingest', async () => {
    const before = await fetchFeed('/feeds/latest.atom');
    const personnel = (before.entry as Node[]).find((e) => text(e.title) === PERSONNEL_TITLE)!;
    assert.equal(text(personnel.id), `tag:gongbao,2024:document/${encodeURIComponent('issue:测试市人民政府公报/2024/1/1')}`, 'no number: masthead and index');
    const plan = (before.entry as Node[]).find((e) => text(e.title).includes(PLAN_NUMBER))!;
    assert.equal(text(plan.id), `tag:gongbao,2024:document/${encodeURIComponent(`number:${PLAN_NUMBER}`)}`);
    await get().reingestSynthetic();
    const after = await fetchFeed('/feeds/latest.atom');
    const summary = (feed: Node) => (feed.entry as Node[]).map((e) => [text(e.id), text(e.updated)]);
    assert.deepEqual(summary(after), summary(before));
    assert.notDeepEqual(docIds(after), docIds(before), 'while the row ids (and links) changed');
    await app.close();
  });

  test('pages announce their feeds with <link rel="alternate">', async () => {
    app = await buildServer({ archive: get().archive });
    const head = async (url: string) => /<head>([\s\S]*?)<\/head>/.exec((await app.inject({ url, headers: { accept: 'text/html' } })).body)![1]!;
    assert.match(await head('/'), /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feeds\/latest.atom">/);
    const q = encodeURIComponent('供暖');
    assert.match(await head(`/search?q=${q}&type=${encodeURIComponent('通知')}&sort=newest`), new RegExp(`href="/feeds/search.atom\\?q=${q}&amp;type=${encodeURIComponent('通知')}"`));
    const agency = await head(`/agencies/${encodeURIComponent('测试市人民政府')}`);
    assert.match(agency, /type="application\/atom\+xml"[^>]+href="\/feeds\/agency\/%E6%B5%8B[^"]*\.atom"/);
    assert.match(agency, /type="text\/calendar"[^>]+href="\/calendar\/agency\/%E6%B5%8B[^"]*\.ics"/);
    await app.close();
  });
});

test('text that XML cannot hold (control characters, lone surrogates) is dropped, the feed still parses', () => {
  const xml = atomXml({
    id: 'tag:gongbao,2024:feed/t', title: 'a\u0001b', updated: '2024-01-01T00:00:00Z', links: [], author: 'x', generator: { name: 'g', version: '1' },
    entries: [{ id: 'tag:gongbao,2024:document/x', title: '标题\u0000\uD800＆<&>', updated: '2024-01-01T00:00:00Z', links: [{ rel: 'alternate', href: 'http://h/documents/1?a=1&b=2' }], summary: '\u001b[1m', authors: [], categories: [] }],
  });
  assert.equal(XMLValidator.validate(xml), true);
  const feed = parser.parse(xml).feed as Node;
  assert.equal(text(feed.title), 'ab');
  assert.equal(text(feed.entry[0].title), '标题＆<&>');
  assert.equal(feed.entry[0].link[0]['@href'], 'http://h/documents/1?a=1&b=2');
});
