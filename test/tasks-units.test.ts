/**
 * Unit lists of a marker: split on 、，和/及/与 等 and full-width ／，, not inside names or brackets;
 * parseResponsibility alone — src/extract/tasks/roles.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResponsibility, splitResponsibleUnits } from '../src/extract/tasks/index.js';

test('units split on 、，和/及/与 between units and 等, not inside names', () => {
  assert.deepEqual(splitResponsibleUnits('市发展和改革委员会、市住房和城乡建设局，市规划和自然资源局'), [
    '市发展和改革委员会', '市住房和城乡建设局', '市规划和自然资源局',
  ]);
  assert.deepEqual(splitResponsibleUnits('市工信局及市直相关部门'), ['市工信局', '市直相关部门']);
  assert.deepEqual(splitResponsibleUnits('华阳新材和各县区政府'), ['华阳新材', '各县区政府']);
  assert.deepEqual(splitResponsibleUnits('市城管局等部门'), ['市城管局']);
  assert.deepEqual(splitResponsibleUnits('高等院校、市 教育局'), ['高等院校', '市教育局']);
});

test('parseResponsibility: the marker grammar alone', () => {
  assert.deepEqual(parseResponsibility('牵头单位：市委网信办；配合单位：市通联办、市公安局、各县区人民政府负责'), {
    leads: ['市委网信办'],
    cooperators: ['市通联办', '市公安局', '各县区人民政府'],
    deadlineText: null,
    explicit: true,
  });
  assert.equal(parseResponsibility('以下简称市大数据局')?.explicit, false);
  assert.equal(parseResponsibility('由市工信局会同有关部门负责解释'), null);
});

test('units split on full-width ／ and ，, not inside ［］ (synthetic)', () => {
  assert.deepEqual(splitResponsibleUnits('市财政局／市商务局，各县［区］人民政府'), ['市财政局', '市商务局', '各县［区］人民政府']);
});

test('one unit printed with two kinds of dash is listed once (the key folds ― and ─ as compareKey does)', async () => {
  const { assemble } = await import('../src/extract/tasks/roles.js');
  for (const dash of ['―', '─', '—']) {
    const r = assemble([{ role: 'lead', units: ['市中—韩产业园管委会'] }, { role: 'lead', units: [`市中${dash}韩产业园管委会`] }], false);
    assert.deepEqual(r.leads, ['市中—韩产业园管委会'], `dash ${dash}`);
  }
});
