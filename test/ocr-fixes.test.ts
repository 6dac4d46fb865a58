/**
 * Corrections of OCR slips (src/core/ocr-fixes.ts): each kind on small lines, lines that must not
 * change, and the known-prefix correction with the prefixes of a real issue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixOcrLine, knownDocNumberPrefixes } from '../src/core/ocr-fixes.js';

const KNOWN = ['阳政办发', '阳政发', '阳政任字', '阳政办函'];
const fix = (s: string, knownPrefixes: string[] = KNOWN) => fixOcrLine(s, { knownPrefixes }).text;

test('document numbers: any brackets around the year, spaces and a lost bracket → 〔year〕serial号', () => {
  const cases: [string, string][] = [
    ['阳政发[2021]12号', '阳政发〔2021〕12号'],
    ['阳政发(2021)12号', '阳政发〔2021〕12号'],
    ['阳政发（2021）12号', '阳政发〔2021〕12号'],
    ['阳政发【2021】12号', '阳政发〔2021〕12号'],
    ['阳政发〔2021]12 号', '阳政发〔2021〕12号'],
    ['阳政函[2021 77号', '阳政函〔2021〕77号'],
    ['阳政任字【2020]]号', '阳政任字〔2020〕1号'],
    ['的通知〈阳政函[2021]77生)', '的通知〈阳政函〔2021〕77号)'],
    ['阳政办发(2021 74号', '阳政办发〔2021〕74号'],
    ['阳政办发 [2021] 74号', '阳政办发〔2021〕74号'],
    ['阳政任字〈2021)43号', '阳政任字〔2021〕43号'],
    ['阳政办函2021〕147号', '阳政办函〔2021〕147号'],
    ['晋政办发［2023］27号', '晋政办发〔2023〕27号'],
    ['国办函{2022}17号', '国办函〔2022〕17号'],
    ['阳政发〔2021〕第12号', '阳政发〔2021〕第12号'],
    // 〕 read as two brackets, ] read for 1 in the serial (both seen on a 150 dpi 目录 page).
    ['方案的通知(阳政办发[2021]]85号)', '方案的通知(阳政办发〔2021〕85号)'],
    ['况的通报(阳政办函[2021]]15]号)', '况的通报(阳政办函〔2021〕151号)'],
    ['依据《关于加强消防工作的意见》(阳政发[2020]12号)纳入考核', '依据《关于加强消防工作的意见》(阳政发〔2020〕12号)纳入考核'],
  ];
  for (const [raw, fixed] of cases) assert.equal(fix(raw, []), fixed, raw);
  assert.deepEqual(fixOcrLine('阳政发[2021]12号', { knownPrefixes: [] }).fixes, ['doc-number: 阳政发[2021]12号 → 阳政发〔2021〕12号']);
});

test('document numbers: a prefix that does not end like one is left alone unless the issue uses it', () => {
  assert.equal(fix('发改能源[2022]1916号', []), '发改能源[2022]1916号');
  assert.equal(fix('发改能源[2022]1916号', ['发改能源']), '发改能源〔2022〕1916号');
  // A year in brackets in prose, and a bracketed year followed by 号 without a prefix shape.
  assert.equal(fix('全市共有学校(2021)12所，计划年内建成(2021年)', []), '全市共有学校(2021)12所，计划年内建成(2021年)');
  assert.equal(fix('本次共发放补贴[2021]12号楼住户', []), '本次共发放补贴[2021]12号楼住户');
});

test('document numbers: a prefix one character off a known prefix becomes it', () => {
  assert.equal(fix('阳政办友〔2021〕74号'), '阳政办发〔2021〕74号');
  assert.equal(fix('阳攻办发[2021]74号'), '阳政办发〔2021〕74号');
  assert.equal(fix('根据阳攻发〔2020〕9号文件'), '根据阳政发〔2020〕9号文件');
  assert.deepEqual(fixOcrLine('阳政办友〔2021〕74号', { knownPrefixes: KNOWN }).fixes, ['doc-number: 阳政办友〔2021〕74号 → 阳政办发〔2021〕74号']);
});

test('document numbers: no prefix correction when it would be a guess', () => {
  // Two known prefixes one character off (阳政办发, 阳政办函): which one is unknown.
  assert.equal(fix('阳政办友〔2021〕74号'.replace('友', '丞'), ['阳政办发', '阳政办函']), '阳政办丞〔2021〕74号');
  // Another issuer (the first character) and other prefixes of the same issuer are not slips.
  assert.equal(fix('晋政办发〔2021〕12号'), '晋政办发〔2021〕12号');
  assert.equal(fix('阳开办发〔2021〕12号'), '阳开办发〔2021〕12号');
  assert.equal(fix('阳政任发〔2021〕12号'), '阳政任发〔2021〕12号');
  // A known prefix itself, and one two characters off.
  assert.equal(fix('阳政办发〔2021〕74号'), '阳政办发〔2021〕74号');
  assert.equal(fix('阳攻办友〔2021〕74号'), '阳攻办友〔2021〕74号');
  assert.deepEqual(fixOcrLine('阳政办发〔2021〕74号', { knownPrefixes: KNOWN }).fixes, []);
});

test('digits: fullwidth digits, O/o and I/l inside numbers', () => {
  const cases: [string, string][] = [
    ['２０２１年３月５日', '2021年3月5日'],
    ['2O21年3月5日', '2021年3月5日'],
    ['2o2l年', '2021年'],
    ['2021年9月l6日', '2021年9月16日'],
    ['阳政发〔2O2l〕1O号', '阳政发〔2021〕10号'],
    ['第l2号', '第12号'],
    ['共计1O5人', '共计105人'],
  ];
  for (const [raw, fixed] of cases) assert.equal(fix(raw), fixed, raw);
});

test('digits: Latin words and codes keep their letters', () => {
  for (const s of ['ISO9001认证', 'GB/T 2021-2O', 'Office 2O', '型号A1O2', 'IO接口', 'No.1', 'l号楼']) assert.equal(fix(s), s, s);
});

test('dates: 曰 read for 日 after a day; 一 read for the dash between two years', () => {
  assert.equal(fix('2021年3月5曰'), '2021年3月5日');
  assert.equal(fix('2021 年 9 月 16 曰'), '2021 年 9 月 16 日');
  assert.equal(fix('二〇二三年八月二十九曰'), '二〇二三年八月二十九日');
  // 目 (as the standard model reads 日 at 150 dpi), but not where it starts a word.
  assert.equal(fix('2023年8月29目'), '2023年8月29日');
  assert.equal(fix('自2023年9月1目录公布之日起'), '自2023年9月1目录公布之日起');
  assert.equal(fix('规划(2021一2025年)'), '规划(2021—2025年)');
  assert.deepEqual(fixOcrLine('2021年3月5曰', { knownPrefixes: [] }).fixes, ['date: 月5曰 → 月5日']);
  // 曰 as a word, and 一 between numbers that are not years.
  assert.equal(fix('子曰：学而时习之'), '子曰：学而时习之');
  assert.equal(fix('第3一5条'), '第3一5条');
});

test('brackets: a mismatched pair around a short text becomes （…） or 《…》', () => {
  const cases: [string, string][] = [
    ['各县〈区)人民政府', '各县（区）人民政府'],
    ['各县(区〉人民政府', '各县（区）人民政府'],
    ['各县（区)人民政府', '各县（区）人民政府'],
    ['各县(区）人民政府', '各县（区）人民政府'],
    ['各县《区)人民政府', '各县（区）人民政府'],
    ['副校长〈试用期一年)。', '副校长（试用期一年）。'],
    ['根据〈城市消防站建设标准》', '根据《城市消防站建设标准》'],
    ['根据《城市消防站建设标准〉', '根据《城市消防站建设标准》'],
    ['根据(城市消防站建设标准》', '根据《城市消防站建设标准》'],
    // Nested: the inner pair first, then the pair around it is whole again.
    ['《阳泉市消防站建设规划〈2021一2025年)》', '《阳泉市消防站建设规划（2021—2025年）》'],
  ];
  for (const [raw, fixed] of cases) assert.equal(fix(raw), fixed, raw);
});

test('lines that must not change', () => {
  for (const s of [
    '〈一〉加强组织领导', // a real 〈〉 pair
    '数学符号〈 表示小于', // a lone 〈
    '详见文献[1]和[2]。', // footnotes
    '该项目于(2021)年启动', // a matching pair
    '（此件公开发布）',
    '(此件公开发布)',
    '各县（区）人民政府，市直各单位：',
    '阳泉市人民政府办公室关于印发阳泉市消防站建设规划（2021—2025年）的通知',
    '阳政办发〔2021〕74号',
    '2021年9月16日',
    '本规定自2021年起施行(2021年修订)。',
    '',
  ]) {
    const r = fixOcrLine(s, { knownPrefixes: KNOWN });
    assert.equal(r.text, s, s);
    assert.deepEqual(r.fixes, [], s);
  }
});

test('several slips of one line are all corrected and listed', () => {
  const r = fixOcrLine('依据阳攻办发[2O21]74号，于2021年9月8曰起执行〈试行)', { knownPrefixes: KNOWN });
  assert.equal(r.text, '依据阳政办发〔2021〕74号，于2021年9月8日起执行（试行）');
  assert.equal(r.fixes.length, 4);
});

test('known prefixes: those occurring at least twice in the issue, however the OCR bracketed them', () => {
  const known = knownDocNumberPrefixes([
    '阳政办发〔2021〕74号',
    '阳政办发[2021]75号',
    '根据阳政发(2020)9号文件',
    '阳政发【2020】10号',
    '阳政办友〔2021〕76号',
    '晋政办发〔2021〕1号',
    '国务院令第713号',
  ]);
  assert.deepEqual([...known].sort(), ['阳政办发', '阳政发']);
});

test('known prefixes of a real issue: the prefixes it uses repeatedly, none used once', () => {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/corpus/yangquan-2021-05.txt', import.meta.url)), 'utf8');
  const known = knownDocNumberPrefixes(text.split('\n'));
  for (const p of ['阳政办发', '阳政办函', '晋政办发']) assert.ok(known.has(p), p);
  assert.ok(!known.has('国办函'));
  // The issue's own numbers are left as they are.
  for (const line of text.split('\n').filter((l) => /^阳政办[发函]〔2021〕\d+号$/.test(l))) assert.equal(fixOcrLine(line, { knownPrefixes: known }).text, line);
});

test('dates whose digits were read as letters or brackets, and specks before a line', () => {
  for (const [read, printed] of [
    ['2020年]月20日', '2020年1月20日'],
    ['2O21年l月5曰', '2021年1月5日'],
    ['2021]年9月13日', '2021年9月13日'],
    ['2021年9月8日.', '2021年9月8日'],
    ['，阳政任字〔2020〕4号', '阳政任字〔2020〕4号'],
    ['.关于吴志鹏等四十二人任免职务的通知', '关于吴志鹏等四十二人任免职务的通知'],
    ['.2023年10月8日', '2023年10月8日'],
  ]) assert.equal(fix(read), printed, read);
  // A line may begin with brackets, quotes of a title, or a number (a decimal's point too).
  for (const line of ['（此件公开发布）', '“五城联创”', '1.加强领导', '《办法》', '.5个百分点', '.2023']) assert.equal(fix(line), line);
});

