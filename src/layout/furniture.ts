/**
 * Page furniture: running headers, footers and page numbers, told apart from the text of the
 * documents and kept aside.
 *
 * Forms handled:
 * - page numbers in the top or bottom band: `— 12 —`, `- 12 -`, `·12·`, `12`, `第12页`, `第 12 页 共 40 页`,
 *   and the dashes as OCR reads them (`一12一`, `—_12—`),
 *   and a number at either end of a running header (`阳泉市人民政府公报 12`);
 * - running headers and footers: text in the top or bottom band that recurs (digits ignored) on
 *   at least two pages, such as the gazette's name and issue, or alternating odd/even headers; on
 *   OCR'd pages, read a little differently each time, recurring by similarity with nearby pages;
 * - printed numbers checked against the physical sequence: a run of pages whose numbers advance
 *   with the pages fixes the offset, an OCR slip that breaks the run is corrected, and a page
 *   between two agreeing pages gets its number inferred.
 */
import type { Fragment, Furniture } from './types.js';
import { similarity } from '../core/reconcile.js';

/** Share of the page height, from the top and from the bottom, where furniture may stand. */
const BAND = 0.1;

const PAGE_NUMBER = /^(?:[-—－–~～·•_=一\s]*(\d{1,4})[-—－–~～·•_=一\s]*|第\s*(\d{1,4})\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|(\d{1,4})\s*[/／]\s*\d{1,4})$/;
const NUMBER_AT_END = /^(\D{4,}?)[\s·•|丨]*(\d{1,4})$|^(\d{1,4})[\s·•|丨]*(\D{4,})$/;

export interface PageFragments {
  page: number;
  height: number;
  fragments: Fragment[];
}

export interface PageFurniture {
  furniture: Furniture[];
  /** Fragments that are text of the page. */
  body: Fragment[];
  printedPage: number | null;
  printedPageSeen: boolean;
}

const key = (s: string): string => s.replace(/[\s\u3000]+/g, '').replace(/\d+/g, '#');
/** The letters of a band text: what OCR noise (quotes, dots, digits misread) leaves alone. */
const letters = (s: string): string => s.replace(/[\s\u3000\d\p{P}\p{S}]+/gu, '');
/** Pages before and after a page whose bands are compared with its own. */
const NEAR = 8;

