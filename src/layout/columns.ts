/**
 * Columns and reading order of a page: one column, two columns, or both on one page.
 *
 * Forms handled:
 * - a single column: top to bottom;
 * - a body in two columns: the left column top to bottom, then the right one. The gutter is found
 *   as a river of white: an x where many rows have a gap, however narrow (a gutter is often
 *   narrower than the gap that separates table cells);
 * - a full-width title (or the end of a one-column document) above two columns, and two-column
 *   stretches between full-width lines: every fragment that crosses the gutter closes the stretch
 *   above it;
 * - titles centred inside one column stay in that column;
 * - table rows: fragments of one column on one baseline stay one row (cells in order).
 * A gutter is only believed when both sides hold prose: lines filling a column of at least a third
 * of the text width and ending flush at the column's right edge (table cells side by side, such as
 * a roster's 组长 … 市长, end wherever their text ends).
 */
import type { PositionedText } from './positioned.js';
import type { Box, Fragment } from './types.js';
import { median, rowsOfItems, splitRow } from './fragments.js';

export interface Row {
  /** Fragments on one baseline within one column, left to right. */
  cells: Fragment[];
  box: Box;
  /** 0: the full width (or a one-column page); 1: left column; 2: right column. */
  column: 0 | 1 | 2;
  /** The text box of the column the row belongs to. */
  frame: { x0: number; x1: number };
}

export interface Gutter {
  x0: number;
  x1: number;
}

export interface PageOrder {
  rows: Row[];
  columns: 1 | 2;
}

type Frame = { x0: number; x1: number };

/**
 * Pages' items → fragments, split at the gutter on pages with two columns. A gutter proven on some
 * pages (prose on both sides) is tried on the others.
 */
export function pagesFragments(pages: PositionedText[][], margins: (Frame | undefined)[]): { fragments: Fragment[]; gutter: Gutter | null }[] {
  const rows = pages.map(rowsOfItems);
  const gutters = rows.map((r, i) => findGutter(r, margins[i]));
  const known = commonGutter(gutters);
  return rows.map((r, i) => {
    const gutter = gutters[i] ?? (known ? findGutter(r, margins[i], known) : null);
    const cut = gutter ? [(gutter.x0 + gutter.x1) / 2] : [];
    return { fragments: r.flatMap((row) => splitRow(row, cut)), gutter };
  });
}

/** The gutter that at least two pages agree on (within two points), the commonest such. */
function commonGutter(gutters: (Gutter | null)[]): Gutter | null {
  const found = gutters.filter((g): g is Gutter => g !== null);
  let best: { g: Gutter; n: number } | null = null;
  for (const g of found) {
    const n = found.filter((h) => Math.abs(h.x0 - g.x0) <= 2 && Math.abs(h.x1 - g.x1) <= 2).length;
    if (n >= 2 && (!best || n > best.n)) best = { g, n };
  }
  return best?.g ?? null;
}

/**
 * `margins` are the left and right edges of the text that most pages share; a page whose lines
 * reach further widens them.
 */
export function readingOrder(fragments: Fragment[], gutter: Gutter | null, margins?: Frame): PageOrder {
  if (!fragments.length) return { rows: [], columns: 1 };
  const frame = frameOf(fragments.map((f) => f.box), margins);
  if (!gutter) return { rows: rowsOf(fragments, 0, frame), columns: 1 };

  const left = { x0: frame.x0, x1: gutter.x0 };
  const right = { x0: gutter.x1, x1: frame.x1 };
  const mid = (gutter.x0 + gutter.x1) / 2;
  const side = (f: Fragment): 0 | 1 | 2 => (f.box.x1 <= mid ? 1 : f.box.x0 >= mid ? 2 : 0);
  const spanning = fragments.filter((f) => side(f) === 0);
  const rows: Row[] = [];
  // Stretches between full-width rows, and between white bands across both columns (a section
  // break: 【…】 over a rule, where neither column has text): the left column, then the right one.
  let from = -Infinity;
  const stretch = (to: number) => {
    const inside = (f: Fragment) => f.box.y0 >= from && f.box.y0 < to;
    const columns = fragments.filter((f) => side(f) !== 0 && inside(f));
    for (const [a, b] of bands(columns, from, to, side)) {
      const within = (f: Fragment) => f.box.y0 >= a && f.box.y0 < b;
      rows.push(...rowsOf(columns.filter((f) => side(f) === 1 && within(f)), 1, left));
      rows.push(...rowsOf(columns.filter((f) => side(f) === 2 && within(f)), 2, right));
    }
  };
  for (const r of rowsOf(spanning, 0, frame)) {
    stretch(r.box.y0);
    rows.push(r);
    from = r.box.y0;
  }
  stretch(Infinity);
  return { rows, columns: 2 };
}

