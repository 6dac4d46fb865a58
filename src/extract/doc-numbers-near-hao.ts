/**
 * findDocNumbers for a whole document's joined text, scanning only the stretches that end in 号.
 *
 * Every document number ends in 号, and in text without whitespace it is at most
 * MAX_NUMBER_LENGTH characters long, so a number can only lie in the stretch of that length
 * ending at some 号. findDocNumbers is run on those stretches instead of the whole text (its
 * prefix regexes try a run of up to 16 CJK characters at every position, which dominates a
 * document-wide scan). The result is the same: no number crosses a stretch boundary, the core
 * regexes look neither behind nor ahead, and a number's own stretch always holds everything its
 * regex reads. Text with whitespace (where \s* makes numbers unbounded) is scanned whole.
 * Every form ends in a digit and 号 (or a space and 号): a 号 after anything else (编号, 号召, 型号)
 * ends no number and gets no stretch.
 */
import { findDocNumbers, type FoundDocNumber } from '../core/docnumber.js';
import { isSpaceCode } from '../core/text.js';

/**
 * Longest number without whitespace: 16 prefix characters + 〔2023〕 + 第 + 5 digits + 号 is 29
 * (a test compares this scan with the core on long texts, so a longer core form shows up there).
 */
const MAX_NUMBER_LENGTH = 32;
const HAO = '号';
const WHITESPACE = /\s/;

/** Put between stretches: no number form reads it (not CJK, a bracket, a digit nor a space). */
const BETWEEN = '\u0000';

/** A digit (ASCII or full-width: the core folds width) or a space, as before the 号 of a number. */
function mayEndNumber(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19) || isSpaceCode(c);
}

/** The first 号 at or after `from` that may end a number; -1 when none does. */
function nextHao(text: string, from: number): number {
  let h = text.indexOf(HAO, from);
  while (h >= 0 && !mayEndNumber(text.charCodeAt(h - 1))) h = text.indexOf(HAO, h + 1);
  return h;
}

/** The same list as findDocNumbers(text), with indexes into `text`. */
export function findDocNumbersNearHao(text: string): FoundDocNumber[] {
  const stretches: string[] = [];
  const textStarts: number[] = [];
  for (let h = nextHao(text, 0); h >= 0; ) {
    const from = Math.max(0, h - MAX_NUMBER_LENGTH + 1);
    let to = h + 1;
    // Merge the stretches of every 号 that follows within reach.
    for (let next = nextHao(text, to); next >= 0 && next - MAX_NUMBER_LENGTH + 1 <= to; next = nextHao(text, to)) {
      to = next + 1;
    }
    const stretch = text.slice(from, to);
    // A number with spaces in it can be longer than a stretch (and then has spaces in the last one).
    if (WHITESPACE.test(stretch)) return findDocNumbers(text);
    stretches.push(stretch);
    textStarts.push(from);
    h = nextHao(text, to);
  }
  if (!stretches.length) return [];
  // One search over all stretches, each mapped back to the text.
  const found = findDocNumbers(stretches.join(BETWEEN));
  let k = 0;
  let stretchStart = 0;
  for (const n of found) {
    while (n.index >= stretchStart + stretches[k]!.length + 1) stretchStart += stretches[k++]!.length + 1;
    n.index += textStarts[k]! - stretchStart;
  }
  return found;
}
