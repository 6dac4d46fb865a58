/**
 * Search order against an independent oracle: for 1-character queries (the most frequent
 * characters of the corpus, whose matches are nearly every document, and rare ones), 2- and
 * 4-character queries and phrases, with and without filters, every page of the answer equals
 * the same stretch of the order computed here by brute force — matches from a substring scan,
 * BM25 from the scanned counts, the title bonus from the normalized titles, ties by date and id.
 * A plan that drops, adds or misorders a hit, or miscounts the total, fails here.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteArchive } from '../src/store/sqlite.js';
import { inflateText } from '../src/store/packed.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import type { SearchOptions } from '../src/domain/search.js';
import { CORPUS_FILES, gazette, ingestInput, tempDir } from './store-fixtures.js';

interface Doc {
  id: number;
  text: string;
  title: string;
  length: number;
  date: string | null;
  docType: string | null;
  year: number | null;
}

let archive: SqliteArchive;
let cleanup: () => void;
let docs: Doc[];
let byId: Map<number, Doc>;

before(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  archive = SqliteArchive.open(join(t.dir, 'ranking.db'), { indexBatchChars: 30_000, mergeFactor: 2 });
  for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(f));
  // Documents alike but for the date (a few dates, each many times): equal scores, ordered by
  // date, then id — more of them than the engine ranks at first (200), so the top k passes over
  // most of them.
  const dates = ['2021年3月5日', '2021年3月6日', '2020年4月7日', '2022年1月9日', '2019年8月2日'];
  const alike = Array.from({ length: 230 }, (_, i) => ({
    title: `阳泉市人民政府关于做好第${100 + i}项工作的通知`,
    number: `阳政发〔2022〕${100 + i}号`,
    date: dates[(i * 7) % dates.length]!,
    body: ['一、本通知由市鑫淼办负责解释。', '二、请各单位认真贯彻执行。'],
  }));
  await archive.ingestIssue(ingestInput(gazette(2022, 9, alike), 'alike.txt'));
  await archive.flushIndex();
  docs = (
    archive.db
      .prepare(
        `SELECT d.id, t.body, d.title, d.search_length AS length, d.date, d.doc_type AS docType, d.year
         FROM documents d JOIN document_texts t ON t.document_id = d.id ORDER BY d.id`,
      )
      .all() as (Omit<Doc, 'text'> & { body: Uint8Array })[]
  ).map(({ body, ...r }) => ({ ...r, text: normalizeForSearch(inflateText(body)), title: normalizeForSearch(r.title) }));
  byId = new Map(docs.map((d) => [d.id, d]));
});

after(async () => {
  await archive.close();
  cleanup();
});

function count(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
}

/**
 * The whole answer to one quoted text, by brute force: BM25 (k1 1.2, b 0.75) over every
 * document's scanned count, +100 when the title holds the text, in the order `sort` asks for.
 */
function oracle(text: string, opts: SearchOptions): number[] {
  const q = normalizeForSearch(text);
  const N = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / N || 1;
  const tf = new Map(docs.map((d) => [d.id, count(d.text, q)]));
  const matching = docs.filter((d) => tf.get(d.id)! > 0);
  const df = matching.length;
  const w = Math.log(1 + (N - df + 0.5) / (df + 0.5)) * (1.2 + 1);
  const score = new Map<number, number>();
  for (const d of matching) {
    const t = tf.get(d.id)!;
    let s = 0;
    s += (w * t) / (t + 1.2 * (1 - 0.75 + (0.75 * d.length) / avg));
    if (d.title.includes(q)) s += 100;
    score.set(d.id, s);
  }
  const kept = matching.filter((d) => (!opts.type || d.docType === opts.type) && (!opts.from || (d.date !== null && d.date >= opts.from)));
  const dateKey = (d: Doc) => (d.date ? Number(d.date.replace(/-/g, '')) : 0);
  const sort = opts.sort ?? 'relevance';
  kept.sort((a, b) => {
    if (sort !== 'relevance') {
      const later = sort === 'newest' ? 1 : -1;
      const da = dateKey(a);
      const db = dateKey(b);
      if (da !== db) return !da ? 1 : !db ? -1 : (db - da) * later;
      return score.get(b.id)! - score.get(a.id)! || (b.id - a.id) * later;
    }
    return score.get(b.id)! - score.get(a.id)! || dateKey(b) - dateKey(a) || b.id - a.id;
  });
  return kept.map((d) => d.id);
}

/** Every page of `limit` hits (and one past the end) equals its stretch of the oracle's order. */
async function assertPages(text: string, opts: SearchOptions, limit: number): Promise<void> {
  const expected = oracle(text, opts);
  for (let offset = 0; offset <= expected.length; offset += limit) {
    const r = await archive.search(`"${text}"`, { ...opts, limit, offset, facets: false, snippets: false, asOf: '2021-06-01' });
    const what = `${JSON.stringify(text)} ${JSON.stringify(opts)} offset ${offset}`;
    assert.equal(r.total, expected.length, `total of ${what}`);
    assert.deepEqual(
      r.hits.map((h) => h.id),
      expected.slice(offset, offset + limit),
      what,
    );
    // Which of them matched in the title (the bonus can be the same for every match, leaving the
    // order as it was when a title check misses).
    const q = normalizeForSearch(text);
    assert.deepEqual(
      r.hits.map((h) => h.titleMatch),
      r.hits.map((h) => byId.get(h.id)!.title.includes(q)),
      `title matches of ${what}`,
    );
  }
}

/** The corpus's characters by how many documents hold them, most first. */
function charsByFrequency(): string[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const c of new Set(d.text)) if (/[\u4e00-\u9fff]/.test(c)) df.set(c, (df.get(c) ?? 0) + 1);
  return [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
}

test('1-character queries: every page in the oracle order, frequent and rare characters, with filters and each sort', async () => {
  const chars = charsByFrequency();
  // The frequent ones match (nearly) every document; the rare ones a few.
  const frequent = chars.slice(0, 4);
  const rare = chars.slice(-3);
  assert.ok(oracle(frequent[0]!, {}).length >= docs.length * 0.9, 'the most frequent character is in nearly every document');
  const someType = docs.find((d) => d.docType)!.docType!;
  for (const c of [...frequent, ...rare, '鑫']) {
    await assertPages(c, {}, 7);
    await assertPages(c, { type: someType }, 5);
    await assertPages(c, { from: '2021-01-01' }, 9);
    await assertPages(c, { sort: 'newest' }, 11);
    await assertPages(c, { sort: 'oldest', type: someType }, 4);
  }
});

test('2- and 4-character queries and phrases: every page in the oracle order', async () => {
  const r = ((s) => () => ((s = (s * 16807) % 2147483647) / 2147483647))(3);
  // (作的通知, 工作的通知: at the end of many titles, where a title check can stop one short.)
  const texts = ['鑫淼', '市鑫淼办', '人民', '政府', '人民政府', '泉市人民', '阳泉市人民政府办公室', '作的通知', '工作的通知'];
  assert.ok(oracle('鑫淼', {}).length >= 230, 'the documents alike are stored');
  for (let i = 0; i < 12; i++) {
    const d = docs[Math.floor(r() * docs.length)]!.text;
    const len = [2, 4, 8][i % 3]!;
    const at = Math.floor(r() * Math.max(1, d.length - len));
    const q = d.slice(at, at + len);
    if (q.length === len && !/["“”\-:：]/.test(q) && /^[\u4e00-\u9fff]/.test(q)) texts.push(q);
  }
  for (const t of texts) {
    await assertPages(t, {}, 10);
    await assertPages(t, { sort: 'oldest' }, 13);
  }
});
