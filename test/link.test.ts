/**
 * Linking across the archive, against a real database: citations resolved by number and by title
 * (also when the cited document arrives later), cited-by, repeals and validity status at a date,
 * person timelines across issues (and a shared name kept apart), per-agency task lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteArchive } from '../src/store/sqlite.js';
import { organisationOf } from '../src/domain/people.js';
import { titleKeysOf } from '../src/domain/link-keys.js';
import { CORPUS_FILES, gazette, ingestInput, tempDir } from './store-fixtures.js';

/** A 2021 issue that cites and repeals documents of the 2020-01 sample and confirms 吴志鹏. */
const ISSUE_2021 = gazette(2021, 3, [
  {
    title: '阳泉市人民政府关于吴志鹏正式任用的通知',
    number: '阳政任字〔2021〕9号',
    date: '2021年3月5日',
    body: ['经市人民政府研究决定：', '吴志鹏同志试用期满，经考核合格，正式任用为阳泉师范高等专科学校副校长。'],
  },
  {
    title: '阳泉市人民政府关于印发阳泉市耐火材料产业提升评估办法的通知',
    number: '阳政发〔2021〕7号',
    date: '2021年3月8日',
    body: [
      '现将《阳泉市耐火材料产业提升评估办法》印发给你们，请认真贯彻执行。',
      '阳泉市耐火材料产业提升评估办法',
      '第一条 为落实《阳泉市规范提升耐火材料产业行动方案》（阳政发〔2020〕2号），参照《阳泉市政务数据资产管理试行办法》，制定本办法。',
      '第二条 开展耐火材料企业评估（市工业和信息化局牵头，市财政局配合，2021年6月底前完成）。',
      '第三条 本办法自印发之日起施行，有效期2年。《阳泉市市级医药储备调拨应急预案》（阳政办发〔2020〕9号）同时废止。',
    ],
  },
]);

/** Another person named 吴志鹏, in an unrelated organisation. */
const ISSUE_2022 = gazette(
  2022,
  1,
  [
    {
      title: '阳泉市人民政府关于吴志鹏任职的通知',
      number: '阳政任字〔2022〕3号',
      date: '2022年1月10日',
      body: ['经市人民政府研究决定：', '吴志鹏为阳泉市公安局副局长。'],
    },
  ],
  '人事任免',
);

async function setup(order: 'cited-first' | 'citing-first') {
  const t = tempDir();
  const archive = SqliteArchive.open(join(t.dir, 'link.db'));
  const cited = ingestInput(CORPUS_FILES[0]!);
  const citing = ingestInput(ISSUE_2021, join(t.dir, '2021-03.txt'));
  for (const input of order === 'cited-first' ? [cited, citing] : [citing, cited]) await archive.ingestIssue(input);
  const one = async (n: string) => {
    const [d] = await archive.findByDocNumber(n);
    assert.ok(d, n);
    return d;
  };
  return { archive, one, cleanup: async () => (await archive.close(), t.cleanup()) };
}

