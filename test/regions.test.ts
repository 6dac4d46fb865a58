/**
 * Regions: an archive of several cities' gazettes keeps their agencies apart. Two issues, one of
 * 阳泉 and one of 晋城, both give tasks to 市财政局: the archive files them as 阳泉市财政局 and
 * 晋城市财政局, and the printed 市财政局 stands for both — on SQLite and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { qualifyAgencyName, regionOfIssue, regionOfName } from '../src/core/region.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import type { IngestInput } from '../src/store/archive.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';

test('regionOfName: masthead titles and publishers of every level', () => {
  const cases: [string | null, string | null][] = [
    ['阳泉市人民政府公报', '阳泉市'],
    ['# 晋 城 市 人 民 政 府 公 报', '晋城市'],
    ['山西省人民政府公报', '山西省'],
    ['新疆维吾尔自治区人民政府公报', '新疆维吾尔自治区'],
    ['延边朝鲜族自治州人民政府公报', '延边朝鲜族自治州'],
    ['阳泉市郊区人民政府公报', '阳泉市郊区'],
    ['上海市浦东新区人民政府公报', '上海市浦东新区'],
    ['平定县人民政府公报', '平定县'],
    ['阳泉市人民政府办公室', '阳泉市'],
    ['山西省人民政府办公厅', '山西省'],
    ['广州市政府公报', '广州市'],
    ['市政府公报', null],
    ['阳泉政报', null],
    ['市场监管公报', null],
    ['政府公报', null],
    [null, null],
  ];
  for (const [name, want] of cases) assert.equal(regionOfName(name), want, String(name));
});

test('regionOfIssue: masthead title, then publisher, then the one city the text signs as', () => {
  assert.equal(regionOfIssue({ title: '阳泉市人民政府公报', publisher: '晋城市人民政府办公室' }, []), '阳泉市');
  assert.equal(regionOfIssue({ title: '政府公报', publisher: '晋城市人民政府办公室' }, []), '晋城市');
  assert.equal(regionOfIssue(null, ['乌鲁木齐']), '乌鲁木齐市');
  assert.equal(regionOfIssue(null, ['阳泉', '晋城']), null, 'two cities: unknown');
  assert.equal(regionOfIssue(null, []), null);
});

test('qualifyAgencyName: names with the region\'s level prefix are filed under the region', () => {
  assert.equal(qualifyAgencyName('市财政局', '阳泉市'), '阳泉市财政局');
  assert.equal(qualifyAgencyName('市直各单位', '阳泉市'), '阳泉市直各单位');
  assert.equal(qualifyAgencyName('省财政厅', '山西省'), '山西省财政厅');
  assert.equal(qualifyAgencyName('区教育局', '上海市浦东新区'), '上海市浦东新区教育局');
  assert.equal(qualifyAgencyName('自治区财政厅', '新疆维吾尔自治区'), '新疆维吾尔自治区财政厅');
  assert.equal(qualifyAgencyName('县财政局', '平定县'), '平定县财政局');
  // Unchanged: another level, a name with its place in it, a word that only starts like a level,
  // an unknown region, the level word alone.
  assert.equal(qualifyAgencyName('县财政局', '阳泉市'), '县财政局');
  assert.equal(qualifyAgencyName('阳泉高新区', '阳泉市'), '阳泉高新区');
  assert.equal(qualifyAgencyName('各县（区）人民政府', '阳泉市'), '各县（区）人民政府');
  assert.equal(qualifyAgencyName('市场监督管理局', '阳泉市'), '市场监督管理局');
  assert.equal(qualifyAgencyName('市财政局', null), '市财政局');
  assert.equal(qualifyAgencyName('市', '阳泉市'), '市');
});

/** A one-document issue of `city` whose notice gives two tasks; 市财政局 leads both. */
function issueOf(city: string, prefix: string): string {
  return `${city}市人民政府公报

2024 年第 1 期

${city}市人民政府办公室 主管主办

2024 年 2 月 20 日出版（双月刊）

${city}市人民政府办公室关于做好2024年财政预算执行工作的通知

${prefix}办发〔2024〕3号

各县（区）人民政府，市直各单位：

经市人民政府同意，现就做好2024年财政预算执行工作通知如下。

一、加快预算支出进度。（牵头单位：市财政局；配合单位：市发展改革委，2024年6月30日前完成）

二、加强绩效管理。（责任单位：市财政局，2024年12月31日前完成）

${city}市人民政府办公室
2024年2月1日

（此件公开发布）
`;
}

