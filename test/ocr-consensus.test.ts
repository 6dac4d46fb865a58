/**
 * Issue-level consensus corrections (src/core/ocr-consensus.ts): the slips of OCR'd names seen on the
 * scans of the sample issues, put into the issues' real text, are corrected; the clean text of the
 * three issues is left (all but one known) as it is; and each rule that keeps a real variant apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consensusContext, consensusFixes, correctByConsensus } from '../src/core/ocr-consensus.js';
import type { Layout, LayoutLine, PageLayout } from '../src/layout/types.js';
import { sourceLinesOfLayout } from '../src/pdf/lines.js';

const corpusLines = (name: string): string[] =>
  readFileSync(fileURLToPath(new URL(`../fixtures/corpus/${name}.txt`, import.meta.url)), 'utf8').split('\n');
const ISSUES = ['yangquan-2020-01', 'yangquan-2021-05', 'yangquan-2023-05'];

/** The lines of an issue with some lines replaced, as OCR read them. */
function misread(lines: string[], slips: Record<string, string>): string[] {
  return lines.map((l) => {
    for (const [right, read] of Object.entries(slips)) if (l.includes(right)) return l.replace(right, read);
    return l;
  });
}

test('slips of a frequent name seen on the scans are corrected in the real issue text', () => {
  const lines = corpusLines('yangquan-2020-01');
  // As the 150 dpi scan of yangquan-2020-01 read them (the appointment lines of 阳政任字〔2020〕1号).
  const read = misread(lines, {
    '杨兴明为阳泉师范高等专科学校学生工作处处长': '杨兴明为阳录师范高等专科学校学生工作处处长',
  });
  const fix = consensusFixes(read);
  assert.equal(fix('杨兴明为阳录师范高等专科学校学生工作处处长（试用期一年）；'), '杨兴明为阳泉师范高等专科学校学生工作处处长（试用期一年）；');
  const ctx = consensusContext(read);
  assert.deepEqual(correctByConsensus('杨兴明为阳录师范高等专科学校学生工作处处长', ctx).fixes, [
    'consensus: 为阳录师范高等专科学校 → 为阳泉师范高等专科学校',
  ]);
  // A line already right, and lines of other text, are returned as they are.
  for (const l of lines.slice(600, 700)) assert.equal(fix(l), l);
});

test('slips in the scans of the other issues: 救援, 审批 (frequent in their issue)', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['yangquan-2021-05', {}, '负责组织协调火灾扑救和灭火致援工作', '负责组织协调火灾扑救和灭火救援工作'],
    ['yangquan-2023-05', {}, '由区行政惠批服务局受理', '由区行政审批服务局受理'],
  ];
  for (const [issue, slips, line, want] of cases) assert.equal(consensusFixes(misread(corpusLines(issue), slips))(line), want, line);
});

test('the clean text of the three sample issues is left as it is, but for one real variant', () => {
  const changed: string[] = [];
  for (const issue of ISSUES) {
    const lines = corpusLines(issue);
    const ctx = consensusContext(lines);
    for (const l of lines) changed.push(...correctByConsensus(l, ctx).fixes);
  }
  // 院墙 beside 围墙 (three times): a real word no rule without a dictionary can tell from a slip.
  assert.deepEqual(changed, ['consensus: 侧至院墙外 → 侧至围墙外']);
});

const ISSUE = [
  '阳泉市第一人民医院院长',
  '阳泉市第一人民医院副院长',
  '阳泉市第一人民医院副院长',
  '阳泉市第一人民医院护理部主任',
];

test('names that differ in a numeral, a level or a function word are different names', () => {
  const fix = consensusFixes(ISSUE);
  assert.equal(fix('阳泉市第二人民医院院长'), '阳泉市第二人民医院院长');
  assert.equal(fix('阳泉县第一人民医院院长'), '阳泉县第一人民医院院长');
  // The slip of an ordinary character is corrected (入 read for 人).
  assert.equal(fix('阳泉市第一入民医院院长'), '阳泉市第一人民医院院长');
  const fix2 = consensusFixes(['市卫生健康委和市财政局', '市卫生健康委和市财政局', '市卫生健康委和市财政局']);
  assert.equal(fix2('市卫生健康委或市财政局'), '市卫生健康委或市财政局');
});

