/**
 * A document's joined text: its lines run together with every whitespace removed (hard wraps,
 * layout spaces and blank lines undone, `<<`/`>>` read as 《》), built once per document and
 * shared by the extractors that read across lines. Each character knows its source line and
 * column through the `map` (the `squash` view of src/text/views.ts).
 */
import type { LineNo, SourceLine, TextSpan } from '../model.js';
import { foldWidth, squash } from '../core/text.js';
import { LineMap } from './line-map.js';

export interface DocText {
  /** Joined text, whitespace removed, `<<`/`>>` read as 《》. */
  text: string;
  /** `text` width-folded (same length), for matching. */
  folded: string;
  /** Offset → source line and column (lines left empty have no piece). */
  map: LineMap<SourceLine>;
  /** Offsets in `text` where a blank line stood (a paragraph break in blank-line layouts). */
  paragraphBreaks: number[];
}

/** Source line of the character at offset `i` of DocText.text; undefined outside the text. */
export function lineAt(dt: DocText, i: number): number | undefined {
  if (!(i >= 0 && i < dt.text.length)) return undefined;
  return dt.map.lineAt(i);
}

/** Offsets in (after, upTo] where the source line changes from the character before, descending. */
export function lineChangesDown(dt: DocText, after: number, upTo: number): number[] {
  const out: number[] = [];
  const { starts } = dt.map;
  if (upTo <= after || !starts.length) return out;
  if (upTo >= dt.text.length && dt.text.length > after) out.push(dt.text.length); // the end: no line after it
  for (let k = dt.map.pieceAt(Math.min(upTo, dt.text.length - 1)); k > 0 && starts[k]! > after; k--) {
    if (dt.map.lineOf(k) !== dt.map.lineOf(k - 1)) out.push(starts[k]!);
  }
  if (after < 0 && upTo >= 0) out.push(0); // the start: no line before it
  return out;
}

/**
 * Where `words` (spaces and widths tolerated) stand on lines first..last: [start, end) in the
 * joined text, the first occurrence at or after offset `after`; null when they are not there.
 * For a fact whose reader knows its lines but not its offsets (a table cell, a roster entry).
 */
export function findOffsets(dt: DocText, words: string, first: LineNo, last: LineNo = first, after = 0): [number, number] | null {
  const needle = foldWidth(squash(words));
  if (!needle) return null;
  const k = dt.map.pieceFromLine(first);
  const end = dt.map.pieceFromLine(last + 1);
  if (k >= end) return null;
  const from = Math.max(dt.map.starts[k]!, after);
  const to = end < dt.map.size ? dt.map.starts[end]! : dt.text.length;
  // Searched in the lines' characters only: a search on to the end of the text for each of many
  // facts would be quadratic.
  const at = dt.folded.slice(from, to).indexOf(needle);
  return at >= 0 ? [from + at, from + at + needle.length] : null;
}

/** The span of findOffsets(…), or undefined. */
export function findSpan(dt: DocText, words: string, first: LineNo, last: LineNo = first): TextSpan | undefined {
  const at = findOffsets(dt, words, first, last);
  return at ? dt.map.spanOf(at[0], at[1]) : undefined;
}

const SPACES_BUT_NEWLINE = /[^\S\n]+/g;
const NEWLINES = /\n/g;

export function buildDocText(lines: SourceLine[]): DocText {
  // The lines joined by \n are cleaned in one go (<< >> read before the spaces go, as line by
  // line); the \n left between them give each line's length.
  const cleaned = lines
    .map((l) => l.text)
    .join('\n')
    .replace(/<</g, '《')
    .replace(/>>/g, '》')
    .replace(SPACES_BUT_NEWLINE, '');
  const map = new LineMap<SourceLine>('squash');
  const paragraphBreaks: number[] = [];
  let length = 0;
  let from = 0;
  for (let k = 0; k < lines.length; k++) {
    let to = cleaned.indexOf('\n', from);
    if (to < 0) to = cleaned.length;
    if (to === from) {
      if (paragraphBreaks[paragraphBreaks.length - 1] !== length) paragraphBreaks.push(length);
    } else {
      map.add(length, lines[k]!);
      length += to - from;
    }
    from = to + 1;
  }
  if (lines.length && from !== cleaned.length + 1) return buildDocTextLineByLine(lines); // a line held a \n
  const text = cleaned.replace(NEWLINES, '');
  return { text, folded: foldWidth(text), map, paragraphBreaks };
}

/** `<<` → 《, `>>` → 》 and whitespace removed, in one pass (the pairs are read before spaces go). */
const JOIN_DEBRIS = /<<|>>|\s+/g;
const joinPiece = (m: string): string => (m === '<<' ? '《' : m === '>>' ? '》' : '');

/** buildDocText for lines whose text holds a line break of its own. */
function buildDocTextLineByLine(lines: SourceLine[]): DocText {
  const pieces: string[] = [];
  const map = new LineMap<SourceLine>('squash');
  const paragraphBreaks: number[] = [];
  let length = 0;
  for (const l of lines) {
    const piece = l.text.replace(JOIN_DEBRIS, joinPiece);
    if (!piece) {
      if (paragraphBreaks[paragraphBreaks.length - 1] !== length) paragraphBreaks.push(length);
      continue;
    }
    pieces.push(piece);
    map.add(length, l);
    length += piece.length;
  }
  const text = pieces.join('');
  return { text, folded: foldWidth(text), map, paragraphBreaks };
}
