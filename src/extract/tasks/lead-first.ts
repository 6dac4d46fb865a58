/**
 * Form: a convention stated in the document (排在第一位的为牵头单位 / 第一个单位为牵头): the first
 * unit of each marker leads. Tests: test/tasks-lead-first.test.ts, test/grammar.test.ts (the printed
 * patterns).
 */
/**
 * 排在第一位的为牵头单位 / 第一个单位为牵头, on the document's joined text (its lines run together
 * without whitespace, src/text/doc-text.ts): the printed forms of these patterns (test/grammar.test.ts)
 * match the lines as printed exactly where these match that text, no character of theirs being
 * changed by folding.
 */
export const LEAD_FIRST_CANONICAL = [
  /[排列居位](?:[在于])?(?:第一位|第一个|第一|首位)(?:[的者])?(?:单位|部门)?[为是]牵头/,
  /(?:第一个|首个|排名第一)(?:[的者])?(?:单位|部门)?[为是]牵头/,
];

/** What both patterns end in: 为 or 是 before 牵. */
const COPULA_LEAD = /[为是]牵/;

/**
 * Is the document's convention that the first listed unit leads (排在第一位的为牵头单位)? `joined`
 * is the document's joined text (DocText.text), which the other extractors read too: one native
 * search rules most documents out, where a scan of the lines took a call per line.
 */
export function statesLeadFirst(joined: string): boolean {
  return COPULA_LEAD.test(joined) && LEAD_FIRST_CANONICAL.some((re) => re.test(joined));
}