test('no correction when it would be a guess', () => {
  // Two frequent strings one character off the string read.
  const courts = ['阳泉市人民医院院长', '阳泉市人民法院院长'].flatMap((l) => [l, l, l]);
  assert.equal(consensusFixes(courts)('阳泉市人民陕院院长'), '阳泉市人民陕院院长');
  assert.equal(consensusFixes(courts.slice(0, 3))('阳泉市人民陕院院长'), '阳泉市人民医院院长');
  // Fewer than three occurrences: not frequent.
  assert.equal(consensusFixes(ISSUE.slice(0, 2))('阳泉市第一入民医院'), '阳泉市第一入民医院');
  // The string read occurs about as often as the frequent one.
  const often = [...ISSUE, '阳泉市第一入民医院', '阳泉市第一入民医院'];
  assert.equal(consensusFixes(often)('阳泉市第一入民医院'), '阳泉市第一入民医院');
  // The character read makes a pair the issue uses elsewhere (进入民营企业): maybe a word, not a slip.
  assert.equal(consensusFixes([...ISSUE, '进入民营企业'])('阳泉市第一入民医院'), '阳泉市第一入民医院');
  // Fewer than two matching characters on a side: maybe another ending (人民政协), not a slip.
  const gov = ['阳泉市人民政府', '阳泉市人民政府', '阳泉市人民政府'];
  assert.equal(consensusFixes(gov)('阳泉市人民政协'), '阳泉市人民政协');
  assert.equal(consensusFixes(gov)('阳泉市人民玫府'), '阳泉市人民玫府');
  assert.equal(consensusFixes(gov)('阳泉市人良政府'), '阳泉市人民政府');
});

test('only Chinese characters are compared and replaced: digits, Latin and marks are left, and break runs', () => {
  const fix = consensusFixes(ISSUE);
  assert.equal(fix('阳泉市第一人民医院2号楼'), '阳泉市第一人民医院2号楼');
  assert.equal(fix('阳泉市第一入民B院院长'), '阳泉市第一入民B院院长');
  // The mark splits the run: 阳泉市第一入民 alone is one character off no frequent string with two on each side.
  assert.equal(fix('阳泉市第一入民，医院'), '阳泉市第一入民，医院');
  assert.equal(fix(''), '');
});

test('the PDF stage corrects OCR\'d lines by the whole issue\'s spelling, keeps what was read in raw, and leaves text-layer lines', () => {
  const pages: [PageLayout['origin'], string[]][] = [
    ['text-layer', ['任命张三为阳泉师范高等专科学校校长', '任命李四为阳泉师范高等专科学校副校长']],
    ['ocr', ['王五为阳泉师范高等专科学校教务处处长', '杨兴明为阳泉师苑高等专科学校学生工作处处长']],
    ['text-layer', ['陈六为阳泉师花高等专科学校教师']],
  ];
  const layout: Layout = { lines: [], pages: [] };
  pages.forEach(([origin, texts], p) => {
    layout.pages.push({ page: p + 1, printedPage: null, printedPageSeen: false, width: 595, height: 842, origin, columns: 1, furniture: [], firstLine: layout.lines.length, lineCount: texts.length });
    for (const text of texts) {
      const box = { x0: 90, y0: 100 + 20 * layout.lines.length, x1: 500, y1: 116 + 20 * layout.lines.length };
      layout.lines.push({ text, page: p + 1, endPage: p + 1, box, align: 'left', size: 16, bold: false, wraps: 0, table: false } satisfies LayoutLine);
    }
  });
  const { lines } = sourceLinesOfLayout(layout);
  // Two text-layer spellings and one OCR'd make it frequent; the OCR'd slip is corrected.
  assert.equal(lines[3]!.text, '杨兴明为阳泉师范高等专科学校学生工作处处长');
  assert.equal(lines[3]!.raw, '杨兴明为阳泉师苑高等专科学校学生工作处处长');
  // A text layer is what was printed: never corrected.
  assert.equal(lines[4]!.text, '陈六为阳泉师花高等专科学校教师');
  assert.deepEqual(lines.slice(0, 3).map((l) => l.text), pages.flatMap(([, t]) => t).slice(0, 3));
});