/**
 * [from, to) cut where no fragment covers a band of y at least two lines high, and either both
 * columns go on below it, or both columns end together just above it (balanced columns: what
 * follows in one column alone, such as the next section's 【…】 heading, comes after both). Text
 * above such a band is read, both columns, before the text below it. (A column that has ended
 * well above the band is the end of the flow, not a section: the other column's text below the
 * band is the rest of that column.)
 */
function bands(fragments: Fragment[], from: number, to: number, side: (f: Fragment) => 0 | 1 | 2): Array<[number, number]> {
  if (!fragments.length) return [[from, to]];
  const sorted = [...fragments].sort((a, b) => a.box.y0 - b.box.y0);
  const size = median(fragments.map((f) => f.size));
  const lowest = (s: 1 | 2) => Math.max(-Infinity, ...fragments.filter((f) => side(f) === s).map((f) => f.box.y0));
  const [lastLeft, lastRight] = [lowest(1), lowest(2)];
  const cuts: number[] = [];
  let reach = sorted[0]!.box.y1;
  // How far down each column reaches above the fragment being looked at.
  const ends: Record<1 | 2, number> = { 1: -Infinity, 2: -Infinity };
  for (const [i, f] of sorted.entries()) {
    if (i > 0 && f.box.y0 - reach >= 2 * size) {
      const bothGoOn = lastLeft >= f.box.y0 && lastRight >= f.box.y0;
      const endTogether = Number.isFinite(ends[1]) && Number.isFinite(ends[2]) && Math.abs(ends[1] - ends[2]) <= 1.5 * size;
      if (bothGoOn || endTogether) cuts.push(f.box.y0);
    }
    reach = Math.max(reach, f.box.y1);
    const s = side(f);
    if (s !== 0) ends[s] = Math.max(ends[s], f.box.y1);
  }
  const edges = [from, ...cuts, to];
  return edges.slice(1).map((b, i) => [edges[i]!, b]);
}

function frameOf(boxes: Box[], margins?: Frame): Frame {
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x0);
    x1 = Math.max(x1, b.x1);
  }
  return margins ? { x0: Math.min(margins.x0, x0), x1: Math.max(margins.x1, x1) } : { x0, x1 };
}

/** How a row stands to a candidate gutter at x: its parts left and right of it, or crossing it. */
interface RowSides {
  box: Box;
  left: Box | null;
  right: Box | null;
  crosses: boolean;
}

/** One pass over the row's items (tried at every candidate x of every page: no arrays made). */
function sidesAt(items: PositionedText[], box: Box, x: number, size: number): RowSides {
  let left: Box | null = null;
  let right: Box | null = null;
  let straddles = false;
  for (const i of items) {
    const end = i.x + i.width;
    if (end <= x + 0.5) left = grow(left, i, end);
    if (i.x >= x - 0.5) right = grow(right, i, end);
    if (i.x < x - 0.5 && end > x + 0.5) straddles = true;
  }
  // Text on both sides with less than a third of a character between them runs across.
  const narrow = left !== null && right !== null && right.x0 - left.x1 < size / 3;
  return { box, left, right, crosses: straddles || narrow };
}

/** `box` grown by an item ending at x = `end` (a new box for the first one). */
function grow(box: Box | null, i: PositionedText, end: number): Box {
  if (!box) return { x0: i.x, y0: i.y, x1: end, y1: i.y + i.height };
  box.x0 = Math.min(box.x0, i.x);
  box.y0 = Math.min(box.y0, i.y);
  box.x1 = Math.max(box.x1, end);
  box.y1 = Math.max(box.y1, i.y + i.height);
  return box;
}

/**
 * The gutter of a two-column page, or null: an x near the middle of the text that many rows stand
 * left or right of (the columns' baselines need not line up) and few rows cross. With `known` (the
 * gutter other pages of the file proved), a page only has to show text on both sides and few rows
 * across: a page of short lines (place names, a list of attachments) in the same columns holds
 * too little prose to prove its columns on its own.
 */
