/**
 * Stage 1b — layout reconstruction (PDF input): positioned text of each page → lines in reading
 * order, furniture kept aside, with page, box and alignment for every line.
 *
 *   items → fragments (fragments.ts) → furniture (furniture.ts) → reading order (columns.ts)
 *         → paragraphs (paragraphs.ts)
 *
 * A pure function of the pages: no I/O, so each construct is tested on hand-made pages.
 */
import type { PageText } from './positioned.js';
import { fragmentsOf } from './fragments.js';
import { findFurniture } from './furniture.js';
import { pagesFragments, readingOrder } from './columns.js';
import { linesOf, type PlacedRow } from './paragraphs.js';
import type { Fragment, Layout, PageLayout } from './types.js';

export type { Layout, LayoutLine, PageLayout, Furniture, Align, Box } from './types.js';

export function layoutPages(pages: PageText[]): Layout {
  // The margins most pages share (text-layer and OCR'd pages apart: a scan sits where it was laid).
  const margins = new Map<string, { x0: number; x1: number } | undefined>();
  for (const origin of new Set(pages.map((p) => p.origin))) {
    const all = pages.filter((p) => p.origin === origin).flatMap((p) => fragmentsOf(p.items));
    margins.set(origin, commonMargins(all) ?? undefined);
  }
  const split = pagesFragments(pages.map((p) => p.items), pages.map((p) => margins.get(p.origin)));
  const furniture = findFurniture(pages.map((p, i) => ({ page: p.page, height: p.height, fragments: split[i]!.fragments })));
  const rows: PlacedRow[] = [];
  const columns: (1 | 2)[] = [];
  pages.forEach((p, i) => {
    const order = readingOrder(furniture[i]!.body, split[i]!.gutter, margins.get(p.origin));
    columns.push(order.columns);
    for (const r of order.rows) rows.push({ ...r, page: p.page });
  });
  const lines = linesOf(rows);
  // Where each page's lines begin, in one pass.
  const firstOf = new Map<number, number>();
  const countOf = new Map<number, number>();
  lines.forEach((l, i) => {
    if (l.text !== '' && !firstOf.has(l.page)) firstOf.set(l.page, i);
    countOf.set(l.page, (countOf.get(l.page) ?? 0) + 1);
  });
  const pageLayouts: PageLayout[] = pages.map((p, i) => {
    const first = firstOf.get(p.page) ?? -1;
    const count = countOf.get(p.page) ?? 0;
    return {
      page: p.page,
      printedPage: furniture[i]!.printedPage,
      printedPageSeen: furniture[i]!.printedPageSeen,
      width: p.width,
      height: p.height,
      origin: p.origin,
      columns: columns[i]!,
      furniture: furniture[i]!.furniture,
      firstLine: first,
      lineCount: count,
    };
  });
  return { lines, pages: pageLayouts };
}

/**
 * The left and right edges of the text that most lines share: the smallest left edge and the
 * largest right edge among those that at least a tenth as many lines use as the commonest one.
 * (Indents, centred lines and the gutter of two columns are common too, but lie inside.)
 */
function commonMargins(fragments: Fragment[]): { x0: number; x1: number } | null {
  if (fragments.length < 5) return null;
  const edge = (values: number[], pick: (a: number, b: number) => number): number => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(Math.round(v / 2) * 2, (counts.get(Math.round(v / 2) * 2) ?? 0) + 1);
    const top = Math.max(...counts.values());
    return [...counts].filter(([, n]) => n * 10 >= top && n >= 2).map(([v]) => v).reduce((a, b) => pick(a, b));
  };
  return { x0: edge(fragments.map((f) => f.box.x0), Math.min), x1: edge(fragments.map((f) => f.box.x1), Math.max) };
}
