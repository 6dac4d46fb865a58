/**
 * Positioned text → fragments: runs on one baseline with no wide gap inside.
 *
 * Forms handled:
 * - a line split into many items (each font change or glyph run is its own PDF item);
 * - text printed twice at nearly the same place (fake bold), kept once;
 * - a baseline shared by two columns or by table cells: split where the gap is wider than
 *   `CELL_GAP` characters, so each column line and each cell is its own fragment;
 * - a gap inside a run becomes one space when it is wider than a third of a character between
 *   Latin words, or more beside a Chinese character (narrower ones there are the spread
 *   of a justified line);
 * - on OCR'd pages, a few marks of punctuation standing apart (dust read as 。 or ”) are dropped.
 */
import { isWide, WIDE_SPACE_EMS } from './justified.js';
import type { PositionedText } from './positioned.js';
import type { Fragment } from './types.js';

/** Gap, in characters, that separates two fragments on one baseline. */
export const CELL_GAP = 1.8;

/** Items → fragments, splitting rows at wide gaps and wherever a row crosses one of `cuts` (x) in a gap. */
export function fragmentsOf(items: PositionedText[], cuts: number[] = []): Fragment[] {
  return rowsOfItems(items).flatMap((row) => splitRow(row, cuts));
}

/** Items on one baseline, left to right, rows top to bottom (fake-bold doubles dropped). */
export function rowsOfItems(items: PositionedText[]): PositionedText[][] {
  return baselineRows(dedupe(items));
}

/** Drops an item printed again within a fifth of a character of an identical one (fake bold). */
function dedupe(items: PositionedText[]): PositionedText[] {
  const out: PositionedText[] = [];
  const seen = new Map<string, PositionedText[]>();
  for (const it of items) {
    const text = it.text.trim();
    if (!text) continue;
    const same = seen.get(text) ?? [];
    const tol = it.size * 0.2;
    if (same.some((o) => Math.abs(o.x - it.x) <= tol && Math.abs(o.y - it.y) <= tol)) continue;
    same.push(it);
    seen.set(text, same);
    out.push(it);
  }
  return out;
}

const centre = (it: PositionedText): number => it.y + it.height / 2;

/** Items grouped by baseline: vertical centres within 40% of the smaller size. */
function baselineRows(items: PositionedText[]): PositionedText[][] {
  const sorted = [...items].sort((a, b) => centre(a) - centre(b) || a.x - b.x);
  const rows: { c: number; size: number; items: PositionedText[] }[] = [];
  for (const it of sorted) {
    const c = centre(it);
    // Look back over the few rows whose centre is close (rows are sorted by centre).
    let target: (typeof rows)[number] | undefined;
    for (let i = rows.length - 1; i >= 0 && i >= rows.length - 4; i--) {
      const r = rows[i]!;
      if (Math.abs(r.c - c) <= 0.4 * Math.min(r.size, it.size)) {
        target = r;
        break;
      }
    }
    if (target) {
      target.items.push(it);
      target.c = (target.c * (target.items.length - 1) + c) / target.items.length;
      target.size = Math.max(target.size, it.size);
    } else rows.push({ c, size: it.size, items: [it] });
  }
  return rows.map((r) => r.items.sort((a, b) => a.x - b.x));
}

export function splitRow(row: PositionedText[], cuts: number[] = []): Fragment[] {
  const out: Fragment[] = [];
  let cur: { parts: string[]; box: Fragment['box']; sizes: number[]; bold: number; n: number; ocr: boolean } | null = null;
  const flush = () => {
    if (!cur) return;
    const text = cur.parts.join('').replace(/\s+$/, '');
    if (text && !(cur.ocr && isSpeck(text))) out.push({ text, box: cur.box, size: median(cur.sizes), bold: cur.bold * 2 > cur.n });
    cur = null;
  };
  for (const it of row) {
    const x1 = it.x + it.width;
    if (cur) {
      const c = cur as NonNullable<typeof cur>;
      const size = Math.min(median(c.sizes), it.size);
      const gap = it.x - c.box.x1;
      const cut = cuts.some((x) => x >= c.box.x1 - 0.5 && x <= it.x + 0.5);
      if (gap > CELL_GAP * size || (cut && gap > 0.3 * size)) flush();
      else {
        const before = c.parts[c.parts.length - 1]!;
        if (gap > spaceGap(before, it.text) * size && !/\s$/.test(before)) c.parts.push(' ');
        c.parts.push(it.text);
        c.box = { x0: Math.min(c.box.x0, it.x), y0: Math.min(c.box.y0, it.y), x1: Math.max(c.box.x1, x1), y1: Math.max(c.box.y1, it.y + it.height) };
        c.sizes.push(it.size);
        c.bold += it.bold ? 1 : 0;
        c.n++;
        c.ocr &&= it.confidence !== null;
        continue;
      }
    }
    cur = { parts: [it.text], box: { x0: it.x, y0: it.y, x1, y1: it.y + it.height }, sizes: [it.size], bold: it.bold ? 1 : 0, n: 1, ocr: it.confidence !== null };
  }
  flush();
  return out;
}

/**
 * The gap (in ems) from which a gap between two runs is a space: a third of an em between Latin
 * words, more beside a Chinese character (see justified.ts).
 */
function spaceGap(before: string, after: string): number {
  return isWide(before.at(-1) ?? '') || isWide(after[0] ?? '') ? WIDE_SPACE_EMS : 1 / 3;
}

/** What OCR makes of dust and specks: a few marks of punctuation standing apart from the text. */
function isSpeck(text: string): boolean {
  return text.length <= 3 && /^[\p{P}\p{S}\s]+$/u.test(text);
}

export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
