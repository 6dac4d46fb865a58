/**
 * Search orders (relevance, newest, oldest), the title field (标题: / title:) and status filters in
 * the reader's words (状态:现行有效, 状态:有效 …), on SQLite and on PostgreSQL: the same assertions
 * on each backend, then the two backends' answers compared hit by hit — they must give the same
 * order.
 *
 * PostgreSQL comes from GONGBAO_TEST_PG_URL (scripts/with-postgres.sh); without it the PostgreSQL
 * half is skipped with a message, or fails under CI.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { SEARCH_SORTS, type SearchOptions, type SearchSort } from '../src/domain/search.js';
import { VALIDITY_STATUSES, STATUS_LABEL } from '../src/domain/validity.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { parseQuery } from '../src/search/query.js';
import { createTestDatabase, pgUnavailableReason, underCi, type TestDatabase } from '../src/store/pg/testing.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

/** A fixed date, so statuses do not move with the calendar. */
const AS_OF = '2021-06-01';

const QUERIES = ['通知', '方案 工作', '阳泉市', '', '标题:方案', 'title:实施方案 -标题:2023', '人民政府 -title:通知', '状态:尚未施行'];

interface Hit { title: string; docNumber: string | null; date: string | null; score: number; titleMatch: boolean }

async function hits(a: OpenedArchive, q: string, opts: SearchOptions = {}): Promise<Hit[]> {
  const r = await a.search(q, { limit: 1000, snippets: false, facets: false, asOf: AS_OF, ...opts });
  assert.equal(r.hits.length, r.total, q);
  return r.hits.map((h) => ({ title: h.title, docNumber: h.docNumber, date: h.date, score: h.score, titleMatch: h.titleMatch }));
}

const key = (h: Hit) => `${h.title}|${h.docNumber ?? ''}`;

/** Every answer a backend gives for the scenario, for comparing the backends. */
type Answers = Map<string, string[]>;

