import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findDocNumbers } from '../src/core/docnumber.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { buildDocText } from '../src/text/index.js';
import { findDocNumbersNearHao } from '../src/extract/doc-numbers-near-hao.js';

test('the same numbers as findDocNumbers over whole sample issues, joined as the extractors read them', () => {
  for (const name of ['yangquan-2020-01', 'yangquan-2021-05', 'yangquan-2023-05']) {
    const lines = toSourceLines(decode(readFileSync(`fixtures/corpus/${name}.txt`)).lines);
    const { folded } = buildDocText(lines);
    const found = findDocNumbersNearHao(folded);
    assert.ok(found.length > 40, name);
    assert.deepEqual(found, findDocNumbers(folded), name);
  }
});

test('numbers of every form and length, packed close together and cut at stretch edges (synthetic)', () => {
  const forms = [
    '阳政发〔2020〕2号', '晋政办发〔2023〕27号', '国务院令第713号', '省政府令第2号', '阳政发2020年第12号',
    '中华人民共和国国务院办公厅秘书局发〔2023〕12345号', '根据发改能源〔2022〕1916号', '晋清洁办发(2023)2号文件',
    '国务院第713号令', '第3号', '编号', '号召', '〔2021〕76号', '1号楼', '12345号',
    // The longest forms: a 16-character prefix with no word that cuts it.
    '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳〔2023〕第12345号', '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳发2023年第12345号',
    '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳令第12345号',
  ];
  let text = '';
  for (let i = 0; i < 400; i++) text += forms[(i * 7) % forms.length] + '的'.repeat(i % 37) + (i % 5 ? '' : '。');
  assert.deepEqual(findDocNumbersNearHao(text), findDocNumbers(text));
  assert.deepEqual(findDocNumbersNearHao(''), []);
});

test('text with spaces inside a number is read whole, spaces and all (synthetic)', () => {
  const text = '依据阳政发 〔2020〕          2 号和晋政办发〔2023〕27号';
  const found = findDocNumbersNearHao(text);
  assert.deepEqual(found, findDocNumbers(text));
  assert.deepEqual(found.map((n) => n.normalized), ['阳政发〔2020〕2号', '晋政办发〔2023〕27号']);
});
