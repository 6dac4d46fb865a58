import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeDeadline, parseDeadline } from '../src/extract/deadlines.js';

const due = (text: string, year: number | null = 2023) => parseDeadline(text, year).deadline;

test('YYYY 年底前, layout spaces: yangquan-2023-05 L828 “2023 年底前完成”', () => {
  assert.deepEqual(parseDeadline('2023 年底前完成', 2023), {
    deadline: '2023-12-31',
    deadlineText: '2023 年底前完成',
    recurrence: null,
    milestones: [],
  });
  assert.equal(due('2020年底前'), '2020-12-31');
  assert.equal(due('2020年年底前'), '2020-12-31');
  assert.equal(due('2020年末'), '2020-12-31');
});

test('YYYY 年 M 月底前: yangquan-2021-05 L1050 “2022 年 6 月底前完成”', () => {
  assert.equal(due('2022 年 6 月底前完成'), '2022-06-30');
  assert.equal(due('2024年6月底前'), '2024-06-30');
  assert.equal(due('2024年2月底前', 2020), '2024-02-29');
  assert.equal(due('２０２４年６月底前'), '2024-06-30');
});

test('YYYY 年 M 月前 (no 底) reads as the end of that month: yangquan-2021-05 L1066 “2021 年 12 月前完成”', () => {
  assert.equal(due('2021 年 12 月前完成'), '2021-12-31');
});

test('a full date: 2023年10月15日前, and Chinese numerals', () => {
  assert.equal(due('2023年10月15日前'), '2023-10-15');
  assert.equal(due('二〇二三年十二月底前'), '2023-12-31');
  assert.equal(due('2023年2月30日前'), null);
});

test('yearless forms take the context year: 2月28日前, 6月底前, 年底前, 年内', () => {
  assert.equal(due('2月28日前', 2024), '2024-02-28');
  assert.equal(due('6月底前', 2024), '2024-06-30');
  assert.equal(due('年底前', 2024), '2024-12-31');
  assert.equal(due('年内完成', 2024), '2024-12-31');
  assert.equal(due('6月中旬前', 2024), '2024-06-20');
  // Without a context year the text is kept, the date is unknown.
  assert.deepEqual(parseDeadline('年底前', null), { deadline: null, deadlineText: '年底前', recurrence: null, milestones: [] });
});

test('halves and quarters: 上半年 / 下半年, 第三季度末, 2023年第四季度', () => {
  assert.equal(due('上半年'), '2023-06-30');
  assert.equal(due('下半年完成'), '2023-12-31');
  assert.equal(due('2024年上半年'), '2024-06-30');
  assert.equal(due('第三季度末'), '2023-09-30');
  assert.equal(due('三季度'), '2023-09-30');
  assert.equal(due('2023年第四季度'), '2023-12-31');
});

test('a year alone: 到2025年, 2025年完成', () => {
  assert.equal(due('到2025年'), '2025-12-31');
  assert.equal(due('2025年完成'), '2025-12-31');
});

test('a period ends the task: yangquan-2020-01 L1149 “（2020年1月16日—8月31日）”', () => {
  assert.equal(due('（2020年1月16日—8月31日）'), '2020-08-31');
  assert.equal(due('2020年9月1日—10月31日'), '2020-10-31');
  assert.equal(due('2020年10月—2021年3月'), '2021-03-31');
});

test('yearly milestones: deadline = the last one', () => {
  const d = parseDeadline('2023年完成30%，2024年完成60%，2025年底前全部完成', 2023);
  assert.equal(d.deadline, '2025-12-31');
  assert.deepEqual(d.milestones, [
    { deadline: '2023-12-31', text: '2023年完成30%' },
    { deadline: '2024-12-31', text: '2024年完成60%' },
    { deadline: '2025-12-31', text: '2025年底前全部完成' },
  ]);
  const half = parseDeadline('2023年6月底前完成试点;2024年底前全面推开', 2023);
  assert.deepEqual(half.milestones.map((m) => m.deadline), ['2023-06-30', '2024-12-31']);
});

test('ongoing: 长期坚持 (yangquan-2023-05 L850), 持续推进, 常态化推进 — no date, text kept', () => {
  for (const text of ['长期坚持', '持续推进', '常态化推进']) {
    assert.deepEqual(parseDeadline(text, 2023), { deadline: null, deadlineText: text, recurrence: null, milestones: [] });
  }
  assert.equal(due('2023年底前完成并长期坚持'), '2023-12-31');
});

test('recurring: 每年3月底前 / 每季度 / 每月 / 每半年 — no date, recurrence', () => {
  const cases: Array<[string, string]> = [
    ['每年3月底前', 'yearly'],
    ['每季度', 'quarterly'],
    ['每月', 'monthly'],
    ['每半年', 'half-yearly'],
    ['每季度末前报送', 'quarterly'],
  ];
  for (const [text, recurrence] of cases) {
    const d = parseDeadline(text, 2023);
    assert.deepEqual([d.deadline, d.recurrence, d.deadlineText], [null, recurrence, text]);
  }
});

test('no deadline: plain text and empty input', () => {
  assert.deepEqual(parseDeadline('市发改委负责', 2023), { deadline: null, deadlineText: null, recurrence: null, milestones: [] });
  assert.deepEqual(parseDeadline('', 2023).deadlineText, null);
  assert.equal(looksLikeDeadline('市发改委负责'), false);
  assert.equal(looksLikeDeadline('2023 年底前完成'), true);
  assert.equal(looksLikeDeadline('长期坚持'), true);
  // Numbers that are not dates: 12345 热线, 3个月
  assert.equal(due('依托 12345 政务服务便民热线'), null);
  assert.equal(due('期限不低于3个月'), null);
});