function input(text: string, name: string): IngestInput {
  const bytes = new TextEncoder().encode(text);
  const parsed = parseIssue(bytes, { fileName: `${name}.txt` });
  return { parsed, lines: toSourceLines(decode(bytes).lines), sourcePath: `/archive/${name}.txt` };
}

const YANGQUAN = input(issueOf('阳泉', '阳政'), 'yangquan-2024-01');
const JINCHENG = input(issueOf('晋城', '晋市政'), 'jincheng-2024-01');

test('parse: each issue knows its region and prints its units as written', () => {
  assert.equal(YANGQUAN.parsed.region, '阳泉市');
  assert.equal(JINCHENG.parsed.region, '晋城市');
  for (const inp of [YANGQUAN, JINCHENG]) {
    const tasks = inp.parsed.documents.flatMap((d) => d.tasks);
    assert.equal(tasks.length, 2, inp.sourcePath);
    assert.deepEqual(tasks.map((t) => t.leads), [['市财政局'], ['市财政局']], 'printed as in the text');
  }
});

async function scenario(a: OpenedArchive): Promise<void> {
  for (const inp of [YANGQUAN, JINCHENG]) assert.equal((await a.ingestIssue(inp)).status, 'inserted');
  const issueOfTask = new Map<number, string>();
  for (const i of await a.listIssues()) for (const d of (await a.getIssue(i.id))!.documents) issueOfTask.set(d.id, i.sourcePath);
  const cities = async (unit: string) => {
    const t = await a.agencyTasks(unit, '2024-03-01');
    return { led: t.led.map((x) => issueOfTask.get(x.documentId)).sort(), counts: t.counts };
  };
  const yq = await cities('阳泉市财政局');
  assert.deepEqual(yq.led, ['/archive/yangquan-2024-01.txt', '/archive/yangquan-2024-01.txt'], '阳泉市财政局: 阳泉 only');
  assert.equal(yq.counts.led, 2);
  const jc = await cities('晋城市财政局');
  assert.deepEqual(jc.led, ['/archive/jincheng-2024-01.txt', '/archive/jincheng-2024-01.txt'], '晋城市财政局: 晋城 only');
  const both = await cities('市财政局');
  assert.equal(both.counts.led, 4, 'the printed short name stands for the agency of every region');
  // A printed alias is filed under the region too.
  assert.equal((await cities('晋城市发展改革委')).counts.cooperating, 1);
  assert.equal((await a.tasks({ agency: '阳泉市财政局', asOf: '2024-03-01' })).length, 2);
  assert.equal((await a.countTasks({ agency: '市财政局', asOf: '2024-03-01' })).total, 4);

  const names = (await a.listAgencies()).map((x) => x.name);
  for (const n of ['阳泉市财政局', '晋城市财政局', '阳泉市发展和改革委员会', '晋城市发展和改革委员会']) assert.ok(names.includes(n), `${n} listed`);
  assert.ok(!names.includes('市财政局'), 'no agency of no region');
  // Task records link to the agency of their own region.
  const jcTasks = await a.tasks({ agency: '晋城市财政局', asOf: '2024-03-01' });
  assert.deepEqual(jcTasks.map((t) => t.leadAgencies), [['晋城市财政局'], ['晋城市财政局']]);
  assert.deepEqual(jcTasks.map((t) => t.leads), [['市财政局'], ['市财政局']]);
}

test('regions: SQLite keeps two cities\' agencies apart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-regions-'));
  const a = openArchive(join(dir, 'archive.db'));
  try {
    await scenario(a);
  } finally {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const pgMissing = pgUnavailableReason();
test('regions: PostgreSQL keeps two cities\' agencies apart', { skip: pgMissing && !underCi() ? pgMissing : false }, async () => {
  assert.equal(pgMissing, null, pgMissing ?? '');
  const db = await createTestDatabase('regions');
  const a = openArchive(db.url);
  try {
    await scenario(a);
  } finally {
    await a.close();
    await db.drop();
  }
});
