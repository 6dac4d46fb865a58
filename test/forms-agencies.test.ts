/**
 * Agencies of other issuers: the spellings of one body are one agency (各县（区）人民政府,
 * 各县(区)人民政府, 各县区政府 …); collective placeholders (市直各相关部门, 各有关单位) are no agency;
 * a one-character place name misread by OCR (孟县 for 盂县) is corrected only inside a known parent
 * region of the issue (阳泉市), never against the whole country.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctPlaceNames, placeContext } from '../src/core/places.js';
import { defaultAgencyTable, isPlaceholder } from '../src/extract/agencies.js';

const issue = ['阳泉市人民政府关于印发某某方案的通知', '盂县人民政府、平定县人民政府：', '督促检查。孟县人民政府要落实', '阳泉市人民政府'];

test('spellings of 各县（区）人民政府 are one agency, listed once with the spellings it goes by', () => {
  const t = defaultAgencyTable({ city: '阳泉' });
  const spellings = ['各县（区）人民政府', '各县(区)人民政府', '各县区人民政府', '各县区政府', '各区县人民政府', '各县（区）政府'];
  for (const s of spellings) assert.equal(t.observe(s), '各县（区）人民政府', s);
  const listed = t.list();
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.name, '各县（区）人民政府');
  assert.deepEqual(new Set(listed[0]!.aliases), new Set(['各县区人民政府', '各县区政府', '各区县人民政府', '各县（区）政府']));
});

test('collective placeholders are no agency: never listed, never mapped', () => {
  const t = defaultAgencyTable({ city: '阳泉' });
  const placeholders = ['市直各相关部门', '各有关单位', '市有关单位', '有关县（区）人民政府', '其他部门', '各行业主管部门', '相关企业'];
  for (const p of placeholders) {
    assert.ok(isPlaceholder(p), p);
    assert.equal(t.observe(p), p);
  }
  for (const a of ['各县（区）人民政府', '市财政局', '各乡镇人民政府', '有色金属公司']) assert.ok(!isPlaceholder(a), a);
  assert.deepEqual(t.list(), []);
});

test('孟县 → 盂县 inside 阳泉: a one-character stem is corrected only under a known parent region', () => {
  const inYangquan = placeContext(issue, { regions: ['阳泉市'] });
  assert.equal(correctPlaceNames('孟县人民政府', inYangquan).text, '盂县人民政府');
  assert.deepEqual(correctPlaceNames('督促孟县压减产能', inYangquan).fixes, ['place: 孟县 → 盂县']);
  // No parent, another parent, or the right spelling nowhere in the issue: left alone.
  assert.equal(correctPlaceNames('孟县人民政府', placeContext(issue)).text, '孟县人民政府');
  assert.equal(correctPlaceNames('孟县人民政府', placeContext(issue, { regions: ['晋城市'] })).text, '孟县人民政府');
  assert.equal(correctPlaceNames('孟县人民政府', placeContext(['阳泉市人民政府'], { regions: ['阳泉市'] })).text, '孟县人民政府');
  // The issue never writes 孟县 as a name of its own: no correction.
  assert.equal(correctPlaceNames('孟县人民政府', placeContext(['盂县人民政府', '督促孟县落实'], { regions: ['阳泉市'] })).text, '孟县人民政府');
  // Words that are no place name: a determiner before 县, a word ending in the stem (有关县, 试点县),
  // or several districts one character away (园区 → 城区, 矿区, 郊区?).
  const words = ['各县人民政府', '本县', '全县', '该县', '两县', '有关县人民政府', '试点县', '重点县', '园区管委会', '社区', '郊区', '城区', '平定县'];
  const withWords = placeContext([...issue, ...words], { regions: ['阳泉市'] });
  for (const t of words) {
    assert.equal(correctPlaceNames(t, withWords).text, t, t);
  }
});

test('the agency table of an issue in 阳泉 maps 孟县人民政府 to 盂县人民政府, the printed name an alias', () => {
  const t = defaultAgencyTable();
  t.learnFromText(issue);
  assert.equal(t.observe('孟县人民政府'), '盂县人民政府');
  assert.deepEqual(t.list(), [{ name: '盂县人民政府', aliases: ['孟县人民政府'] }]);
  // In agency names a slip is corrected within the issue's city only: 阳凡市 → 阳泉市, but 晋成市
  // stays though 晋城市 (another city) is one character away and spelled right in the issue.
  const withNeighbour = defaultAgencyTable();
  withNeighbour.learnFromText([...issue, '与晋城市开展区域合作。']);
  assert.equal(withNeighbour.observe('阳凡市应急管理局'), '阳泉市应急管理局');
  assert.equal(withNeighbour.observe('晋成市应急管理局'), '晋成市应急管理局');
  // Outside a known region nothing is corrected.
  const elsewhere = defaultAgencyTable();
  elsewhere.learnFromText(['盂县人民政府']);
  assert.equal(elsewhere.observe('孟县人民政府'), '孟县人民政府');
});
