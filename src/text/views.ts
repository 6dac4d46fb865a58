/**
 * The whitespace views of a source line the stages read, each with the source column of every
 * character it keeps — so an offset found in a view gives back the printed characters.
 *
 * Width is never folded in a view: `foldWidth` (src/core/text.ts) is length-preserving, so a
 * folded view addresses the same characters and needs no map of its own.
 *
 * - `trim`: outer whitespace removed (the task extractor's paragraphs)
 * - `squash`: every whitespace removed, `<<` / `>>` read as 《 》 (the joined document text)
 * - `tidy`: layout spaces removed, a space kept between Latin words and between numbers, tabs
 *   (table cells) kept (what the web reader shows)
 */

import { isSpaceCode } from '../core/text.js';

export type LineView = 'trim' | 'squash' | 'tidy';

export interface ViewColumns {
  /** The view's text. */
  text: string;
  /** Source column (UTF-16 unit of the line) where each character of `text` starts. */
  starts: number[];
  /** Source column just after each character of `text` (two units for `<<`). */
  ends: number[];
}

const isSpace = (c: string): boolean => /\s/.test(c);

const TIDY_SPACE = /[ \u3000\u00a0]/;
const CJK_OR_PUNCT = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·]/;
const LATIN = /[A-Za-z]/;

/** What a run of layout spaces between `before` and `after` becomes in the tidy view. */
function tidyRun(before: string, after: string): string {
  if (!before || !after) return '';
  if (LATIN.test(before) && LATIN.test(after)) return ' ';
  if (CJK_OR_PUNCT.test(before) || CJK_OR_PUNCT.test(after)) return '';
  return ' ';
}

/** The view of one line with its column map (one pass over the line; used where spans are made). */
export function viewColumns(view: LineView, s: string): ViewColumns {
  const out: ViewColumns = { text: '', starts: [], ends: [] };
  const chars: string[] = [];
  const keep = (ch: string, from: number, to: number): void => {
    chars.push(ch);
    out.starts.push(from);
    out.ends.push(to);
  };
  if (view === 'trim') {
    let a = 0;
    let b = s.length;
    while (a < b && isSpace(s[a]!)) a++;
    while (b > a && isSpace(s[b - 1]!)) b--;
    for (let i = a; i < b; i++) keep(s[i]!, i, i + 1);
  } else if (view === 'squash') {
    for (let i = 0; i < s.length; ) {
      const pair = s.slice(i, i + 2);
      if (pair === '<<' || pair === '>>') {
        keep(pair === '<<' ? '《' : '》', i, i + 2);
        i += 2;
      } else {
        if (!isSpace(s[i]!)) keep(s[i]!, i, i + 1);
        i++;
      }
    }
  } else {
    for (let i = 0; i < s.length; ) {
      if (!TIDY_SPACE.test(s[i]!)) {
        keep(s[i]!, i, i + 1);
        i++;
        continue;
      }
      let end = i + 1;
      while (end < s.length && TIDY_SPACE.test(s[end]!)) end++;
      const kept = tidyRun(s[i - 1] ?? '', s[end] ?? '');
      if (kept) keep(kept, i, end);
      i = end;
    }
  }
  out.text = chars.join('');
  return out;
}

const LT = 0x3c;
const GT = 0x3e;
/** What the squash view removes or reads as one character (`<<`, `>>`); searched from lastIndex. */
const SQUASHED = /[\s<>]/g;

/**
 * The source column where character `k` of the view of line `s` starts (`end`: just after it),
 * walking the line only up to it and building nothing: what a span needs of the `trim` and `squash`
 * views, which the extractors ask for on every fact. Equal to viewColumns(view, s).starts[k]
 * (ends[k]); past the view's end, the line's length.
 */
export function columnOf(view: LineView, s: string, k: number, end: boolean): number {
  if (view === 'tidy') {
    const v = viewColumns(view, s);
    return k < v.starts.length ? (end ? v.ends[k]! : v.starts[k]!) : s.length;
  }
  if (view === 'squash') return squashColumn(s, k, end);
  let i = 0;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  return Math.min(i + k + (end ? 1 : 0), s.length);
}

/**
 * columnOf for the squash view. The characters between two squashed ones (a space, `<`, `>`) are
 * kept one for one, so the walk jumps from one squashed character to the next (found natively)
 * instead of stepping through every character: a line with layout spaces was walked unit by unit
 * for each fact on it.
 */
function squashColumn(s: string, k: number, end: boolean): number {
  let i = 0; // the source column of view character n
  for (let n = 0; ; ) {
    SQUASHED.lastIndex = i;
    const p = SQUASHED.test(s) ? SQUASHED.lastIndex - 1 : s.length;
    // Characters i..p-1 are view characters n..n+(p-i)-1.
    if (k - n < p - i) return end ? i + (k - n) + 1 : i + (k - n);
    n += p - i;
    if (p >= s.length) return s.length;
    const c = s.charCodeAt(p);
    const width = (c === LT || c === GT) && s.charCodeAt(p + 1) === c ? 2 : 1;
    if (width === 1 && isSpaceCode(c)) {
      i = p + 1;
      continue;
    }
    if (n === k) return end ? p + width : p;
    n++;
    i = p + width;
  }
}

/**
 * The web reader's display form of a line: spaces PDF extraction leaves inside Chinese text
 * (`2020 年 2 月`, `程 鹏`) removed, spaces between Latin words and between numbers kept, tabs
 * (table cells) kept.
 */
export function tidySpaces(s: string): string {
  return TIDY_SPACE.test(s) ? viewColumns('tidy', s).text : s;
}
