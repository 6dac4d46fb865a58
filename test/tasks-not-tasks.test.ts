/**
 * What is not a task: 负责解释, 负责人, working groups, compositions, drafting notes, glosses in
 * brackets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, tasksOf } from './tasks-fixture.js';

test('not a task: 负责解释 (yangquan-2020-01 L212), a person 负责人 in a roster (L1976)', () => {
  assert.deepEqual(tasksOf(['(三) 本方案由市工信局会同有关部门负责解释。']), []);
  assert.deepEqual(tasksOf(['（三）本方案由市工信局会同有关部门负责解释（市工信局会同有关部门负责解释）。']), []);
  assert.deepEqual(tasksOf(['武 雪\t市科技局局长（市大数据局负责人）']), []);
});

test('a short task title followed by field lines is a task (synthetic)', () => {
  const lines = ['1.加快充电基础设施建设', '牵头单位：市发改委', '配合单位：市住建局、市城管局', '完成时限：2023年底前', '2.完善运营服务平台', '（市大数据局负责，持续推进）'];
  assert.deepEqual(brief(tasksOf(lines)), [
    [2, ['市发改委'], ['市住建局', '市城管局'], '2023-12-31'],
    [6, ['市大数据局'], [], null],
  ]);
  assert.equal(tasksOf(lines)[0]!.text, '1.加快充电基础设施建设');
});

test('not a task: a working group and its 牵头单位 under a heading (yangquan-2023-05 L1203-1211)', () => {
  const lines = [
    '领导小组下设3个工作小组，分别是：',
    '',
    '1.热源保障组',
    '',
    '牵头单位：市能源局。负责做好热源单位的燃煤供应保障，协调热源单位做好供热保障工作。',
    '',
    '责任单位：山西河坡发电有限责任公司、山西阳光发电有限责任公司。负责全力保障冬季热源生产供应。',
    '',
    '2.工程建设组',
    '',
    '责任单位：融盛集团。',
  ];
  assert.deepEqual(tasksOf(lines, { first: 1201 }), []);
});

test('not a task: the composition of a mechanism (yangquan-2021-05 L1120-1124)', () => {
  const lines = [
    '## 二、“双保”协同机制组成',
    '',
    '牵头单位：市发展和改革委员会、市能源局、市农业农村局、市市场监督管理局、市住房和城乡建设局、市城市管理局。',
    '',
    '协同单位：市财政局、市生态环境局、市工业和信息化局、市交通运输局、市应急管理局、市民政局、市公安局交警支队。',
  ];
  assert.deepEqual(tasksOf(lines), []);
});

test('not a task: a drafting note quoting the draft (yangquan-2020-01 L1378, abridged)', () => {
  const line = '征求意见稿意见：学习借鉴并按国家部署执行落实外国高端人才服务“一卡通”试点工作…社会保障等基本公共服务”。（市科技局负责）';
  assert.deepEqual(tasksOf([line]), []);
});

test('not a task: brackets that only gloss a name or a number', () => {
  const lines = [
    '市工信局（市国资委）要会同有关部门抓好落实。',
    '根据《阳泉市重大行政决策程序规定》（阳政发〔2020〕7 号）之规定，现将目录公布如下。',
    '对疫情防控重点保障企业给予贴息支持（中央、省级财政贴息比例5:5）。',
  ];
  assert.deepEqual(tasksOf(lines), []);
});