function scenario(name: string, open: () => Promise<{ archive: OpenedArchive; done: () => Promise<void> }>, answers: Answers) {
  describe(name, () => {
    let a: OpenedArchive;
    let done: () => Promise<void>;
    let all: Hit[];
    before(async () => {
      ({ archive: a, done } = await open());
      for (const f of CORPUS_FILES) await a.ingestIssue(ingestInput(f));
      await a.flushIndex();
      all = await hits(a, '');
    });
    after(async () => {
      await a?.close();
      await done?.();
    });

    test('newest / oldest order by document date (undated last), relevance by score; the same matches each way', async () => {
      let differs = 0;
      for (const q of QUERIES) {
        const by = new Map<SearchSort, Hit[]>();
        for (const sort of SEARCH_SORTS) {
          const list = await hits(a, q, { sort });
          by.set(sort, list);
          answers.set(`${q}|${sort}`, list.map(key));
        }
        const relevance = by.get('relevance')!;
        const dated = (l: Hit[]) => l.filter((h) => h.date).map((h) => h.date!);
        for (const sort of ['newest', 'oldest'] as const) {
          const list = by.get(sort)!;
          assert.deepEqual([...list.map(key)].sort(), [...relevance.map(key)].sort(), `${q}: same matches by ${sort}`);
          const dates = dated(list);
          assert.deepEqual(dates, [...dates].sort((x, y) => (sort === 'newest' ? y.localeCompare(x) : x.localeCompare(y))), `${q}: ${sort}`);
          const firstUndated = list.findIndex((h) => !h.date);
          if (firstUndated >= 0) assert.ok(list.slice(firstUndated).every((h) => !h.date), `${q}: undated last by ${sort}`);
          if (list.map(key).join() !== relevance.map(key).join()) differs++;
        }
        for (let i = 1; i < relevance.length; i++) assert.ok(relevance[i - 1]!.score >= relevance[i]!.score, `${q}: relevance`);
      }
      assert.ok(differs >= 4, 'the date orders are not the relevance order');
    });

    test('a page of a date order is that stretch of the whole order', async () => {
      const whole = (await hits(a, '通知', { sort: 'newest' })).map(key);
      const page2 = (await a.search('通知', { sort: 'newest', limit: 7, offset: 7, asOf: AS_OF, snippets: false })).hits.map((h) => `${h.title}|${h.docNumber ?? ''}`);
      assert.deepEqual(page2, whole.slice(7, 14));
    });

    test('title: / 标题: finds exactly the documents whose title contains the words; -标题: leaves them out', async () => {
      const titled = (w: string) => all.filter((h) => normalizeForSearch(h.title).includes(normalizeForSearch(w))).map(key).sort();
      for (const w of ['方案', '实施方案', '通知', '耐火材料', '2023']) {
        for (const field of ['标题', 'title', '标题：']) {
          const q = field.endsWith('：') ? `${field}${w}` : `${field}:${w}`;
          const got = await hits(a, q);
          assert.deepEqual(got.map(key).sort(), titled(w), q);
          assert.ok(got.every((h) => h.titleMatch), `${q}: hits are title matches`);
        }
      }
      const notNotice = await hits(a, '-标题:通知');
      assert.equal(notNotice.length, all.length - titled('通知').length);
      assert.ok(notNotice.every((h) => !h.title.includes('通知')));
      // Words of the text and of the title together: both must hold.
      const both = await hits(a, '标题:方案 耐火');
      assert.ok(both.length >= 1 && both.every((h) => h.title.includes('方案')));
      assert.ok(both.length < titled('方案').length);
      answers.set('title', notNotice.map(key));
    });

    test('status filters take the words the reader shows, and short forms', async () => {
      const ids = async (q: string) => (await hits(a, q)).map(key).sort();
      let nonEmpty = 0;
      for (const s of VALIDITY_STATUSES) {
        const byCode = await ids(`status:${s}`);
        assert.deepEqual(await ids(`状态:${STATUS_LABEL[s]}`), byCode, STATUS_LABEL[s]);
        assert.deepEqual(await ids(`效力:${STATUS_LABEL[s]}`), byCode, `效力:${STATUS_LABEL[s]}`);
        if (byCode.length) nonEmpty++;
      }
      assert.ok(nonEmpty >= 3, 'the corpus has documents of several statuses at AS_OF');
      assert.deepEqual(await ids('状态:有效'), await ids('status:in_force'));
      assert.deepEqual(await ids('状态:失效'), await ids('status:expired'));
      assert.deepEqual(await ids('状态:已废止'), await ids('status:repealed'));
      assert.deepEqual(await ids('状态:未施行'), await ids('status:not_yet_in_force'));
      await assert.rejects(a.search('状态:很好'), /status: expects one of in_force \(现行有效\)/);
    });
  });
}

const sqlite: Answers = new Map();
const postgres: Answers = new Map();

scenario('search orders and fields: SQLite', async () => {
  const t = tempDir();
  return { archive: openArchive(join(t.dir, 'sort.db')), done: async () => t.cleanup() };
}, sqlite);

test('the query syntax: title fields, negated title fields, status words', () => {
  const p = parseQuery('标题:实施方案 -title:"2023 年" 状态:现行有效 耐火');
  assert.deepEqual(p.filters.title, ['实施方案']);
  assert.deepEqual(p.filters.notTitle, ['2023年']);
  assert.equal(p.filters.status, 'in_force');
  assert.deepEqual(p.terms.map((t) => t.text), ['耐火']);
});

const pgMissing = pgUnavailableReason();
if (pgMissing && !underCi()) {
  test('search orders and fields: PostgreSQL', { skip: pgMissing }, () => {});
} else {
  let db: TestDatabase;
  scenario('search orders and fields: PostgreSQL', async () => {
    db = await createTestDatabase('sort');
    return { archive: openArchive(db.url), done: () => db.drop() };
  }, postgres);

  test('both backends give the same hits in the same order', () => {
    assert.ok(sqlite.size > 20);
    assert.deepEqual([...postgres.keys()].sort(), [...sqlite.keys()].sort());
    for (const [k, v] of sqlite) assert.deepEqual(postgres.get(k), v, k);
  });
}
