/**
 * Task tables: columns, repeated headers, shifted cells, rows broken over lines —
 * src/extract/tasks/tables.ts (year columns: test/forms-tasks.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tasksOf } from './tasks-fixture.js';

test('task table with 承办单位: yangquan-2023-05 L1406-1408; city prefix mapped', () => {
  const lines = [
    '序号\t项目名称\t承办单位',
    '1\t阳泉市国土空间总体规划（2021-2035 年）\t阳泉市规划和自然资源局',
    '2\t推动专业镇高质量发展\t阳泉市工业和信息化局',
  ];
  const tasks = tasksOf(lines, { first: 1406 });
  assert.deepEqual(tasks.map((t) => [t.line, t.leads, t.leadAgencies]), [
    [1407, ['阳泉市规划和自然资源局'], ['市规划和自然资源局']],
    [1408, ['阳泉市工业和信息化局'], ['市工业和信息化局']],
  ]);
  assert.equal(tasks[1]!.text, '推动专业镇高质量发展');
});

test('task table: repeated header at a page break, shifted cells, a row broken over lines (synthetic)', () => {
  const lines = [
    '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
    '1\t建成市级数据共享交换平台\t市大数据局\t市财政局、市发改委\t2024年6月底前',
    '2\t推进电子证照应用\t市行政审批局\t\t2023年底前',
    '',
    '— 12 —',
    '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
    '3\t完善公共信用信息平台\t市发改委\t市市场监管局、市人民银行、',
    '市税务局',
    '4\t开展数据安全检查\t市委网信办\t持续推进',
    '\t并建立通报机制',
    '附件2：',
  ];
  const tasks = tasksOf(lines);
  assert.deepEqual(
    tasks.map((t) => [t.line, t.text, t.leads, t.cooperators, t.deadline, t.deadlineText]),
    [
      [2, '建成市级数据共享交换平台', ['市大数据局'], ['市财政局', '市发改委'], '2024-06-30', '2024年6月底前'],
      [3, '推进电子证照应用', ['市行政审批局'], [], '2023-12-31', '2023年底前'],
      [7, '完善公共信用信息平台', ['市发改委'], ['市市场监管局', '市人民银行', '市税务局'], null, null],
      [9, '开展数据安全检查并建立通报机制', ['市委网信办'], [], null, '持续推进'],
    ],
  );
  assert.deepEqual([tasks[2]!.startLine, tasks[2]!.endLine], [7, 8]);
});

test('a table without a responsibility column is not a task table: yangquan-2023-05 L576-577', () => {
  const lines = ['序号\t考核内容\t分值\t考核要点', '1\t食品安全基础工作\t100分\t组织领导、制度机制建设、责任体系建设、能力建设、队伍建设等'];
  assert.deepEqual(tasksOf(lines), []);
});
