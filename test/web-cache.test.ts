/**
 * Answers the archive keeps in memory (src/store/memo.ts) are shared by every page and API call,
 * so they are frozen, deeply, when kept: a page that sorts or reverses one in place throws here
 * instead of changing what the next reader sees (issue 12: the home page swapped the newest and
 * the oldest issue on every reload).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GenerationMemo, deepFreeze } from '../src/store/memo.js';
import { buildSampleArchive, COOP_UNIT, type SampleArchive } from './web-fixture.js';

describe('GenerationMemo', () => {
  test('a kept answer is frozen all the way down, and the same for every caller', async () => {
    const memo = new GenerationMemo(() => 'g1');
    const make = () => ({ items: [{ name: 'a', tags: ['x'] }, { name: 'b', tags: [] }], counts: { open: 1 } });
    const first = await memo.get('k', make);
    const second = await memo.get('k', make);
    assert.equal(first, second, 'one shared answer');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.items) && Object.isFrozen(first.items[0]) && Object.isFrozen(first.items[0]!.tags));
    assert.throws(() => first.items.reverse(), TypeError);
    assert.throws(() => first.items[0]!.tags.push('y'), TypeError);
    assert.throws(() => { (first.counts as { open: number }).open = 2; }, TypeError);
    assert.deepEqual(await memo.get('k', make), make(), 'unchanged');
  });

  test('typed arrays inside an answer are left alone (they cannot be frozen)', () => {
    const v = deepFreeze({ ids: Int32Array.from([3, 1, 2]), list: [1] });
    assert.ok(Object.isFrozen(v) && Object.isFrozen(v.list));
    assert.deepEqual([...v.ids], [3, 1, 2]);
  });

  test('answers too long to keep are handed over as they are, not frozen', async () => {
    const memo = new GenerationMemo(() => 'g1', { maxListLength: 2 });
    const long = await memo.get('k', () => [3, 1, 2]);
    assert.ok(!Object.isFrozen(long));
    assert.deepEqual(long.sort(), [1, 2, 3]);
  });

  test('an answer that is not a list is measured by what it lists', async () => {
    const memo = new GenerationMemo(() => 'g1', { maxListLength: 2 });
    const long = await memo.get('k', () => ({ hits: [3, 1, 2] }), (v) => v.hits.length);
    assert.ok(!Object.isFrozen(long));
    assert.notEqual(await memo.get('k', () => ({ hits: [3, 1, 2] }), (v) => v.hits.length), long, 'not kept');
    const short = await memo.get('s', () => ({ hits: [1] }), (v) => v.hits.length);
    assert.equal(await memo.get('s', () => ({ hits: [1] }), (v) => v.hits.length), short, 'kept');
  });
});

describe('answers of the archive', () => {
  let sample: SampleArchive;
  before(async () => {
    sample = await buildSampleArchive();
  });
  after(async () => {
    await sample?.close();
  });

  test('issue lists, search results, task lists and counts cannot be changed by a reader', async () => {
    const a = sample.archive;
    for (let i = 0; i < 2; i++) {
      const issues = await a.listIssues();
      assert.throws(() => issues.reverse(), TypeError, 'listIssues');
      const found = await a.search('耐火材料');
      assert.throws(() => found.hits.sort((x, y) => x.id - y.id), TypeError, 'search hits');
      assert.throws(() => found.facets!.year.reverse(), TypeError, 'search facets');
      const tasks = await a.tasks({ agency: COOP_UNIT });
      assert.throws(() => tasks[0]!.leads.push('x'), TypeError, 'tasks');
      const counts = await a.countTasks();
      assert.throws(() => { counts.byState.open = -1; }, TypeError, 'countTasks');
      const people = await a.listPeople();
      assert.throws(() => people.sort(), TypeError, 'listPeople');
    }
    // Nothing changed: the first issue is still the oldest.
    assert.equal((await a.listIssues())[0]!.year, 2020);
  });

  test('a search answer listing more hits than the memo keeps is not kept', async () => {
    // (Every hit of a frequent word at 100,000 documents was kept, and frozen hit by hit: hundreds
    // of MB a server held, and its young-generation collections slowed with them.)
    const a = sample.archive as unknown as { memo: GenerationMemo; search: typeof sample.archive.search };
    const kept = a.memo;
    a.memo = new GenerationMemo(() => 'g1', { maxListLength: 3 });
    try {
      const all = await a.search('通知', { limit: 1000 });
      assert.ok(all.hits.length > 3, `${all.hits.length} hits`);
      assert.ok(!Object.isFrozen(all.hits), 'not kept, so not frozen');
      const few = await a.search('通知', { limit: 2 });
      assert.ok(Object.isFrozen(few.hits), 'a short answer is kept');
    } finally {
      a.memo = kept;
    }
  });
});
