/**
 * Field lines after the task text (牵头单位：/配合单位：/责任单位：/完成时限：), on lines of their own or run together
 * — src/extract/tasks/fields.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, doc, tasksOf } from './tasks-fixture.js';
import { defaultAgencyTable } from '../src/extract/agencies.js';
import { extractTasks } from '../src/extract/tasks/index.js';

test('牵头单位：/配合单位：/责任单位： lines, 由X牵头 twice: yangquan-2020-01 L978-986 (abridged)', () => {
  const lines = [
    '3. 加快污水配套管网建设和改造。污水收集能力不足的县（区）要加大收集管网建设力度，新建道路全部实行雨污分流…',
    '',
    '小区等改造，加快改造雨污合流制管网，并全面完成省定年度工程改造目标任务。',
    '',
    '牵头单位：新建污水管网任务由市住房和城乡建设局牵头，提升改造污水管网任务由市城市管理局牵头',
    '',
    '配合单位：市发展和改革委员会、市生态环境局、市规划和自然资源局、市水利局、市财政局',
    '',
    '责任单位：市城市管理局、市住房和城乡建设局、各县（区）人民政府（开发区管委会）',
  ];
  const tasks = tasksOf(lines, { first: 978 });
  assert.equal(tasks.length, 1);
  const t = tasks[0]!;
  assert.deepEqual([t.line, t.startLine, t.endLine], [982, 978, 986]);
  assert.deepEqual(t.leads, ['市住房和城乡建设局', '市城市管理局']);
  assert.deepEqual(t.cooperators, [
    '市发展和改革委员会', '市生态环境局', '市规划和自然资源局', '市水利局', '市财政局', '各县（区）人民政府（开发区管委会）',
  ]);
});

test('a field line broken by a page with the last character doubled (市财政局 / 局、…): yangquan-2020-01 L998-1004', () => {
  const lines = [
    '5. 我市现有的5个城市污水处理厂进水生化需氧量（BOD）浓度低于 100 mg/L 的…要围绕服务片区管网制定“一厂一策”系统化整治方案。',
    '',
    '牵头单位：市城市管理局',
    '',
    '配合单位：市发展和改革委员会、市财政局',
    '',
    '局、市规划和自然资源局',
    '',
    '责任单位：市城市管理局、各县（区）人民政府（开发区管委会）',
  ];
  const [t] = tasksOf(lines, { first: 996 });
  assert.deepEqual(t!.cooperators, ['市发展和改革委员会', '市财政局', '市规划和自然资源局', '各县（区）人民政府（开发区管委会）']);
});

test('item heading with a due date in brackets, 责任单位 line after the body: yangquan-2020-01 L1141-1147', () => {
  const lines = [
    '（一）制定完善压减工作方案（2020年1月15日前）',
    '',
    '制定压减焦化产能方案，优先压减未实施上大关小、不在工业园区、焦炉煤气未进行化产加工利用的限制类焦炉产能（炭化室高度4.3米机焦炉）。特别要将环保严重违法企业作为压减焦化产能重点对象。孟县人民政府要制定',
    '',
    '具体压减焦化产能方案，以正式文件形式报市政府，并研究制定风险防控预案。',
    '',
    '责任单位：市工信局，孟县人民政府',
  ];
  const [t] = tasksOf(lines, { first: 1141, date: '2020-01-10' });
  assert.deepEqual([t!.line, t!.startLine, t!.endLine], [1147, 1141, 1147]);
  assert.deepEqual(t!.leads, ['市工信局', '孟县人民政府']);
  assert.equal(t!.deadline, '2020-01-15');
});

test('fields run together on one line, a (牵头) suffix, 完成时限 (synthetic)', () => {
  const lines = [
    '（二）完善数据标准。制定全市政务数据标准规范。',
    '牵头单位：市大数据局 配合单位：市市场监管局、市财政局 完成时限：2024年6月底前',
    '（三）建设共享平台。建成市级数据共享交换平台。',
    '责任单位：市发展改革委（牵头）、市财政局、市住建局',
  ];
  const tasks = tasksOf(lines);
  assert.deepEqual(brief(tasks), [
    [2, ['市大数据局'], ['市市场监管局', '市财政局'], '2024-06-30'],
    [4, ['市发展改革委'], ['市财政局', '市住建局'], null],
  ]);
});

test('完成时限： on its own line under a bracketed marker; an unclosed marker is reported (synthetic)', () => {
  const tasks = tasksOf(['1.修订应急预案。修订完善全市应急预案体系。（市应急局负责）', '完成时限：2023年10月15日前']);
  assert.deepEqual(brief(tasks), [[1, ['市应急局'], [], '2023-10-15']]);
  const r = extractTasks(doc(['2.开展应急演练。组织开展综合应急演练。（市应急局牵头，各县区政府配合']), defaultAgencyTable());
  assert.deepEqual(brief(r.tasks), [[1, ['市应急局'], ['各县区政府'], null]]);
  assert.deepEqual(r.warnings.map((w) => [w.code, w.line]), [['task-marker-unclosed', 1]]);
});