for (const order of ['cited-first', 'citing-first'] as const) {
  test(`citations resolve by number and by title, cited-by is filled (${order})`, async () => {
    const { archive, one, cleanup } = await setup(order);
    try {
      const citing = await one('阳政发〔2021〕7号');
      const plan = await one('阳政发〔2020〕2号');
      const dataRules = await one('阳政办发〔2020〕7号');
      const cites = await archive.citations(citing.id);
      const byTitle = (t: string) => cites.find((c) => c.title === t)!;
      const c1 = byTitle('阳泉市规范提升耐火材料产业行动方案');
      assert.equal(c1.targetId, plan.id);
      assert.equal(c1.resolvedBy, 'number');
      // 《阳泉市政务数据资产管理试行办法》 has no number: found by the title the 2020 notice issues.
      const c2 = byTitle('阳泉市政务数据资产管理试行办法');
      assert.equal(c2.targetId, dataRules.id);
      assert.equal(c2.resolvedBy, 'title');
      const citedBy = await archive.citedBy(plan.id);
      assert.ok(citedBy.some((c) => c.documentId === citing.id && c.line > 0));
      const detail = (await archive.getDocument(plan.id))!;
      assert.ok(detail.citedBy.some((c) => c.documentId === citing.id));
      const stats = await archive.stats();
      assert.ok(stats.resolvedCitations >= 3);
    } finally {
      await cleanup();
    }
  });

  test(`a repeal marks the repealed document; validity status at any date (${order})`, async () => {
    const { archive, one, cleanup } = await setup(order);
    try {
      const repealed = await one('阳政办发〔2020〕9号');
      const repealing = await one('阳政发〔2021〕7号');
      // 阳政办发〔2020〕9号 takes effect on its date (2020-01-29, 自印发之日起施行).
      const v = (await archive.validity(repealed.id, '2020-06-01'))!;
      assert.equal(v.status, 'in_force');
      assert.equal(v.repealedBy?.byDocumentId, repealing.id);
      assert.equal(v.repealedBy?.on, '2021-03-08');
      assert.equal((await archive.validity(repealed.id, '2021-03-07'))!.status, 'in_force');
      assert.equal((await archive.validity(repealed.id, '2021-03-08'))!.status, 'repealed');
      assert.equal((await archive.validity(repealed.id, '2020-01-01'))!.status, 'not_yet_in_force');
      // The repealing document: 有效期2年 from 2021-03-08.
      assert.equal((await archive.validity(repealing.id, '2022-01-01'))!.status, 'in_force');
      assert.equal((await archive.validity(repealing.id, '2023-03-08'))!.status, 'expired');
      // A document with no validity data.
      assert.equal((await archive.validity((await one('阳政任字〔2020〕1号')).id, '2022-01-01'))!.status, 'unknown');
      // The status filter of search.
      const hits = await archive.search('医药储备', { status: 'repealed', asOf: '2022-01-01', limit: 50 });
      assert.deepEqual(hits.hits.map((h) => h.id), [repealed.id]);
      const inForce = await archive.search('医药储备', { status: 'in_force', asOf: '2020-06-01', limit: 50 });
      assert.ok(inForce.hits.some((h) => h.id === repealed.id));
      // The repealing issue deleted: the document is no longer repealed.
      await archive.deleteIssue(repealing.issueId);
      assert.equal((await archive.validity(repealed.id, '2022-01-01'))!.status, 'in_force');
      assert.equal((await archive.validity(repealed.id, '2022-01-01'))!.repealedBy, null);
    } finally {
      await cleanup();
    }
  });
}

test('a replaced cited document is linked again; a replaced citing document keeps its links', async () => {
  const { archive, one, cleanup } = await setup('cited-first');
  try {
    const t = tempDir();
    const path = join(t.dir, '2020-01.txt');
    const original = ingestInput(CORPUS_FILES[0]!);
    // Re-ingest the 2020 sample under the same path with one character changed in a body line.
    const changed = ingestInput(CORPUS_FILES[0]!);
    changed.parsed.source.sha256 = '0'.repeat(64);
    changed.sourcePath = original.sourcePath;
    assert.equal((await archive.ingestIssue(changed)).status, 'replaced');
    const plan = await one('阳政发〔2020〕2号');
    const citing = await one('阳政发〔2021〕7号');
    assert.ok((await archive.citedBy(plan.id)).some((c) => c.documentId === citing.id));
    assert.equal((await archive.validity((await one('阳政办发〔2020〕9号')).id, '2022-01-01'))!.status, 'repealed');
    t.cleanup();
  } finally {
    await cleanup();
  }
});