export function findGutter(rows: PositionedText[][], margins?: Frame, known?: Gutter): Gutter | null {
  if (rows.length < 6) return null;
  const frame = frameOf(rows.flat().map((i) => ({ x0: i.x, y0: i.y, x1: i.x + i.width, y1: i.y + i.height })), margins);
  const width = frame.x1 - frame.x0;
  const size = median(rows.flat().map((i) => i.size));
  const boxes = rows.map(edgeBox);
  const sidesOf = (x: number) => rows.map((r, i) => sidesAt(r, boxes[i]!, x, size));
  // Rows left and right of x (not crossing it), less twice the rows crossing it.
  const score = (x: number) => {
    let l = 0, r = 0, crossing = 0;
    for (const s of sidesOf(x)) {
      if (s.crosses) crossing++;
      else {
        if (s.left) l++;
        if (s.right) r++;
      }
    }
    return { x, value: Math.min(l, r) - 2 * crossing, l, r };
  };
  let best = known ? score((known.x0 + known.x1) / 2) : null;
  if (!best) {
    for (let x = frame.x0 + width * 0.3; x <= frame.x0 + width * 0.7; x += Math.max(1, size / 4)) {
      const s = score(x);
      if (!best || s.value > best.value) best = s;
    }
  }
  if (!best || Math.min(best.l, best.r) < 4) return null;
  const sides = sidesOf(best.x);
  const open = sides.filter((s) => !s.crosses);
  const lefts = open.flatMap((s) => (s.left ? [s.left] : []));
  const rights = open.flatMap((s) => (s.right ? [s.right] : []));
  const g = known ?? { x0: percentile(lefts.map((b) => b.x1), 0.9), x1: percentile(rights.map((b) => b.x0), 0.1) };
  if (!(g.x1 > g.x0)) return null;
  if (crossed(sides, lefts, rights)) return null;
  if (known) return g;
  // Both columns at least a third of the text width.
  if (g.x0 - frame.x0 < width / 3 || frame.x1 - g.x1 < width / 3) return null;
  // Prose on both sides: many lines end flush at the column's right edge (a column of short label
  // lines has fewer) and the lines fill the column.
  const flush = (bs: Box[], edge: number) => bs.filter((b) => Math.abs(b.x1 - edge) <= size).length / bs.length;
  const fills = (bs: Box[], x0: number, x1: number) => median(bs.map((b) => b.x1 - b.x0)) >= 0.6 * (x1 - x0);
  const [fl, fr] = [flush(lefts, g.x0), flush(rights, frame.x1)];
  if (Math.min(fl, fr) < 0.25 || fl + fr < 0.8) return null;
  if (!fills(lefts, frame.x0, g.x0) && !fills(rights, g.x1, frame.x1)) return null;
  return g;
}

/**
 * Where both columns hold text (the overlap of their vertical extents), do more than a few rows
 * run across the gutter? Full-width titles above or below the columns do not count.
 */
function crossed(sides: RowSides[], lefts: Box[], rights: Box[]): boolean {
  const top = Math.max(Math.min(...lefts.map((b) => b.y0)), Math.min(...rights.map((b) => b.y0)));
  const bottom = Math.min(Math.max(...lefts.map((b) => b.y1)), Math.max(...rights.map((b) => b.y1)));
  const inside = sides.filter((s) => s.box.y0 >= top && s.box.y1 <= bottom);
  const across = inside.filter((s) => s.crosses).length;
  return across * 4 > inside.length;
}

function edgeBox(items: PositionedText[]): Box {
  let box: Box | null = null;
  for (const i of items) box = grow(box, i, i.x + i.width);
  return box ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))]!;
}

/** Fragments of one column grouped into rows (one baseline each), top to bottom. */
function rowsOf(fragments: Fragment[], column: 0 | 1 | 2, frame: Frame): Row[] {
  const sorted = [...fragments].sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
  const rows: Row[] = [];
  for (const f of sorted) {
    const last = rows[rows.length - 1];
    const c = (f.box.y0 + f.box.y1) / 2;
    if (last && c > last.box.y0 && c < last.box.y1 && Math.abs(f.size - last.cells[0]!.size) < f.size * 0.5) {
      last.cells.push(f);
      last.cells.sort((a, b) => a.box.x0 - b.box.x0);
      last.box = union(last.box, f.box);
    } else rows.push({ cells: [f], box: { ...f.box }, column, frame });
  }
  return rows;
}

export function union(a: Box, b: Box): Box {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}
