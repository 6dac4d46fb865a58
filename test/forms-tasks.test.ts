/**
 * Task forms of other issuers: a 责任单位 line after each item (with a clause that carries it over
 * the following items), a （…负责） that names no lead, a 责任分工 list of `N. 单位：负责…`,
 * `牵头单位：X。负责…` paragraphs, and a task table whose columns are years with milestones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { defaultAgencyTable } from '../src/extract/agencies.js';
import { extractTasks } from '../src/extract/tasks/index.js';
import type { Task } from '../src/model.js';

const tasksOf = (lines: string[]): Task[] =>
  extractTasks({ lines: toSourceLines(lines), title: '某区管委会关于印发某某行动计划的通知', docNumber: null, date: '2021-03-01', issueYear: 2021 }, defaultAgencyTable()).tasks;
const brief = (ts: Task[]) => ts.map((t) => [t.line, t.leads, t.cooperators]);

test('责任单位： on its own line after each item: all units lead', () => {
  const ts = tasksOf([
    '一、重点任务',
    '（一）完善农村公路网络。推进县乡道改造，提升通行能力。',
    '责任单位：区交通局、区财政局',
    '（二）加强农村公路养护。落实养护资金，建立养护机制。',
    '责任单位：区交通局',
  ]);
  assert.deepEqual(brief(ts), [
    [3, ['区交通局', '区财政局'], []],
    [5, ['区交通局'], []],
  ]);
  assert.match(ts[0]!.text, /^（一）完善农村公路网络/);
});

test('a trailing "以下均需…落实，不再列出" clause applies the units to the following items', () => {
  const ts = tasksOf([
    '（一）建立工作台账。摸清底数，逐项登记。',
    '责任单位：区发展改革局，各街道（以下均需各街道落实，不再列出）',
    '（二）开展专项检查。每季度检查一次。',
    '责任单位：区市场监管局',
    '（三）加强宣传引导。营造良好氛围。',
    '责任单位：区委宣传部',
  ]);
  assert.deepEqual(brief(ts), [
    [2, ['区发展改革局', '各街道'], []],
    [4, ['区市场监管局', '各街道'], []],
    [6, ['区委宣传部', '各街道'], []],
  ]);
});

test('（…负责） at the end of an item naming no lead: all units lead', () => {
  const ts = tasksOf(['1.推进老旧小区改造。年内完成改造12个。（区住建局、区财政局负责）']);
  assert.deepEqual(brief(ts), [[1, ['区住建局', '区财政局'], []]]);
});

test('a 责任分工 list of "N. 单位：负责…" gives one task per unit', () => {
  const ts = tasksOf([
    '四、责任分工',
    '1.区发展改革局：负责统筹协调，牵头制定年度计划。',
    '2.区财政局：负责落实专项资金，加强资金监管。',
  ]);
  assert.deepEqual(brief(ts), [
    [2, ['区发展改革局'], []],
    [3, ['区财政局'], []],
  ]);
  assert.match(ts[1]!.text, /落实专项资金/);
});

test('牵头单位：X。负责… paragraphs name the lead of the duties that follow', () => {
  const ts = tasksOf([
    '（一）道路交通安全专项整治',
    '牵头单位：区公安分局。负责组织开展道路交通违法行为整治，严查超速超载。',
    '（二）消防安全专项整治',
    '牵头单位：区消防救援大队。负责排查整治火灾隐患。',
  ]);
  assert.deepEqual(brief(ts), [
    [2, ['区公安分局'], []],
    [4, ['区消防救援大队'], []],
  ]);
  assert.match(ts[0]!.text, /道路交通违法行为整治/);
});

test('a task table with year columns: deadline is the end of the last milestone year, milestones kept', () => {
  const ts = tasksOf([
    '序号\t重点任务\t2021年\t2022年\t2023年\t牵头单位',
    '1\t建设智慧停车平台\t完成方案设计\t建成一期\t全面投用\t区大数据中心',
    '2\t推进垃圾分类\t试点街道覆盖\t全区覆盖\t\t区城管局',
  ]);
  assert.equal(ts.length, 2);
  assert.deepEqual(ts.map((t) => [t.leads, t.deadline]), [
    [['区大数据中心'], '2023-12-31'],
    [['区城管局'], '2022-12-31'],
  ]);
  assert.match(ts[0]!.deadlineText ?? '', /2021年：完成方案设计；2022年：建成一期；2023年：全面投用/);
  assert.deepEqual(ts[1]!.milestones, [
    { deadline: '2021-12-31', text: '2021年：试点街道覆盖' },
    { deadline: '2022-12-31', text: '2022年：全区覆盖' },
  ]);
});
