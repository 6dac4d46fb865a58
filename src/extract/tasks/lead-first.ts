/**
 * Form: a convention stated in the document (排在第一位的为牵头单位 / 第一个单位为牵头): the first
 * unit of each marker leads. Tests: test/tasks-lead-first.test.ts, test/grammar.test.ts (the printed
 * patterns).
 */
import { printedPattern } from '../../core/grammar/spacing.js';
import type { SourceLine } from '../../model.js';
import { SPACE_AT, matchesAt } from './chars.js';

/**
 * 排在第一位的为牵头单位 / 第一个单位为牵头, tested on the printed text joined (generated printed
 * forms: none of their characters is changed by folding) — without folding and squashing the whole
 * document.
 */
export const LEAD_FIRST_CANONICAL = [
  /[排列居位](?:[在于])?(?:第一位|第一个|第一|首位)(?:[的者])?(?:单位|部门)?[为是]牵头/,
  /(?:第一个|首个|排名第一)(?:[的者])?(?:单位|部门)?[为是]牵头/,
];
const LEAD_FIRST = LEAD_FIRST_CANONICAL.map((re) => printedPattern(re));

/** Is the document's convention that the first listed unit leads (排在第一位的为牵头单位)? */
export function statesLeadFirst(lines: SourceLine[]): boolean {
  // Both patterns end in 为/是 牵头: the lines are joined only when some 牵 follows 为 or 是 (a
  // line without 牵 is passed over here, without a call).
  let copula = false;
  for (let i = 0; i < lines.length && !copula; i++) copula = lines[i]!.text.includes('牵') && followsCopula(lines, i, '牵');
  if (!copula) return false;
  const text = lines.map((l) => l.text).join('');
  return LEAD_FIRST.some((re) => re.test(text));
}

/**
 * Does some `ch` of line `i` follow 为 or 是, with only spaces between (across line ends, the lines
 * being joined)?
 */
function followsCopula(lines: SourceLine[], i: number, ch: string): boolean {
  const t = lines[i]!.text;
  for (let p = t.indexOf(ch); p >= 0; p = t.indexOf(ch, p + 1)) {
    let li = i;
    let k = p - 1;
    for (;;) {
      const u = lines[li]!.text;
      while (k >= 0 && matchesAt(SPACE_AT, u, k)) k--;
      if (k >= 0) {
        if (u[k] === '为' || u[k] === '是') return true;
        break;
      }
      if (--li < 0) break;
      k = lines[li]!.text.length - 1;
    }
  }
  return false;
}
