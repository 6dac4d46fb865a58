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
  const at = findFolded(dt, needle, Math.max(dt.map.starts[k]!, after), pieceEnd(dt, end - 1));
  return at >= 0 ? [at, at + needle.length] : null;
}

/** Where piece `k` of the joined text ends. */
export function pieceEnd(dt: DocText, k: number): number {
  return k + 1 < dt.map.size ? dt.map.starts[k + 1]! : dt.text.length;
}

/** Offset of `needle` (folded, squashed) in the folded joined text within from..to, or -1. */
export function findFolded(dt: DocText, needle: string, from: number, to: number): number {
  if (!needle || from >= to) return -1;
  // Searched in these characters only: a search on to the end of the text for each of many facts
  // would be quadratic.
  const at = dt.folded.slice(from, to).indexOf(needle);
  return at < 0 ? -1 : from + at;
}

/** The span of findOffsets(…), or undefined. */
export function findSpan(dt: DocText, words: string, first: LineNo, last: LineNo = first): TextSpan | undefined {
  const at = findOffsets(dt, words, first, last);
  return at ? dt.map.spanOf(at[0], at[1]) : undefined;
}

/** What a line's piece loses or reads as one character: whitespace, `<<` and `>>`. */
const SQUASHED = /[\s<>]/;
const SPACES = /\s+/g;
/** `<<` → 《, `>>` → 》 and whitespace removed, in one pass (the pairs are read before spaces go). */
const JOIN_DEBRIS = /<<|>>|\s+/g;
const joinPiece = (m: string): string => (m === '<<' ? '《' : m === '>>' ? '》' : '');

/** A line's text as it stands in the joined text, when it holds whitespace, `<` or `>` (SQUASHED). */
function squashedPiece(text: string): string {
  return text.includes('<') || text.includes('>') ? text.replace(JOIN_DEBRIS, joinPiece) : text.replace(SPACES, '');
}

/**
 * Line by line: most lines are their own piece (no space, no `<<`), kept as they are, and appended
 * to the text (one native flatten when it is first searched). Cleaning the lines joined by \n and
 * finding each line's length again by its \n cost more: three whole-text strings more for the
 * collector, and a search per line. The loop makes no call a line does not need (a line's piece,
 * the map's add, an array of pieces to join): without TurboFan each costs hundreds of
 * instructions, and a document has thousands of lines.
 */
export function buildDocText(lines: SourceLine[]): DocText {
  const map = new LineMap<SourceLine>('squash');
  const { starts, lines: pieceLines } = map;
  const paragraphBreaks: number[] = [];
  let text = '';
  let lastBreak = -1;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    let piece = l.text;
    if (piece && SQUASHED.test(piece)) piece = squashedPiece(piece);
    if (!piece) {
      if (lastBreak !== text.length) paragraphBreaks.push((lastBreak = text.length));
      continue;
    }
    starts.push(text.length);
    pieceLines.push(l);
    text += piece;
  }
  return { text, folded: foldWidth(text), map, paragraphBreaks };
}
