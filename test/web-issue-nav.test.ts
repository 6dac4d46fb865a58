/**
 * Issue pages link to the previous and the next issue of the same gazette (the same masthead
 * title), by year and number — not by the order the files were ingested in. The archive query
 * (adjacentIssues) and the page, on SQLite and on PostgreSQL.
 *
 * PostgreSQL comes from GONGBAO_TEST_PG_URL (scripts/with-postgres.sh); without it the PostgreSQL
 * half is skipped with a message, or fails under CI.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import type { IssueSummary } from '../src/store/archive.js';
import { createTestDatabase, pgUnavailableReason, underCi, type TestDatabase } from '../src/store/pg/testing.js';
import { CORPUS_FILES, gazette, ingestInput, tempDir } from './store-fixtures.js';

const doc = (title: string, number: string) => ({ title, number, date: '2021年3月5日', body: ['现将有关事项通知如下。'] });

/** 阳泉 2021年第3期 — between the 2020 and 2021 samples, ingested after them all. */
const BETWEEN = gazette(2021, 3, [doc('阳泉市人民政府关于开展春季植树活动的通知', '阳政发〔2021〕9号')]);
/** Another gazette with the same year and a number in between: never a neighbour of 阳泉's. */
const OTHER = gazette(2021, 4, [doc('晋城市人民政府关于开展春季植树活动的通知', '晋市政发〔2021〕9号')]).replace(/阳泉市人民政府公报/g, '晋城市人民政府公报');

const label = (i: IssueSummary | null) => (i ? `${i.title} ${i.year}-${i.number}` : null);

function scenario(name: string, open: () => Promise<{ archive: OpenedArchive; done: () => Promise<void> }>) {
  describe(name, () => {
    let a: OpenedArchive;
    let done: () => Promise<void>;
    let app: FastifyInstance;
    const idOf = new Map<string, number>();
    before(async () => {
      ({ archive: a, done } = await open());
      for (const f of CORPUS_FILES) await a.ingestIssue(ingestInput(f));
      await a.ingestIssue(ingestInput(BETWEEN, 'between-2021-03.txt'));
      await a.ingestIssue(ingestInput(OTHER, 'jincheng-2021-04.txt'));
      await a.flushIndex();
      for (const i of await a.listIssues()) idOf.set(`${i.title} ${i.year}-${i.number}`, i.id);
      app = await buildServer({ archive: a });
    });
    after(async () => {
      await app?.close();
      await a?.close();
      await done?.();
    });

    test('adjacentIssues: same gazette, by year and number', async () => {
      const Y = '阳泉市人民政府公报';
      const chain = [`${Y} 2020-1`, `${Y} 2021-3`, `${Y} 2021-5`, `${Y} 2023-5`];
      for (const [i, k] of chain.entries()) {
        assert.ok(idOf.has(k), `${k} stored: ${[...idOf.keys()].join(', ')}`);
        const adj = await a.adjacentIssues(idOf.get(k)!);
        assert.equal(label(adj.previous), chain[i - 1] ?? null, `before ${k}`);
        assert.equal(label(adj.next), chain[i + 1] ?? null, `after ${k}`);
      }
      const other = await a.adjacentIssues(idOf.get('晋城市人民政府公报 2021-4')!);
      assert.deepEqual(other, { previous: null, next: null });
      assert.deepEqual(await a.adjacentIssues(999_999), { previous: null, next: null });
      assert.deepEqual(await a.adjacentIssues(0), { previous: null, next: null });
    });

    test('the issue page links to them', async () => {
      const id = idOf.get('阳泉市人民政府公报 2021-5')!;
      const r = await app.inject({ url: `/issues/${id}` });
      assert.equal(r.statusCode, 200);
      const nav = /<nav class="issue-nav" aria-label="上一期和下一期">([\s\S]*?)<\/nav>/.exec(r.body)?.[1] ?? '';
      assert.match(nav, new RegExp(`<a href="/issues/${idOf.get('阳泉市人民政府公报 2021-3')}" rel="prev">.*上一期：2021年第3期</a>`));
      assert.match(nav, new RegExp(`<a href="/issues/${idOf.get('阳泉市人民政府公报 2023-5')}" rel="next">下一期：2023年第5期`));
      const first = await app.inject({ url: `/issues/${idOf.get('阳泉市人民政府公报 2020-1')}` });
      assert.match(first.body, /已是收录的最早一期/);
      assert.doesNotMatch(first.body, /rel="prev"/);
      const alone = await app.inject({ url: `/issues/${idOf.get('晋城市人民政府公报 2021-4')}` });
      assert.doesNotMatch(alone.body, /class="issue-nav"/);
    });
  });
}

scenario('previous and next issue: SQLite', async () => {
  const t = tempDir();
  return { archive: openArchive(join(t.dir, 'nav.db')), done: async () => t.cleanup() };
});

const pgMissing = pgUnavailableReason();
if (pgMissing && !underCi()) {
  test('previous and next issue: PostgreSQL', { skip: pgMissing }, () => {});
} else {
  let db: TestDatabase;
  scenario('previous and next issue: PostgreSQL', async () => {
    db = await createTestDatabase('issuenav');
    return { archive: openArchive(db.url), done: () => db.drop() };
  });
}