/** Furniture of every page, found by position and recurrence across the pages. */
export function findFurniture(pages: PageFragments[]): PageFurniture[] {
  const bands = pages.map((p) => bandCandidates(p));
  // Text that recurs in a band on several pages is running furniture.
  const counts = new Map<string, number>();
  for (const b of bands) {
    const keys = new Set(b.map((f) => `${f.where}:${key(f.fragment.text)}`));
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // Two pages suffice in a short file; a longer one needs three, so that a body line that happens to
  // open two pages (附件) is not taken for a header.
  const needed = pages.length >= 6 ? 3 : 2;
  const recurring = (where: string, text: string, i: number): boolean => {
    if ((counts.get(`${where}:${key(text)}`) ?? 0) >= needed) return true;
    // OCR reads the same header a little differently on every page: compare the letters with the
    // nearby pages' band text, by similarity.
    const own = letters(text);
    if (own.length < 4) return false;
    let seen = 1;
    for (let j = Math.max(0, i - NEAR); j <= Math.min(bands.length - 1, i + NEAR) && seen < needed; j++) {
      if (j !== i && bands[j]!.some((c) => c.where === where && similarity(own, letters(c.fragment.text)) >= 0.75)) seen++;
    }
    return seen >= needed;
  };

  const results: PageFurniture[] = pages.map((p, i) => {
    const furniture: Furniture[] = [];
    const taken = new Set<Fragment>();
    let printed: number | null = null;
    for (const c of bands[i]!) {
      const t = c.fragment.text.trim();
      const n = pageNumberOf(t);
      if (n !== null) {
        furniture.push({ role: 'page-number', text: t, box: c.fragment.box });
        taken.add(c.fragment);
        printed ??= n;
      } else if (recurring(c.where, t, i)) {
        furniture.push({ role: c.where === 'top' ? 'header' : 'footer', text: t, box: c.fragment.box });
        taken.add(c.fragment);
        const m = NUMBER_AT_END.exec(t.replace(/\s+$/, ''));
        if (m && printed === null) printed = Number(m[2] ?? m[3]);
      }
    }
    return { furniture, body: p.fragments.filter((f) => !taken.has(f)), printedPage: printed, printedPageSeen: printed !== null };
  });
  checkSequence(results);
  return results;
}

function pageNumberOf(text: string): number | null {
  const m = PAGE_NUMBER.exec(text.replace(/\u3000/g, ' ').trim());
  if (!m) return null;
  const n = Number(m[1] ?? m[2] ?? m[3]);
  return n > 0 ? n : null;
}

interface BandCandidate {
  where: 'top' | 'bottom';
  fragment: Fragment;
}

/**
 * Fragments that may be furniture: in the top or bottom tenth of the page and separated from the
 * rest of the text by the page's first or last line gap.
 */
function bandCandidates(p: PageFragments): BandCandidate[] {
  if (!p.fragments.length) return [];
  const out: BandCandidate[] = [];
  const byTop = [...p.fragments].sort((a, b) => a.box.y0 - b.box.y0);
  const firstRow = byTop[0]!.box;
  for (const f of byTop) {
    if (f.box.y1 > p.height * BAND) break;
    // Only the first row(s): fragments on the same baseline as the topmost one.
    if (f.box.y0 > firstRow.y1) break;
    out.push({ where: 'top', fragment: f });
  }
  const byBottom = [...p.fragments].sort((a, b) => b.box.y1 - a.box.y1);
  const lastRow = byBottom[0]!.box;
  for (const f of byBottom) {
    if (f.box.y0 < p.height * (1 - BAND)) break;
    if (f.box.y1 < lastRow.y0) break;
    if (!out.some((c) => c.fragment === f)) out.push({ where: 'bottom', fragment: f });
  }
  return out;
}

/**
 * Printed numbers advance one per physical page. The offset (printed − physical) that most pages
 * agree on within a run wins: a page that disagrees with both neighbours is corrected, and pages
 * without a number between two agreeing pages get one inferred.
 */
function checkSequence(pages: PageFurniture[]): void {
  const offsets = pages.map((p, i) => (p.printedPage === null ? null : p.printedPage - i));
  // A number no other page within a few agrees with, where several pages carry numbers, is a
  // misreading (a stray digit, a year read at the foot of a page): dropped.
  const read = offsets.filter((o) => o !== null).length;
  if (read >= 3) {
    offsets.forEach((o, i) => {
      if (o === null) return;
      const agreed = offsets.some((q, j) => j !== i && Math.abs(j - i) <= NEAR && q === o);
      if (!agreed) {
        offsets[i] = null;
        pages[i]!.printedPage = null;
        pages[i]!.printedPageSeen = false;
      }
    });
  }
  for (let i = 0; i < pages.length; i++) {
    const own = offsets[i];
    const prev = nearest(offsets, i, -1);
    const next = nearest(offsets, i, +1);
    if (own !== null && own !== undefined) {
      // An outlier between two agreeing neighbours is a misread number.
      if (prev !== null && next !== null && prev === next && own !== prev) {
        pages[i]!.printedPage = i + prev;
        pages[i]!.printedPageSeen = false;
        offsets[i] = prev;
      }
      continue;
    }
    if (prev !== null && next !== null && prev === next && i + prev > 0) {
      pages[i]!.printedPage = i + prev;
      pages[i]!.printedPageSeen = false;
      offsets[i] = prev;
    }
  }
}

function nearest(offsets: (number | null)[], i: number, step: -1 | 1): number | null {
  for (let j = i + step; j >= 0 && j < offsets.length; j += step) {
    if (offsets[j] !== null && offsets[j] !== undefined) return offsets[j]!;
  }
  return null;
}
