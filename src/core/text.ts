/**
 * Character-level helpers shared by every stage. None of them changes string length unless its
 * name says so, so offsets found in a folded string address the same characters in the original.
 */

/**
 * Strings built code unit by code unit go through one reused buffer, turned into a string by one
 * native call (Buffer's UTF-16 decoding copies the units as they are, lone surrogates included).
 * Long lines (a run of thousands of spaces or markers) made a regex replace() slow — a match per
 * character, a result of many small parts — and per-unit arrays cost allocation and a spread; this
 * costs a few ns a unit at any length.
 */
let units = new Uint16Array(4096);
/** The same memory as bytes, to read the string from without a new Buffer object per call. */
let unitBytes = Buffer.from(units.buffer);
/** Above this many units a buffer is used once and not kept, so that one huge input does not stay in memory. */
const KEEP_UNITS = 1 << 20;

function unitBuffer(n: number): Uint16Array {
  if (n <= units.length) return units;
  if (n > KEEP_UNITS) return new Uint16Array(n);
  units = new Uint16Array(Math.min(KEEP_UNITS, Math.max(n, units.length * 2)));
  unitBytes = Buffer.from(units.buffer);
  return units;
}

function stringOfUnits(buf: Uint16Array, n: number): string {
  const bytes = buf === units ? unitBytes : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return bytes.toString('utf16le', 0, n * 2);
}

// Full-width ASCII (U+FF01–FF5E, 0xFEE0 above its half-width form) and the ideographic space.
// Found with search(): the regex engine scans a long string far faster than a loop of charCodeAt.
const WIDE = /[\uff01-\uff5e\u3000]/;
const SPACE = /\s/;

/** True for the code units /\s/ matches (U+3000 included): all of them are in the BMP. */
export function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0xfeff;
}

const isLatinCode = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Strings up to this length (lines, titles) are squashed by a regex replace, fastest there. */
const SHORT = 2048;


/** Runs of full-width ASCII and ideographic spaces, for foldWidth's replace. */
const WIDE_RUN = /[\uff01-\uff5e\u3000]+/g;
/** Half-width form of each full-width character, by its code unit − 0xFF00 (U+3000 apart). */
const HALF_WIDTH: string[] = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(i + 0x20));
/** Runs longer than this are folded in the unit buffer, not by appending strings. */
const SHORT_RUN = 16;

const halfOf = (c: number): string => (c === 0x3000 ? ' ' : HALF_WIDTH[c - 0xff00]!);

function foldRun(run: string): string {
  if (run.length === 1) return halfOf(run.charCodeAt(0));
  if (run.length <= SHORT_RUN) {
    let out = '';
    for (let i = 0; i < run.length; i++) out += halfOf(run.charCodeAt(i));
    return out;
  }
  const buf = unitBuffer(run.length);
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    buf[i] = c === 0x3000 ? 0x20 : c - 0xfee0;
  }
  return stringOfUnits(buf, run.length);
}

/**
 * Fold full-width ASCII (！…～) and the ideographic space to their half-width forms, one character
 * for one character (length preserving). Chinese punctuation such as 〔〕《》、。 is kept.
 */
export function foldWidth(s: string): string {
  // Most lines have no such character: answered by one search, without building a new string.
  if (s.search(WIDE) < 0) return s;
  // In a long text (a document's lines joined) nearly all of them are these five, standing alone:
  // a literal replace each, native, spares foldRun a call for every one (−5 M instructions on the
  // samples' 0.7 G, measured where only buildDocText did it). On a line the five passes cost more
  // than they save.
  if (s.length > SHORT) s = s.replace(/，/g, ',').replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/；/g, ';');
  // A replace by runs: the regex engine copies the text between them natively. A loop over every
  // code unit cost 2–3× more CPU on document-long text (a few % of them full-width) — the
  // one-shot CLI runs without TurboFan, where such loops stay slow.
  return s.replace(WIDE_RUN, foldRun);
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACES = /\s+/g;

/**
 * Remove the spaces that PDF extraction puts inside Chinese text (`2 号`, `程 鹏`, `2021 年 7 月`),
 * keeping a single space only where it separates two Latin words.
 */
export function removeLayoutSpaces(s: string): string {
  if (s.search(SPACE) < 0) return s;
  // A replace by runs, as foldWidth (a loop over every code unit is slow without TurboFan).
  return s.replace(SPACES, layoutSpace);
}

/** What a run of spaces at `at` of `s` leaves: one space between two Latin letters, else nothing. */
function layoutSpace(run: string, at: number, s: string): string {
  return isLatinCode(s.charCodeAt(at - 1)) && isLatinCode(s.charCodeAt(at + run.length)) ? ' ' : '';
}

/** Remove every whitespace character (for comparisons). */
export function squash(s: string): string {
  const first = s.search(SPACE);
  if (first < 0) return s;
  if (s.length <= SHORT) return s.replace(SPACES, '');
  const buf = unitBuffer(s.length - first);
  let n = 0;
  for (let i = first + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isSpaceCode(c)) buf[n++] = c;
  }
  return s.slice(0, first) + stringOfUnits(buf, n);
}

/** Every character compareKey changes (or collapses: a run of `-`); keep in step with it. */
const KEY_CHANGES = /[\s\uff01-\uff5e〔［【\[〕］】\]“”"‘’'—–―─－\-·•]/;

/** Comparison key: no whitespace, half-width, unified brackets and dashes. */
export function compareKey(s: string): string {
  // Most names and titles hold none of the characters changed below: one search answers them.
  if (!KEY_CHANGES.test(s)) return s;
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
