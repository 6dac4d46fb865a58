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
  let i = 0;
  while (i < s.length && isSpaceCode(s.charCodeAt(i))) i++;
  if (view === 'trim') return Math.min(i + k + (end ? 1 : 0), s.length);
  for (let n = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    const width = (c === LT || c === GT) && s.charCodeAt(i + 1) === c ? 2 : 1;
    if (width === 1 && isSpaceCode(c)) {
      i++;
      continue;
    }
    if (n === k) return end ? i + width : i;
    n++;
    i += width;
  }
  return s.length;
}

/**
 * The web reader's display form of a line: spaces PDF extraction leaves inside Chinese text
 * (`2020 年 2 月`, `程 鹏`) removed, spaces between Latin words and between numbers kept, tabs
 * (table cells) kept.
 */
export function tidySpaces(s: string): string {
  return TIDY_SPACE.test(s) ? viewColumns('tidy', s).text : s;
}
