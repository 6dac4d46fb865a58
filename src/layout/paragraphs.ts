/**
 * Rows in reading order → lines of text: a paragraph's wrapped lines joined, alignment hints set,
 * table rows kept as rows.
 *
 * Forms handled:
 * - a wrapped paragraph: a row that fills its column to the right edge, followed by a row of the
 *   same size and weight starting at the left edge, goes on — also into the next column or page;
 * - a paragraph end: a row that stops short of the right edge, an indented next row (首行缩进), a
 *   change of size or weight (title → number line), or a wider gap than the line spacing;
 * - alignment: centred (titles, number lines), right-aligned (signatures, dates), indented
 *   (paragraph starts), flush left, full width;
 * - table rows: several cells on one baseline become one line with the cells separated by tabs;
 * - a blank line where the page leaves more space than a line between two rows, as a reader sees.
 */
import { union, type Row } from './columns.js';
import { median } from './fragments.js';
import type { Align, Box, LayoutLine } from './types.js';

export interface PlacedRow extends Row {
  page: number;
}

export function linesOf(rows: PlacedRow[]): LayoutLine[] {
  const out: LayoutLine[] = [];
  const body = median(rows.map(rowSize));
  let open: { line: LayoutLine; last: PlacedRow } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const text = rowText(row);
    if (!text) continue;
    if (open && continues(open.last, row)) {
      open.line.text = joinWrapped(open.line.text, text);
      open.line.wraps++;
      open.line.endPage = row.page;
      if (row.page === open.line.page) open.line.box = union(open.line.box, row.box);
      if (open.line.align === 'full' || open.line.align === 'left') open.line.align = alignOf(open.line.box, row.frame, open.line.size, body, true);
      open.last = row;
      continue;
    }
    if (open && gapBetween(open.last, row)) out.push(blankAfter(open.line));
    const size = rowSize(row);
    const line: LayoutLine = {
      text,
      page: row.page,
      endPage: row.page,
      box: { ...row.box },
      align: row.cells.length > 1 ? 'left' : alignOf(row.box, row.frame, size, body, false),
      size,
      bold: row.cells.every((c) => c.bold),
      wraps: 1,
      table: row.cells.length > 1,
    };
    out.push(line);
    open = { line, last: row };
  }
  return out;
}

function rowText(row: Row): string {
  return row.cells.map((c) => c.text.trim()).filter(Boolean).join('\t');
}

const rowSize = (row: Row): number => Math.max(...row.cells.map((c) => c.size));

/** Does `next` go on with the paragraph that `prev` ends? */
function continues(prev: PlacedRow, next: PlacedRow): boolean {
  if (prev.cells.length > 1 || next.cells.length > 1) return false;
  const a = prev.cells[0]!;
  const b = next.cells[0]!;
  const size = Math.min(a.size, b.size);
  if (Math.abs(a.size - b.size) > 0.15 * size || a.bold !== b.bold) return false;
  // The previous row reaches the right edge of its column: the text wrapped there.
  if (prev.frame.x1 - prev.box.x1 > 1.5 * size) return false;
  // The next row starts where the previous row starts (a paragraph set in from the margin, or a
  // nested list item) unless a sentence ended there or a new item starts; or at the left edge (an
  // indented row starts a new paragraph), or under the text after the previous row's label (a
  // hanging indent: 附件：1.… / 2.…) — but not after a right-aligned or centred row that happens to
  // reach the edge (a signature).
  const blockIndent =
    Math.abs(next.box.x0 - prev.box.x0) <= 0.6 * size &&
    prev.box.x0 - prev.frame.x0 < 0.4 * (prev.frame.x1 - prev.frame.x0) &&
    !/[。；;：:]$/.test(a.text) &&
    !LABEL_START.test(b.text) &&
    !DATE_LINE.test(b.text);
  if (!blockIndent) {
    if (prev.box.x0 - prev.frame.x0 > 4 * size) return false;
    const atEdge = next.box.x0 - next.frame.x0 <= 0.8 * size;
    if (!atEdge && !hangsUnder(a.text, prev.box.x0, next.box.x0, size)) return false;
  }
  // Same column and page: no more than the usual line spacing between them.
  const sameFlow = next.page === prev.page && next.column === prev.column;
  if (sameFlow && (next.box.y0 < prev.box.y0 || next.box.y0 - prev.box.y1 > 1.4 * size)) return false;
  return true;
}

/** Labels a list item starts with, whose text a hanging indent lines up under. */
const LABEL = /^(?:附\s*[件表]\s*\d*\s*[：:])?\s*(?:(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．]|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）])?/;

/** A row that starts a list item or an outline heading. */
const LABEL_START = /^(?:附\s*[件表]|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．]|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|[①-⑳]|第[一二三四五六七八九十百\d]+[章节条])/;

/** A date on a line of its own (成文日期 under a signature). */
const DATE_LINE = /^[\d〇零○Ｏ一二三四五六七八九十]{2,4}\s*年.{1,6}月.{1,6}日$/;

/** Does x (the next row's start) stand under the text after a label at the start of `text` (set at x0)? */
function hangsUnder(text: string, x0: number, x: number, size: number): boolean {
  const label = LABEL.exec(text)?.[0] ?? '';
  if (!label) return false;
  // Every boundary inside the label: 附件：|1.|text — a list may hang under either.
  let w = 0;
  for (const ch of label) {
    w += ch.charCodeAt(0) < 0x2000 ? size * 0.55 : size;
    if (/[：:.、．)）]/.test(ch) && Math.abs(x - (x0 + w)) <= 0.6 * size) return true;
  }
  return false;
}

function gapBetween(prev: PlacedRow, next: PlacedRow): boolean {
  if (next.page !== prev.page || next.column !== prev.column) return false;
  const size = Math.min(rowSize(prev), rowSize(next));
  return next.box.y0 - prev.box.y1 > 1.2 * size;
}

function blankAfter(line: LayoutLine): LayoutLine {
  return { ...line, text: '', box: { x0: line.box.x0, y0: line.box.y1, x1: line.box.x0, y1: line.box.y1 }, align: 'left', wraps: 0, table: false };
}

/** Wrapped text joins without a space, except between two Latin words. */
function joinWrapped(a: string, b: string): string {
  return /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b;
}

/**
 * Where a line sits in its column. Centred means equal margins left and right — and, since an
 * indented line that nearly fills the column has them too, either wide margins or a type larger
 * than the body's (a title).
 */
export function alignOf(box: Box, frame: { x0: number; x1: number }, size: number, bodySize: number, wrapped: boolean): Align {
  const lm = box.x0 - frame.x0;
  const rm = frame.x1 - box.x1;
  if (wrapped) return lm > 1.2 * size ? 'indent' : 'full';
  if (lm < 0.6 * size && rm < 1.5 * size) return 'full';
  const width = frame.x1 - frame.x0;
  const symmetric = Math.abs(lm - rm) <= 1.2 * size && lm > 0.6 * size;
  if (symmetric && (lm > 3 * size || size > bodySize * 1.1)) return 'center';
  if (lm > rm + 3 * size && box.x0 > frame.x0 + width / 2 - size) return 'right';
  if (lm > 1.2 * size && lm < 3 * size) return 'indent';
  return symmetric ? 'center' : 'left';
}
