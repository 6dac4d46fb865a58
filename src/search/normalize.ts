/**
 * The text search works on: one normalized string per document, and the same normalization for
 * queries, so "the query is a substring of the document" means the same thing to the index and to
 * a brute-force scan.
 *
 * Normalization, one character at a time (so every normalized character maps back to one printed
 * character, for snippets): full-width ASCII → half-width (Ａ１（ → A1( ), Latin upper → lower case,
 * whitespace (including the ideographic space and the layout spaces PDF extraction leaves inside
 * Chinese text, 程 鹏 → 程鹏) and control characters removed. Lines are joined without a separator,
 * so a phrase broken across two lines (hard-wrapped text) is still found.
 */

/** Whether normalization drops this code unit (whitespace, layout spaces, controls). */
export function isDropped(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x7f ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x1680 ||
    c === 0x85
  );
}

/** The code unit normalization turns this (kept) one into. */
export function mapChar(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 0x41 && c <= 0x5a) c += 0x20;
  return c;
}

/** Normalize text for search (see module comment). */
export function normalizeForSearch(s: string): string {
  const codes: number[] = [];
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDropped(c)) continue;
    codes.push(mapChar(c));
    if (codes.length >= 4096) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

/** Normalized text plus, for each of its characters, the index of the character it came from. */
export function normalizeWithMap(s: string): { text: string; map: Int32Array } {
  const map = new Int32Array(s.length);
  const codes: number[] = [];
  let n = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDropped(c)) continue;
    codes.push(mapChar(c));
    map[n++] = i;
    if (codes.length >= 4096) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return { text: out + String.fromCharCode(...codes), map: map.subarray(0, n) };
}

/** The search text of a document: its lines normalized and joined. */
export function documentSearchText(lines: readonly string[]): string {
  return normalizeForSearch(lines.join(''));
}

// ─── index keys ───
// One integer per indexed unit: a character (its code unit, < 2^16) or a pair of adjacent
// characters (c1·2^16 + c2, ≥ 2^16 because normalized text has no code unit below 0x21).
// Title postings use the same keys shifted by TITLE_FIELD.

export const TITLE_FIELD = 2 ** 32;

export function bigramKey(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}
