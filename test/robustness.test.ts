/** Property tests: nothing in the input crashes the parser, and every span lies inside the file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseIssue, InputError } from '../src/parse.js';
import { corpusFile } from '../eval/gold.js';
import type { ParsedIssue } from '../src/model.js';

function assertSpansInside(p: ParsedIssue): void {
  const n = p.source.lineCount;
  const inside = (l: number | null) => l === null || (Number.isInteger(l) && l >= 1 && l <= n);
  for (const d of p.documents) {
    assert.ok(inside(d.startLine) && inside(d.endLine) && d.startLine <= d.endLine);
    for (const l of [d.docNumberLine, ...d.attachments.map((a) => a.line), ...d.warnings.map((w) => w.line)]) assert.ok(inside(l));
    for (const x of [...d.appointments, ...d.citations, ...d.tasks]) assert.ok(inside(x.line));
  }
  for (const e of p.toc) assert.ok(inside(e.line) && inside(e.endLine));
}

function parseOrRefuse(input: Uint8Array | string): void {
  try {
    assertSpansInside(parseIssue(input));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
}

const sampleLines = readFileSync(corpusFile('yangquan-2020-01'), 'utf8').split('\n');

test('random text never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 2000 }), (s) => parseOrRefuse(s)), { numRuns: 300 });
});

test('random bytes either parse or are refused with an InputError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 4000 }), (b) => parseOrRefuse(b)), { numRuns: 200 });
});

test('shuffled, dropped and duplicated lines of a real issue never throw and keep spans inside', () => {
  const line = fc.constantFrom(...sampleLines);
  fc.assert(
    fc.property(fc.array(line, { maxLength: 400 }), fc.constantFrom('\n', '\r\n', '\r'), (ls, eol) => parseOrRefuse(ls.join(eol))),
    { numRuns: 150 },
  );
});

test('slices of a real issue cut at random lines parse with spans inside', () => {
  fc.assert(
    fc.property(fc.nat(sampleLines.length), fc.nat(sampleLines.length), (a, b) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      parseOrRefuse(sampleLines.slice(lo, hi).join('\n'));
    }),
    { numRuns: 100 },
  );
});

test('empty input gives an empty result with a warning', () => {
  const p = parseIssue('');
  assert.equal(p.documents.length, 0);
  assert.equal(p.issue, null);
  assert.ok(p.warnings.some((w) => w.code === 'no-documents'));
});

test('one very long line (no line breaks) does not hang or throw', () => {
  const p = parseIssue('阳'.repeat(2_000_000));
  assert.equal(p.source.lineCount, 1);
});

test('roster, appointment and task lines recombined at random never make the parser throw', () => {
  // Pieces of the layouts extractors read: role labels, names, posts, markers, headers, brackets.
  const piece = fc.constantFrom(
    '组长：', '副组长：', '成员：', '办公室主任：', '总指挥：', '张三', '李 四', '王五（兼）', '市财政局局长', '\t', '  ',
    '任命：', '免去：', '为', '的', '职务', '（试用期一年）', '（', '）', '〔', '〕', '牵头', '配合', '责任单位：', '、', '，', '；',
    '2023年底前完成', '《', '》', '阳政发〔2020〕2号', '自印发之日起施行', '有效期', '同时废止', '。',
  );
  const line = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''));
  const head = ['阳泉市人民政府办公室关于成立阳泉市某某领导小组的通知', '阳政办函〔2023〕9号', '各县（区）人民政府：'];
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), (ls) => {
      const p = parseIssue([...head, ...ls, '阳泉市人民政府办公室', '2023年9月1日'].join('\n'));
      assert.ok(!p.documents.some((d) => d.warnings.some((w) => w.code === 'extractor-failed')), JSON.stringify(ls));
      assertSpansInside(p);
    }),
    { numRuns: 400 },
  );
});
