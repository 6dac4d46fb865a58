import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKey, foldWidth, parseNumber, removeLayoutSpaces } from '../src/core/text.js';
import { findDates, lineDate, addToDate } from '../src/core/dates.js';
import { docNumberOfLine, findDocNumbers, normalizeDocNumber } from '../src/core/docnumber.js';
import { docTypeOfTitle } from '../src/core/doctype.js';

test('foldWidth keeps length and folds full-width ASCII only', () => {
  const s = '（阳政发〔2020〕2号），：Ａ１';
  assert.equal(foldWidth(s).length, s.length);
  assert.equal(foldWidth(s), '(阳政发〔2020〕2号),:A1');
});

test('removeLayoutSpaces: names, numbers, dates; keeps spaces between Latin words', () => {
  assert.equal(removeLayoutSpaces('程 鹏'), '程鹏');
  assert.equal(removeLayoutSpaces('2021 年 7 月 14 日'), '2021年7月14日');
  assert.equal(removeLayoutSpaces('阳泉市加快 5G 产业'), '阳泉市加快5G产业');
  assert.equal(removeLayoutSpaces('YANGQUANSHI RENMIN'), 'YANGQUANSHI RENMIN');
});

test('parseNumber: Arabic, Chinese numerals, digit-by-digit years', () => {
  assert.equal(parseNumber('42'), 42);
  assert.equal(parseNumber('四十二'), 42);
  assert.equal(parseNumber('十二'), 12);
  assert.equal(parseNumber('二〇二三'), 2023);
  assert.equal(parseNumber('一百零五'), 105);
  assert.equal(parseNumber('abc'), null);
});

test('dates: spaced, Chinese numerals, dotted; whole-line dates only for lineDate', () => {
  assert.equal(lineDate('2020 年 1 月 21 日'), '2020-01-21');
  assert.equal(lineDate('二〇二三年八月二十九日'), '2023-08-29');
  assert.equal(lineDate('二O二三年十月三十一日'), '2023-10-31');
  assert.equal(lineDate('2023.10.18'), '2023-10-18');
  assert.equal(lineDate('经阳泉市人民政府2020年1月2日常务会议决定'), null);
  assert.equal(lineDate('2020年2月30日'), null, 'impossible dates are rejected');
  assert.deepEqual(findDates('自2023年10月18日起执行').map((d) => d.iso), ['2023-10-18']);
  assert.equal(addToDate('2023-10-18', { years: 2, days: -1 }), '2025-10-17');
  assert.equal(addToDate('2023-10-18', { days: 1234567890123 }), '9999-12-31', 'absurd OCR terms do not throw');
});

test('document numbers in every common spelling normalize to one form', () => {
  for (const s of ['阳政发〔2020〕2号', '阳政发[2020]2号', '阳政发(2020)2号', '阳政发（2020）2号', '阳政发〔2020〕2 号', '阳政发2020年2号', '阳政发 〔 2020 〕 2 号']) {
    assert.equal(normalizeDocNumber(s), '阳政发〔2020〕2号', s);
  }
  assert.equal(normalizeDocNumber('国务院令第713号'), '国务院令第713号');
  assert.equal(normalizeDocNumber('省政府令第 2 号'), '省政府令第2号');
  assert.equal(normalizeDocNumber('没有文号'), null);
});

test('document numbers inside running text: prefix stops at the issuer or verb before it', () => {
  const found = findDocNumbers('省清洁取暖工作领导小组办公室晋清洁办发〔2023〕2号文件');
  assert.equal(found[0]?.normalized, '晋清洁办发〔2023〕2号');
  const cited = findDocNumbers('《山西省人民政府办公厅关于印发…的通知》（晋政办发〔2023〕27号）');
  assert.equal(cited[0]?.normalized, '晋政办发〔2023〕27号');
  assert.equal(findDocNumbers('根据发改能源〔2022〕1916号')[0]?.normalized, '发改能源〔2022〕1916号');
});

test('a document-number line is only a number (markdown and brackets allowed)', () => {
  assert.equal(docNumberOfLine('阳政发〔2020〕5 号')?.normalized, '阳政发〔2020〕5号');
  assert.equal(docNumberOfLine('**阳政办函〔2021〕147号**')?.normalized, '阳政办函〔2021〕147号');
  assert.equal(docNumberOfLine('(阳政任字〔2020〕1 号) (17)'), null, 'a TOC line is not a number line');
  assert.equal(docNumberOfLine('按照阳政发〔2020〕2号要求'), null);
});

test('document kind from a title, qualifiers and compound kinds', () => {
  assert.equal(docTypeOfTitle('阳泉市人民政府关于应对新冠肺炎疫情支持中小微企业稳定发展的实施意见'), '意见');
  assert.equal(docTypeOfTitle('关于同意建立阳泉市铁路沿线安全环境治理联席会议制度的函'), '函');
  assert.equal(docTypeOfTitle('阳泉市消防站建设规划(2021—2025年)'), '规划');
  assert.equal(docTypeOfTitle('支持新业态经济发展政策措施（试行）'), '政策措施');
  assert.equal(docTypeOfTitle('…〉的通知》'), null, 'a sentence ending in 》 is not a title');
});

test('compareKey unifies width, brackets and dashes', () => {
  assert.equal(compareKey('行动方案（2019—2021年）'), compareKey('行动方案(2019-2021 年)'));
});

test('foldWidth of a long text (a document joined) folds as it folds each character', () => {
  const chars = '，（）：；！Ａ１　〔〕阳。a';
  let s = '';
  for (let i = 0; s.length < 6000; i++) s += chars[(i * 5) % chars.length]!.repeat(1 + (i % 3));
  const expected = [...s].map((c) => foldWidth(c)).join('');
  assert.equal(foldWidth(s), expected);
  assert.ok(s.length > 2048 && s.includes('，') && s.includes('Ａ'), 'long, with the five marks and other full-width characters');
});
