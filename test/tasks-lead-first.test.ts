/**
 * The convention stated in a document that the first unit leads (排在第一位的为牵头单位) —
 * src/extract/tasks/lead-first.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, tasksOf } from './tasks-fixture.js';

test('a convention stated in the document: 排在第一位的为牵头单位 (synthetic)', () => {
  const lines = [
    '各项任务责任单位中排在第一位的为牵头单位，其他为配合单位。',
    '1.加快充电设施建设。新建充电桩500个。（市发展改革委、市住建局、市城管局负责）',
  ];
  assert.deepEqual(brief(tasksOf(lines)), [[2, ['市发展改革委'], ['市住建局', '市城管局'], null]]);
  // Without the convention all three lead.
  assert.deepEqual(tasksOf([lines[1]!])[0]!.leads, ['市发展改革委', '市住建局', '市城管局']);
});

test('layout variant: 排在第一位的为 / 牵 头 broken over lines with layout spaces (synthetic)', () => {
  const lines = ['各项任务中排在第一位的为', '  牵 头 单 位，其他为配合单位。', '1.推进A工作。（市发改委、市财政局负责）'];
  assert.deepEqual(brief(tasksOf(lines)), [[3, ['市发改委'], ['市财政局'], null]]);
  assert.deepEqual(brief(tasksOf(['各项任务中排在第一位的为本项工作的主要单位。', lines[2]!])), [
    [2, ['市发改委', '市财政局'], [], null],
  ]);
});
