/**
 * A joined text's way back to its source: where each source line's characters start in the
 * joined text, and which whitespace view of the line they are. Offset → line is a binary search
 * over the starts; the column is found through the line's view (src/text/views.ts), computed only
 * for the lines a span is asked of.
 */
import { isSpaceCode } from '../core/text.js';
import type { LineNo, TextSpan } from '../model.js';
import { columnOf, viewColumns, type LineView, type ViewColumns } from './views.js';

/** What a map needs of a source line (SourceLine and the archive's DocumentLine both qualify). */
export interface MappedLine {
  line: LineNo;
  text: string;
  page?: number;
}

export interface TextPosition {
  line: LineNo;
  /** UTF-16 column in the line's `text`. */
  column: number;
  /** PDF input: the page of the line. */
  page?: number;
}

const NOT_SPACE = /\S/;
const UNKNOWN = -2;
/** What the squash view removes or reads as one character (`<<`, `>>`); searched from lastIndex. */
const SQUASHED = /[\s<>]/g;

/** Pieces a lookup given a hint steps over before it searches (pieceAt, pieceFromLine). */
const MAX_STEPS = 8;

/** Lines longer than this get a column map of their own (see columnAt). */
const LONG_LINE = 400;

/**
 * The column of character `at` of the trim view of long line `text` (`end`: just after it), as its
 * column map gives it (past the view's end, the line's length) without making the map: the view
 * is the line without its outer whitespace, character for character.
 */
function trimColumn(text: string, at: number, end: boolean): number {
  const lead = text.search(NOT_SPACE);
  if (lead < 0) return text.length;
  let tail = text.length;
  while (isSpaceCode(text.charCodeAt(tail - 1))) tail--;
  const column = lead + at;
  return column < tail ? (end ? column + 1 : column) : text.length;
}

export class LineMap<L extends MappedLine = MappedLine> {
  /** Offset in the joined text where each piece starts, ascending. */
  readonly starts: number[] = [];
  /** The source line of each piece. */
  readonly lines: L[] = [];
  /** Column maps of the lines asked for by offsetOf, made on first use. */
  private columns: Array<ViewColumns | undefined> | undefined;
  /** plainIndent of the lines asked for, made on first use. */
  private indents: Int32Array | undefined;

  constructor(readonly view: LineView) {}

  /** The next piece: the view of `line` starts at `offset` of the joined text. */
  add(offset: number, line: L): void {
    this.starts.push(offset);
    this.lines.push(line);
  }

  get size(): number {
    return this.starts.length;
  }

  /**
   * Index of the piece holding offset `i` (the last piece starting at or before it). `from`: a
   * piece at or before the answer (a caller walking the text forward passes its last one), stepped
   * on from when the answer is near instead of searching.
   */
  pieceAt(i: number, from = 0): number {
    const starts = this.starts;
    if (from > 0 && from < starts.length && starts[from]! <= i) {
      for (let k = from, steps = 0; steps <= MAX_STEPS; k++, steps++) {
        if (k + 1 >= starts.length || starts[k + 1]! > i) return k;
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The source line number of offset `i`. */
  lineAt(i: number): LineNo {
    return this.lines[this.pieceAt(i)]!.line;
  }

  /**
   * Index of the first piece on line `n` or after it (size when none is). Pieces are in line order.
   * `from`: a piece at or before the answer, stepped on from as in pieceAt.
   */
  pieceFromLine(n: LineNo, from = 0): number {
    const lines = this.lines;
    if (from > 0 && from <= lines.length && lines[from - 1]!.line < n) {
      for (let k = from, steps = 0; steps <= MAX_STEPS; k++, steps++) {
        if (k === lines.length || lines[k]!.line >= n) return k;
      }
    }
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]!.line < n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The line number of piece `k`. */
  lineOf(k: number): LineNo {
    return this.lines[k]!.line;
  }

  /**
   * For the squash view: the indent of line `k` when nothing after it is squashed (no space, no
   * `<`/`>`), so that character n of the view is column indent + n; -1 otherwise. Most lines are
   * such, and walking each up to the character (columnOf) cost more than the rest of a span.
   */
  private plainIndent(k: number): number {
    if (!this.indents || this.indents.length <= k) {
      const grown = new Int32Array(Math.max(this.size, k + 1)).fill(UNKNOWN);
      if (this.indents) grown.set(this.indents);
      this.indents = grown;
    }
    let lead = this.indents[k]!;
    if (lead === UNKNOWN) {
      const text = this.lines[k]!.text;
      lead = text.search(NOT_SPACE);
      SQUASHED.lastIndex = Math.max(0, lead);
      if (lead < 0 || SQUASHED.test(text)) lead = -1;
      this.indents[k] = lead;
    }
    return lead;
  }

  private columnsOf(k: number): ViewColumns {
    const columns = (this.columns ??= []);
    return (columns[k] ??= viewColumns(this.view, this.lines[k]!.text));
  }

  /**
   * Source column of character `i` of piece `k` (`end`: just after it), clamped to the piece. A
   * short line is walked up to the character; a long one is mapped once (walking it for each of
   * thousands of facts on one line would be quadratic), except in the trim view, where the column
   * is the character's place after the leading whitespace.
   */
  private columnAt(k: number, i: number, end: boolean): number {
    const text = this.lines[k]!.text;
    const at = Math.max(0, i - this.starts[k]!);
    if (this.view === 'squash') {
      const lead = this.plainIndent(k);
      if (lead >= 0) {
        const column = lead + at;
        return column < text.length ? (end ? column + 1 : column) : text.length;
      }
    }
    if (text.length <= LONG_LINE) return columnOf(this.view, text, at, end);
    if (this.view === 'trim') return trimColumn(text, at, end);
    const cols = this.columnsOf(k);
    return at < cols.starts.length ? (end ? cols.ends[at]! : cols.starts[at]!) : text.length;
  }

  /** Line, column and page of the character at offset `i`. */
  positionAt(i: number): TextPosition {
    const k = this.pieceAt(i);
    const l = this.lines[k]!;
    const column = this.columnAt(k, i, false);
    return l.page !== undefined ? { line: l.line, column, page: l.page } : { line: l.line, column };
  }

  /**
   * The offset of source column `column` of line `n` (the first character at or after it; with
   * `end`, just after the last character before it); undefined when the line has no piece here.
   */
  offsetOf(n: LineNo, column: number, end = false): number | undefined {
    const k = this.pieceFromLine(n);
    if (k >= this.size || this.lines[k]!.line !== n) return undefined;
    const cols = this.columnsOf(k);
    const bound = end ? cols.ends : cols.starts;
    let i = 0;
    while (i < bound.length && (end ? bound[i]! <= column : bound[i]! < column)) i++;
    return this.starts[k]! + i;
  }

  /** The source characters of offsets start..end (end exclusive); undefined when empty. */
  spanOf(start: number, end: number): TextSpan | undefined {
    if (!(end > start) || !this.starts.length) return undefined;
    // As positionAt(start) gives the start, without its object.
    const j = this.pieceAt(start);
    const column = this.columnAt(j, start, false);
    const k = this.pieceAt(end - 1);
    return { line: this.lines[j]!.line, column, endLine: this.lines[k]!.line, endColumn: this.columnAt(k, end - 1, true) };
  }
}
