/**
 * Search against a real database of the three sample issues: recall equals a brute-force
 * substring scan for many random substrings (no misses, no false hits), query syntax, ranking,
 * snippets, facets, filters, document numbers in every common spelling, documents not yet
 * indexed, and merged index segments.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteArchive } from '../src/store/sqlite.js';
import { inflateText } from '../src/store/packed.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { parseQuery } from '../src/search/query.js';
import { markSnippet } from '../src/search/snippet.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

let archive: SqliteArchive;
let cleanup: () => void;
/** Every stored document's search text, for the brute-force scan. */
let texts: { id: number; text: string }[];

before(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  // Small segments and a low merge factor so the test exercises several segments and a merge.
  archive = SqliteArchive.open(join(t.dir, 'search.db'), { indexBatchChars: 30_000, mergeFactor: 2 });
  for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(f));
  await archive.flushIndex();
  const rows = archive.db.prepare('SELECT document_id AS id, body FROM document_texts ORDER BY document_id').all() as { id: number; body: Uint8Array }[];
  texts = rows.map((r) => ({ id: r.id, text: normalizeForSearch(inflateText(r.body)) }));
});

after(async () => {
  await archive.close();
  cleanup();
});

function scan(q: string): number[] {
  const n = normalizeForSearch(q);
  return texts.filter((t) => t.text.includes(n)).map((t) => t.id);
}

/** Occurrences of `q` in document `id`'s text, overlapping ones included (as the index counts). */
function countIn(id: number, q: string): number {
  const n = normalizeForSearch(q);
  const t = texts.find((x) => x.id === id)!.text;
  let c = 0;
  for (let i = t.indexOf(n); i >= 0; i = t.indexOf(n, i + 1)) c++;
  return c;
}

async function ids(q: string): Promise<number[]> {
  const r = await archive.search(q, { limit: 10_000, facets: false, snippets: false });
  assert.equal(r.total, r.hits.length);
  return r.hits.map((h) => h.id).sort((a, b) => a - b);
}

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647);
}

test('the index has several segments and merged ones', () => {
  const segs = archive.db.prepare('SELECT level FROM search_segments').all() as { level: number }[];
  assert.ok(segs.length >= 2, `segments: ${segs.length}`);
  assert.ok(segs.some((s) => s.level > 0), 'a merged segment');
});