test('person timeline across issues; a shared name in an unrelated organisation is kept apart and flagged', async () => {
  const { archive, cleanup } = await setup('cited-first');
  try {
    // 2020-01, line 629: "吴志鹏为阳泉师范高等专科学校副校长（试用期一年）；" and line 691: "吴志鹏的阳泉师范高等专科学校党群工作处处长职务；"
    const tl = await archive.personTimeline('吴志鹏');
    assert.deepEqual(
      tl.entries.map((e) => [e.action, e.date, e.docNumber]),
      [
        ['appoint', '2020-02-10', '阳政任字〔2020〕4号'],
        ['remove', '2020-02-10', '阳政任字〔2020〕4号'],
        ['confirm', '2021-03-05', '阳政任字〔2021〕9号'],
      ],
    );
    assert.deepEqual(tl.entries[0]!.qualifiers, ['试用期一年']);
    assert.equal(tl.identities.length, 1);
    assert.deepEqual(tl.flags, []);

    const t = tempDir();
    await archive.ingestIssue(ingestInput(ISSUE_2022, join(t.dir, '2022-01.txt')));
    const shared = await archive.personTimeline('吴 志鹏');
    assert.equal(shared.entries.length, 4);
    assert.equal(shared.identities.length, 2);
    const police = shared.entries.find((e) => e.post.includes('公安局'))!;
    assert.notEqual(police.identity, shared.entries[0]!.identity);
    assert.equal(shared.flags.length, 1);
    assert.match(shared.flags[0]!, /吴志鹏: 2 people share this name/);
    const people = await archive.listPeople({ prefix: '吴' });
    assert.ok(people.some((p) => p.name === '吴志鹏' && p.appointments === 4));
    t.cleanup();
  } finally {
    await cleanup();
  }
});

test('per-agency tasks: led, cooperating, due and overdue at a date; aliases resolve', async () => {
  const { archive, one, cleanup } = await setup('cited-first');
  try {
    const doc = await one('阳政发〔2021〕7号');
    const own = await archive.tasks({ documentId: doc.id });
    assert.equal(own.length, 1);
    assert.deepEqual(own[0]!.leads, ['市工业和信息化局']);
    assert.deepEqual(own[0]!.cooperators, ['市财政局']);
    assert.equal(own[0]!.deadline, '2021-06-30');

    const before = await archive.agencyTasks('市工业和信息化局', '2021-05-01');
    assert.ok(before.led.some((t) => t.id === own[0]!.id));
    assert.ok(before.due.some((t) => t.id === own[0]!.id));
    assert.ok(!before.overdue.some((t) => t.id === own[0]!.id));
    const after = await archive.agencyTasks('市工业和信息化局', '2021-07-01');
    assert.ok(after.overdue.some((t) => t.id === own[0]!.id));
    assert.equal(after.overdue.find((t) => t.id === own[0]!.id)!.state, 'overdue');
    // 2020-01 prints the short name 市工信局 (阳政办发〔2020〕4号): the alias finds the same tasks.
    const alias = await archive.agencyTasks('市工信局', '2021-05-01');
    assert.ok(alias.led.length >= before.led.length - 1);
    assert.ok(alias.led.some((t) => t.docNumber === '阳政办发〔2020〕4号'));
    const fin = await archive.agencyTasks('市财政局', '2021-05-01');
    assert.ok(fin.cooperating.some((t) => t.id === own[0]!.id));
    const agencies = await archive.listAgencies();
    assert.ok(agencies.some((a) => a.name === '阳泉市工业和信息化局' && a.leads >= 2), 'filed under the issue\'s city');
  } finally {
    await cleanup();
  }
});

test('organisation of a post and title keys (pure helpers)', () => {
  assert.equal(organisationOf('阳泉市公安局副局长'), '公安局');
  assert.equal(organisationOf('市公安局局长'), '公安局');
  assert.equal(organisationOf('郊区人民政府副区长'), '郊区人民政府');
  assert.equal(organisationOf('阳泉师范高等专科学校党群工作处处长'), '阳泉师范高等专科学校党群工作处');
  assert.equal(organisationOf('副秘书长'), '');
  const keys = titleKeysOf({ title: '阳泉市人民政府关于印发阳泉市加快数字政府建设实施方案的通知', enclosures: [] }).map((k) => k.key);
  assert.ok(keys.includes('关于印发阳泉市加快数字政府建设实施方案的通知'));
  assert.ok(keys.includes('阳泉市加快数字政府建设实施方案'));
});
