/**
 * Character-level helpers shared by every stage. None of them changes string length unless its
 * name says so, so offsets found in a folded string address the same characters in the original.
 */

// Full-width ASCII (U+FF01–FF5E, 0xFEE0 above its half-width form) and the ideographic space.
const WIDE = /[\uff01-\uff5e\u3000]/;
const WIDE_ALL = /[\uff01-\uff5e\u3000]/g;
const halfWidth = (c: string): string => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * Fold full-width ASCII (！…～) and the ideographic space to their half-width forms, one character
 * for one character (length preserving). Chinese punctuation such as 〔〕《》、。 is kept.
 */
export function foldWidth(s: string): string {
  // Most text has no such character: answered by one test, without building a new string.
  return WIDE.test(s) ? s.replace(WIDE_ALL, halfWidth) : s;
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const LAYOUT_SPACE = new RegExp(`[\\s\\u3000]+`, 'g');
const KEEP_SPACE_BETWEEN = /[A-Za-z]/;
const HAS_SPACE = /[\s\u3000]/;

/**
 * Remove the spaces that PDF extraction puts inside Chinese text (`2 号`, `程 鹏`, `2021 年 7 月`),
 * keeping a single space only where it separates two Latin words.
 */
export function removeLayoutSpaces(s: string): string {
  if (!HAS_SPACE.test(s)) return s;
  return s.replace(LAYOUT_SPACE, (m, offset: number, all: string) => {
    const before = all[offset - 1] ?? '';
    const after = all[offset + m.length] ?? '';
    return KEEP_SPACE_BETWEEN.test(before) && KEEP_SPACE_BETWEEN.test(after) ? ' ' : '';
  });
}

/** Remove every whitespace character (for comparisons). */
export function squash(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

/** Comparison key: no whitespace, half-width, unified brackets and dashes. */
export function compareKey(s: string): string {
  return foldWidth(squash(s))
    .replace(/[〔［【\[]/g, '[')
    .replace(/[〕］】\]]/g, ']')
    .replace(/[“”"]/g, '"')
    .replace(/[‘’']/g, "'")
    .replace(/[—–―─－-]+/g, '-')
    .replace(/[·•]/g, '·');
}

export const CJK_CLASS = CJK;

export function isCjk(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, O: 0, o: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Parse a number written in Arabic digits or Chinese numerals: 12, 十二, 二十, 四十二, 一百零五,
 * and digit-by-digit years such as 二〇二三. Returns null when the text is not a number.
 */
export function parseNumber(s: string): number | null {
  const t = foldWidth(s).trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!t || !/^[零〇Oo一二两三四五六七八九十百千]+$/.test(t)) return null;
  if (!/[十百千]/.test(t)) {
    // Digit by digit: 二〇二三 → 2023
    let n = 0;
    for (const ch of t) {
      const d = CN_DIGITS[ch];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0;
  let digit = 0;
  for (const ch of t) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else if (ch in CN_UNITS) {
      total += (digit || 1) * CN_UNITS[ch]!;
      digit = 0;
    } else return null;
  }
  return total + digit;
}

/** Characters that end a sentence or clause; a title line does not contain them. */
export const SENTENCE_PUNCT = /[。；;！!？?]/;