test('recall equals a brute-force substring scan for 1500 random substrings (1–12 characters)', async () => {
  const r = rng(42);
  let checked = 0;
  for (let n = 0; n < 1500; n++) {
    const t = texts[Math.floor(r() * texts.length)]!.text;
    const len = 1 + Math.floor(r() * 12);
    const at = Math.floor(r() * Math.max(1, t.length - len));
    const q = t.slice(at, at + len);
    if (!q || /["“”]/.test(q)) continue;
    const expected = scan(q);
    const got = await archive.matchText(q);
    assert.deepEqual([...got.docs], expected, `query ${JSON.stringify(q)}`);
    // The counts BM25 ranks by: every occurrence, overlapping ones included.
    assert.deepEqual([...got.tfs], expected.map((id) => countIn(id, q)), `counts of ${JSON.stringify(q)}`);
    checked++;
  }
  assert.ok(checked > 1400);
});

test('the cover read for positions is the cheapest that fixes every character, and both plans answer alike', async () => {
  const { cheapestCover } = await import('../src/search/engine.js');
  assert.deepEqual(cheapestCover([5]), [0]);
  assert.deepEqual(cheapestCover([1, 9, 1]), [0, 2]);
  assert.deepEqual(cheapestCover([1, 1, 9, 1]), [0, 1, 3]);
  // The frequent bigram at offset 2 is left out: 1 and 3 cover its characters.
  assert.deepEqual(cheapestCover([4, 1, 100, 1, 4]), [0, 1, 3, 4]);
  const r = rng(99);
  for (let n = 0; n < 300; n++) {
    const cost = Array.from({ length: 1 + Math.floor(r() * 11) }, () => Math.floor(r() * 50));
    const cover = cheapestCover(cost);
    // Every character c of the (cost.length + 1)-character text lies in a chosen bigram (c−1 or c).
    for (let c = 0; c <= cost.length; c++) assert.ok(cover.includes(c) || cover.includes(c - 1), `${cost}: ${cover}`);
  }
  // The plan before (positions of every bigram, the cover at even offsets) finds the same.
  const queries: string[] = [];
  for (let n = 0; n < 300; n++) {
    const t = texts[Math.floor(r() * texts.length)]!.text;
    const len = 3 + Math.floor(r() * 10);
    const at = Math.floor(r() * Math.max(1, t.length - len));
    queries.push(t.slice(at, at + len));
  }
  const now = await Promise.all(queries.map(async (q) => (await archive.matchText(q)).docs));
  process.env.GONGBAO_SEARCH_PLAN = 'all-positions';
  try {
    for (let i = 0; i < queries.length; i++) {
      const before = (await archive.matchText(queries[i]!)).docs;
      assert.deepEqual([...now[i]!], [...before], queries[i]);
      assert.deepEqual([...before], scan(queries[i]!), queries[i]);
    }
  } finally {
    delete process.env.GONGBAO_SEARCH_PLAN;
  }
});

test('recall through the query syntax ("phrase") and for every Chinese character of the corpus', async () => {
  const r = rng(7);
  for (let n = 0; n < 200; n++) {
    const t = texts[Math.floor(r() * texts.length)]!.text;
    const len = 2 + Math.floor(r() * 6);
    const at = Math.floor(r() * (t.length - len));
    const q = t.slice(at, at + len);
    if (/["“”]/.test(q)) continue;
    assert.deepEqual(await ids(`"${q}"`), scan(q), q);
  }
  const chars = new Set(texts.flatMap((t) => [...t.text].filter((c) => /[\u4e00-\u9fff]/.test(c))));
  for (const c of chars) assert.deepEqual([...(await archive.matchText(c)).docs], scan(c), c);
});

test('substrings absent from the corpus find nothing; layout spaces and full-width forms do not matter', async () => {
  assert.deepEqual(await ids('"耐火材料产业行动方案的通知书"'), []);
  assert.deepEqual(await ids('高铝粘土'), scan('高铝粘土'));
  // 程 鹏 is printed with a layout space in 2020-01: "程 鹏为阳泉师范高等专科学校中文系主任（试用期一年）；"
  assert.equal((await ids('程鹏')).length, 1);
  assert.deepEqual(await ids('"程 鹏"'), await ids('程鹏'));
  // Unquoted, a space separates two words (both must match, anywhere).
  assert.ok((await ids('程 鹏')).length > 1);
  // Full-width digits and letters fold: ５Ｇ finds 5G.
  assert.deepEqual(await ids('５Ｇ'), await ids('5g'));
  assert.ok((await ids('5G')).length >= 1);
});

test('words: all must match; -exclusion; "exact phrase"', async () => {
  const both = await ids('人口普查 领导小组');
  const a = scan('人口普查');
  const b = scan('领导小组');
  assert.deepEqual(both, a.filter((x) => b.includes(x)));
  assert.deepEqual(await ids('人口普查 -领导小组'), a.filter((x) => !b.includes(x)));
  assert.deepEqual(await ids('"人口普查领导小组"'), scan('人口普查领导小组'));
  assert.deepEqual(await ids('“人口 普查”'), scan('人口普查'));
});

test('field filters: type:, issuer:, year:, section: and the same as options', async () => {
  const all = await archive.search('工作', { limit: 1000, snippets: false });
  const year2021 = await archive.search('工作 year:2021', { limit: 1000, snippets: false });
  assert.ok(year2021.total > 0 && year2021.total < all.total);
  // The year of the document date, else of its issue.
  for (const h of year2021.hits) assert.ok(h.date === null || h.date.startsWith('2021'), h.date ?? '');
  const range = await archive.search('工作 year:2020-2021', { limit: 1000, snippets: false });
  assert.ok(range.hits.every((h) => h.date! < '2022'));
  const office = await archive.search('工作 issuer:阳泉市人民政府办公室', { limit: 1000, snippets: false });
  assert.ok(office.total > 0);
  for (const h of office.hits) assert.ok(h.issuers.includes('阳泉市人民政府办公室'));
  assert.equal((await archive.search('工作', { issuer: '阳泉市人民政府办公室', limit: 1000 })).total, office.total);
  const types = await archive.search('工作 type:意见', { limit: 1000, snippets: false });
  for (const h of types.hits) assert.equal(h.docType, '意见');
  const personnel = await archive.search('任命 section:人事任免', { limit: 1000, snippets: false });
  assert.ok(personnel.total >= 3);
  const dated = await archive.search('工作', { from: '2021-01-01', to: '2021-12-31', limit: 1000, snippets: false });
  // Dates filter on the document date (a document without one is left out; year: falls back to the issue).
  assert.ok(dated.total > 0 && dated.total <= year2021.total);
  assert.ok(dated.hits.every((h) => h.date !== null && h.date >= '2021-01-01' && h.date <= '2021-12-31'));
  assert.throws(() => parseQuery('工作 year:twenty'), /year/);
});

test('document numbers are found in every common spelling', async () => {
  const spellings = ['阳政发〔2020〕2号', '阳政发[2020]2号', '阳政发(2020)2号', '阳政发〔2020〕2 号', '阳政发2020年2号', '阳政发（2020）2号', '阳政发［2020］2号'];
  const results = await Promise.all(spellings.map((s) => archive.search(s, { limit: 50 })));
  for (const r of results) {
    assert.ok(r.total >= 1, r.query);
    assert.equal(r.hits[0]!.docNumber, '阳政发〔2020〕2号', r.query);
    assert.deepEqual(r.hits.map((h) => h.id), results[0]!.hits.map((h) => h.id));
  }
  // The number printed with a layout space in the body (阳政发〔2020〕5 号) is found too.
  const five = await archive.search('阳政发[2020]5号');
  assert.equal(five.hits[0]!.docNumber, '阳政发〔2020〕5号');
  // A number only cited in the text finds the citing document: 国发〔2019〕24号 in 阳政发〔2020〕4号.
  const cited = await archive.search('国发(2019)24号');
  assert.ok(cited.hits.some((h) => h.docNumber === '阳政发〔2020〕4号'));
  assert.ok(cited.hits[0]!.snippet.includes('国发〔2019〕24号'));
  // Number plus words.
  const mixed = await archive.search('阳政发2020年4号 普查');
  assert.equal(mixed.total, 1);
});

test('ranking: title matches first, then BM25; exact phrase of the words first', async () => {
  const r = await archive.search('消防', { limit: 50 });
  const firstNonTitle = r.hits.findIndex((h) => !h.titleMatch);
  assert.ok(r.hits[0]!.titleMatch);
  assert.ok(r.hits.slice(firstNonTitle).every((h) => !h.titleMatch), 'title matches come first');
  for (let i = 1; i < r.hits.length; i++) assert.ok(r.hits[i - 1]!.score >= r.hits[i]!.score);
  // "人口 普查": the document with the words side by side ranks above ones with them apart.
  const p = await archive.search('全国 普查', { limit: 50 });
  const adjacent = new Set(scan('全国普查'));
  const firstApart = p.hits.findIndex((h) => !adjacent.has(h.id));
  if (firstApart >= 0) assert.ok(p.hits.slice(firstApart).every((h) => !adjacent.has(h.id) || h.titleMatch));
});

test('snippets: the hit highlighted, with its line number; paging', async () => {
  const r = await archive.search('高铝粘土', { limit: 5 });
  const h = r.hits[0]!;
  assert.ok(h.highlights.length >= 1);
  for (const [a, b] of h.highlights) assert.equal(normalizeForSearch(h.snippet.slice(a, b)), '高铝粘土');
  assert.match(markSnippet(h, '[', ']'), /\[高铝粘土\]/);
  assert.ok(h.line >= h.startLine && h.line <= h.endLine);
  const lines = await archive.documentLines(h.id, h.line, h.line + 1);
  assert.ok(normalizeForSearch(lines.map((l) => l.text).join('')).includes('高铝粘土'));
  // A hit across a line break is found and highlighted across it.
  const page1 = await archive.search('工作', { limit: 5 });
  const page2 = await archive.search('工作', { limit: 5, offset: 5 });
  assert.equal(page1.total, page2.total);
  assert.equal(new Set([...page1.hits, ...page2.hits].map((x) => x.id)).size, 10);
});

test('facets count type, issuer and year over all matches', async () => {
  const r = await archive.search('通知', { limit: 1 });
  assert.ok(r.facets);
  const sum = (list: { count: number }[]) => list.reduce((n, f) => n + f.count, 0);
  assert.equal(sum(r.facets.type), r.total);
  assert.equal(sum(r.facets.year), r.total);
  assert.ok(r.facets.issuer.some((f) => f.value === '阳泉市人民政府'));
  assert.deepEqual(r.facets.year.map((f) => f.value), ['2023', '2021', '2020']);
});

test('facets of a query most documents match (counted by what does not match) agree with filtering by each value', async () => {
  const everything = (await archive.search('', { limit: 0 })).total;
  const totals: number[] = [];
  for (const q of ['通知', '实施', '方案', '办法', '任命']) {
    const r = await archive.search(q, { limit: 0 });
    totals.push(r.total);
    for (const f of r.facets!.type) assert.equal((await archive.search(q, { type: f.value, limit: 0, facets: false })).total, f.count, `${q} type ${f.value}`);
    for (const f of r.facets!.issuer) assert.equal((await archive.search(q, { issuer: f.value, limit: 0, facets: false })).total, f.count, `${q} issuer ${f.value}`);
    assert.equal(r.facets!.type.reduce((n, f) => n + f.count, 0), r.total);
    assert.equal(r.facets!.year.reduce((n, f) => n + f.count, 0), r.total);
  }
  // Both ways of counting are exercised: words in more than half of the documents (but not all),
  // and in fewer.
  assert.ok(totals.some((n) => 2 * n > everything && n < everything), `${totals} of ${everything}`);
  assert.ok(totals.some((n) => 2 * n < everything), `${totals} of ${everything}`);
});

test('documents stored but not yet indexed are found by scanning, then indexed', async () => {
  const t = tempDir();
  try {
    const db = join(t.dir, 'tail.db');
    const a = SqliteArchive.open(db, { indexBatchChars: 10_000_000 });
    await a.ingestIssue(ingestInput(CORPUS_FILES[0]!));
    // Nothing flushed yet: every document is in the tail.
    const unindexed = (a.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n;
    assert.equal(unindexed, 20);
    const r = await a.search('耐火材料');
    assert.ok(r.total >= 1);
    // Another reader sees them too (it scans them as well).
    const reader = SqliteArchive.open(db);
    assert.equal((await reader.search('耐火材料')).total, r.total);
    await a.close(); // flushes
    assert.equal((await reader.search('耐火材料')).total, r.total);
    const still = (reader.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n;
    assert.equal(still, 0);
    await reader.close();
  } finally {
    t.cleanup();
  }
});

test('optimize merges all segments into one without changing results', async () => {
  const before = await ids('人民政府');
  const phrase = await ids('"人民政府办公室"');
  await archive.optimize();
  const segs = archive.db.prepare('SELECT COUNT(*) AS n FROM search_segments').get() as { n: number };
  assert.equal(segs.n, 1);
  assert.deepEqual(await ids('人民政府'), before);
  assert.deepEqual(await ids('"人民政府办公室"'), phrase);
});

test('a lone ingest is indexed shortly after, without waiting for a full segment', async () => {
  const t = tempDir();
  try {
    const a = SqliteArchive.open(join(t.dir, 'idle.db'), { indexBatchChars: 50_000_000 });
    await a.ingestIssue(ingestInput(CORPUS_FILES[1]!));
    const pending = () => (a.db.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n;
    assert.equal(pending(), 19);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(pending(), 0);
    assert.ok((await a.search('消防站')).total >= 1);
    await a.close();
  } finally {
    t.cleanup();
  }
});

test('varints round-trip, and a varint cut off by the end of its buffer throws instead of looping', async () => {
  const { ByteReader, ByteWriter } = await import('../src/search/varint.js');
  const w = new ByteWriter(4);
  const values = [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 31 - 1, 2 ** 40 + 7];
  for (const v of values) w.varint(v);
  const bytes = w.finish();
  const r = new ByteReader(bytes);
  assert.deepEqual(values.map(() => r.varint()), values);
  assert.ok(r.done);
  assert.throws(() => r.varint(), RangeError, 'reading past the end');
  // The last value without its final byte: every byte says "more follows".
  const cut = new ByteReader(bytes.subarray(0, bytes.length - 1));
  for (let i = 0; i < values.length - 1; i++) cut.varint();
  assert.throws(() => cut.varint(), RangeError);
});

test('the status facet counts every match by validity at asOf, as filtering by each status does', async () => {
  const { VALIDITY_STATUSES } = await import('../src/domain/validity.js');
  for (const q of ['阳泉', '办法', '通知 应急', '']) {
    for (const asOf of ['2021-06-01', '2030-01-01']) {
      const all = await archive.search(q, { asOf, limit: 0 });
      const byFilter: { value: string; count: number }[] = [];
      for (const s of VALIDITY_STATUSES) {
        const n = (await archive.search(q, { asOf, status: s, limit: 0, facets: false })).total;
        if (n) byFilter.push({ value: s, count: n });
      }
      assert.deepEqual(all.facets!.status, byFilter, `${q} at ${asOf}`);
      assert.equal(byFilter.reduce((n, f) => n + f.count, 0), all.total);
    }
  }
});
