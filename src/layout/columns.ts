/**
 * Reading order of a page's fragments: one column, two columns, or both on one page.
 *
 * Forms handled:
 * - a single column: top to bottom;
 * - a body in two columns: the left column top to bottom, then the right one;
 * - a full-width title (or the end of a one-column document) above two columns, and two-column
 *   stretches between full-width lines: every fragment that crosses the gutter closes the
 *   stretch above it;
 * - titles centred inside one column stay in that column;
 * - table rows: fragments of one column on one baseline stay one row (cells in order).
 * A gutter is only believed when both sides hold many lines that fill most of their column
 * (a table whose middle is empty is not two columns).
 */
import type { Box, Fragment } from './types.js';
import { median } from './fragments.js';

export interface Row {
  /** Fragments on one baseline within one column, left to right. */
  cells: Fragment[];
  box: Box;
  /** 0: the full width (or a one-column page); 1: left column; 2: right column. */
  column: 0 | 1 | 2;
  /** The text box of the column the row belongs to. */
  frame: { x0: number; x1: number };
}

export interface PageOrder {
  rows: Row[];
  columns: 1 | 2;
}

interface Gutter {
  x0: number;
  x1: number;
}

/**
 * `margins` are the left and right edges of the text that most pages share; a page whose lines
 * reach further widens them.
 */
export function readingOrder(fragments: Fragment[], margins?: { x0: number; x1: number }): PageOrder {
  if (!fragments.length) return { rows: [], columns: 1 };
  const local = textFrame(fragments);
  const frame = margins ? { x0: Math.min(margins.x0, local.x0), x1: Math.max(margins.x1, local.x1) } : local;
  const gutter = findGutter(fragments, frame);
  if (!gutter) return { rows: rowsOf(fragments, 0, frame), columns: 1 };

  const left = { x0: frame.x0, x1: gutter.x0 };
  const right = { x0: gutter.x1, x1: frame.x1 };
  const side = (f: Fragment): 0 | 1 | 2 => (f.box.x1 <= gutter.x0 + 0.5 ? 1 : f.box.x0 >= gutter.x1 - 0.5 ? 2 : 0);
  const spanning = fragments.filter((f) => side(f) === 0).sort((a, b) => a.box.y0 - b.box.y0);
  const rows: Row[] = [];
  // Stretches between full-width fragments: left column, then right column.
  let from = -Infinity;
  const stretch = (to: number) => {
    const inside = (f: Fragment) => f.box.y0 >= from && f.box.y0 < to;
    rows.push(...rowsOf(fragments.filter((f) => side(f) === 1 && inside(f)), 1, left));
    rows.push(...rowsOf(fragments.filter((f) => side(f) === 2 && inside(f)), 2, right));
  };
  const spanRows = rowsOf(spanning, 0, frame);
  for (const r of spanRows) {
    stretch(r.box.y0);
    rows.push(r);
    from = r.box.y0;
  }
  stretch(Infinity);
  return { rows, columns: 2 };
}

/** The page's text box: where most lines start and end. */
function textFrame(fragments: Fragment[]): { x0: number; x1: number } {
  const x0s = fragments.map((f) => f.box.x0).sort((a, b) => a - b);
  const x1s = fragments.map((f) => f.box.x1).sort((a, b) => a - b);
  return { x0: x0s[0]!, x1: x1s[x1s.length - 1]! };
}

/**
 * A vertical band near the middle that few fragments cross, with many full lines on both sides
 * sitting side by side.
 */
function findGutter(fragments: Fragment[], frame: { x0: number; x1: number }): Gutter | null {
  const width = frame.x1 - frame.x0;
  if (fragments.length < 8 || width <= 0) return null;
  const size = median(fragments.map((f) => f.size));
  // Candidate gutters: the gaps between sorted left edges / right edges near the middle.
  const lo = frame.x0 + width * 0.3;
  const hi = frame.x0 + width * 0.7;
  let best: { g: Gutter; crossing: number } | null = null;
  const step = Math.max(1, size / 4);
  for (let x = lo; x <= hi; x += step) {
    const crossing = fragments.filter((f) => f.box.x0 < x && f.box.x1 > x).length;
    if (!best || crossing < best.crossing) best = { g: { x0: x, x1: x }, crossing };
    else if (crossing === best.crossing && x - best.g.x1 <= step * 1.01) best.g.x1 = x;
  }
  if (!best) return null;
  // Widen the gutter to the nearest text on each side.
  const mid = (best.g.x0 + best.g.x1) / 2;
  const leftSide = fragments.filter((f) => f.box.x1 <= mid);
  const rightSide = fragments.filter((f) => f.box.x0 >= mid);
  // Two columns show as lines side by side on one baseline, over several baselines.
  const pairedLeft = leftSide.filter((l) => rightSide.some((r) => Math.abs(r.box.y0 - l.box.y0) < l.size * 0.5));
  const pairedRight = rightSide.filter((r) => leftSide.some((l) => Math.abs(r.box.y0 - l.box.y0) < l.size * 0.5));
  if (pairedLeft.length < 3 || pairedRight.length < 3) return null;
  const g = { x0: Math.max(...pairedLeft.map((f) => f.box.x1)), x1: Math.min(...pairedRight.map((f) => f.box.x0)) };
  if (g.x1 - g.x0 < size * 0.8) return null;
  // Where the columns stand side by side, nothing crosses the gutter.
  const top = Math.min(...pairedLeft.map((f) => f.box.y0));
  const bottom = Math.max(...pairedLeft.map((f) => f.box.y1));
  const crossing = fragments.filter((f) => f.box.x0 < g.x0 - 0.5 && f.box.x1 > g.x1 + 0.5 && f.box.y0 > top && f.box.y1 < bottom);
  if (crossing.length * 5 > pairedLeft.length) return null;
  // Prose is justified: most lines of each column end at the column's right edge, and fill most
  // of it. Table cells beside each other (a roster: 组长 … 市长) end wherever their text ends.
  const fills = (fs: Fragment[], x0: number, x1: number) => median(fs.map((f) => f.box.x1 - f.box.x0)) >= 0.6 * (x1 - x0);
  const justified = (fs: Fragment[], edge: number) => fs.filter((f) => Math.abs(f.box.x1 - edge) <= size).length * 2 >= fs.length;
  if (!fills(pairedLeft, frame.x0, g.x0) || !fills(pairedRight, g.x1, frame.x1)) return null;
  if (!justified(pairedLeft, g.x0) || !justified(pairedRight, frame.x1)) return null;
  return g;
}

/** Fragments of one column grouped into rows (one baseline each), top to bottom. */
function rowsOf(fragments: Fragment[], column: 0 | 1 | 2, frame: { x0: number; x1: number }): Row[] {
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
