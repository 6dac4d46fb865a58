/** One-character tests used across the task readers, without making a string of the character. */
/** The character codes of `chars`, for tests on one character without making a string of it. */
export function codeSet(chars: string): Set<number> {
  return new Set([...chars].map((ch) => ch.charCodeAt(0)));
}

/**
 * One-character tests at a position, with sticky patterns: `text[i]` would make a string of the
 * character each time.
 */
export const SPACE_AT = /\s/y;
export const SENTENCE_END_AT = /[。；;!?！？]/y;
export const SPAN_LEAD_AT = /[\s\u3000。，,；;、：:)）〕]/y;

export function matchesAt(re: RegExp, text: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(text);
}
