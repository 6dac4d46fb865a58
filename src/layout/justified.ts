/**
 * Spaces that are not in the text: pdfjs puts a space into a run wherever two glyphs stand a
 * little apart (more than about a tenth of the type size), and justified Chinese lines spread
 * their characters by that much and more (a third of an em in a narrow column), so a justified
 * line comes out as `附 件 ： 1. 市 级火灾 事 故 应 急 响 应`. Such a space beside a Chinese character
 * is dropped when the run's width says the gaps behind its spaces are narrower than
 * `WIDE_SPACE_EMS`: the space typed between Chinese words (names in a list, 组　长) is a full-width
 * one, a whole em.
 *
 * Widths are estimated: Chinese characters and full-width forms one em, other characters 0.55 em.
 */

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;
/** A Chinese character, or a full-width form or punctuation mark: one em wide. */
export const isWide = (c: string) => WIDE.test(c);

/** Beside a Chinese character, a gap narrower than this (in ems) is a justified line's spread, not a space. */
export const WIDE_SPACE_EMS = 0.6;

export function dropJustificationSpaces(text: string, width: number, size: number): string {
  if (!text.includes(' ') || !(size > 0) || !(width > 0)) return text;
  const chars = [...text];
  const spaces = chars.filter((c) => c === ' ').length;
  let ems = 0;
  let wide = 0;
  for (const c of chars) {
    if (c === ' ') continue;
    if (isWide(c)) {
      ems += 1;
      wide++;
    } else ems += 0.55;
  }
  // Runs of mostly Latin letters and digits keep their spaces: their widths are too uncertain to
  // judge a gap by.
  if (wide * 3 < chars.length - spaces) return text;
  const gap = (width / size - ems) / spaces;
  if (gap >= WIDE_SPACE_EMS) return text;
  return chars.filter((c, i) => c !== ' ' || !(isWide(chars[i - 1] ?? '') || isWide(nextNonSpace(chars, i)))).join('');
}

function nextNonSpace(chars: string[], i: number): string {
  for (let j = i + 1; j < chars.length; j++) if (chars[j] !== ' ') return chars[j]!;
  return '';
}
