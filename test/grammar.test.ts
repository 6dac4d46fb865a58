/**
 * The grammar's generated printed patterns (src/core/grammar/spacing.ts) match a printed string exactly
 * when the canonical pattern matches it width-folded and without layout spaces — checked on random
 * strings from each pattern's alphabet, and for the outline label also the length of what it takes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldWidth, removeLayoutSpaces } from '../src/core/text.js';
import { printedPattern, printedSource } from '../src/core/grammar/spacing.js';
import { OUTLINE_LABEL, PRINTED_OUTLINE_LABEL } from '../src/core/grammar/outline-labels.js';
import { FIELD_LABEL, DEADLINE_LABEL } from '../src/extract/tasks/roles.js';
import { ANNEX_LABEL } from '../src/extract/tasks/blocks.js';
import { LEAD_FIRST_CANONICAL } from '../src/extract/tasks/lead-first.js';
import { DUTY_START, DUTY_START_CANONICAL } from '../src/extract/tasks/fields.js';

const canonicalView = (s: string) => removeLayoutSpaces(foldWidth(s));

/** Strings of `alphabet` characters, spaces of both widths among them. */
function printed(alphabet: string): fc.Arbitrary<string> {
  const chars = [...alphabet, ' ', '\u3000', '  ', 'x'];
  return fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((a) => a.join(''));
}

function samePrinted(canonical: RegExp, alphabet: string): void {
  const fast = printedPattern(canonical);
  fc.assert(
    fc.property(printed(alphabet), (s) => fast.test(s) === canonical.test(canonicalView(s))),
    { numRuns: 4000 },
  );
}

const DIGITS = '0123456789０１２３４５６７８９';
const OUTLINE_ALPHABET = '第一二三四五六七八九十百零〇章节条、.．()（）①⑤⑳' + DIGITS;

test('printed outline label: matches what the canonical one matches, and takes as much', () => {
  samePrinted(OUTLINE_LABEL, OUTLINE_ALPHABET);
  fc.assert(
    fc.property(printed(OUTLINE_ALPHABET), (s) => {
      const m = PRINTED_OUTLINE_LABEL.exec(s);
      const c = OUTLINE_LABEL.exec(canonicalView(s));
      if (!m || !c) return !m && !c;
      return canonicalView(m[0]) === c[0];
    }),
    { numRuns: 4000 },
  );
});

test('printed field, deadline and 附件 labels match what the canonical ones match', () => {
  samePrinted(FIELD_LABEL, '牵头责任主办承配合协同参与助单位部门县区企业:：');
  samePrinted(DEADLINE_LABEL, '完成时限间期节点要求进度安排:：');
  samePrinted(ANNEX_LABEL, '附件:：一二十' + DIGITS);
});

test('the printed duty opening (负责… after 牵头单位：X。) is the hand-written one it replaced', () => {
  assert.equal(DUTY_START.source, '^\\s*(?:主\\s*要\\s*|具\\s*体\\s*)?(?:负\\s*责|承\\s*担|牵\\s*头)');
  samePrinted(DUTY_START_CANONICAL, '主要具体负责承担牵头');
});

test('printed lead-first conventions match what the canonical ones match', () => {
  for (const re of LEAD_FIRST_CANONICAL) samePrinted(re, '排列居位在于第一个首名的者单位部门为是牵头');
});

test('printedSource: the hand-written form of the outline label, exactly', () => {
  // The form tasks.ts carried by hand before it was generated.
  assert.equal(
    printedSource(OUTLINE_LABEL),
    '^\\s*(?:第\\s*(?:[一二三四五六七八九十百零〇\\d０-９]\\s*)+[章节条]|(?:[一二三四五六七八九十]\\s*)+[、.．]|[(（]\\s*(?:[一二三四五六七八九十\\d０-９]\\s*){1,3}[)）]|(?:[\\d０-９]\\s*){1,3}(?:[.．]\\s*(?:[\\d０-９]\\s*){1,2})*[、.．](?!\\s*[\\d０-９])|[①-⑳])',
  );
});

test('printedSource: a pattern it cannot print faithfully is refused when it is made', () => {
  assert.throws(() => printedSource(/[^。]+/), /negated/);
  assert.throws(() => printedSource(/a\s+b/), /required space/);
  assert.throws(() => printedSource(/a.b/), /unsupported/);
});
