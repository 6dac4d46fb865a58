/**
 * Where each document starts and ends in a rendered body PDF, found in its text layer (pdftotext,
 * one page at a time): a document starts on the first page, from the previous document's, whose
 * text holds its title followed by its number; it ends on the page before the next one starts, or
 * on that page when some of its text comes before the next title there.
 */
import type { Block } from './blocks.js';
import { compact } from './text.js';

export interface DocSpan {
  /** Printed body pages (1-based). */
  start: number;
  end: number;
}

/** The text a document's opening prints: its title, then its number line when it has one. */
export function openingKey(blocks: Block[]): { title: string; withNumber: string } {
  const title = blocks[0]?.kind === 'title' ? compact(blocks[0].lines.join('')) : '';
  const number = blocks[1]?.kind === 'number' ? compact(blocks[1].text) : '';
  return { title, withNumber: title + number };
}

/**
 * @param pages text of each body page
 * @param openings per document, its title+number key, and the section heading printed above it (or null)
 * @param header the running header's text (stripped before judging what precedes a title)
 */
export function locateDocuments(
  pages: string[],
  openings: { title: string; withNumber: string; section: string | null }[],
  header: string,
): DocSpan[] {
  const texts = pages.map(compact);
  const headerKey = compact(header);
  const starts: number[] = [];
  const positions: number[] = [];
  let from = 0;
  for (const [k, o] of openings.entries()) {
    let found = -1;
    let at = -1;
    for (const key of [o.withNumber, o.title]) {
      for (let p = from; p < texts.length && found < 0; p++) {
        // On the page of the previous document's start, look only after its title.
        const offset = p === from && k > 0 ? positions[k - 1] + 1 : 0;
        const idx = texts[p].indexOf(key, offset);
        if (idx >= 0) { found = p; at = idx; }
      }
      if (found >= 0) break;
    }
    if (found < 0) throw new Error(`document ${k + 1} (${o.title.slice(0, 30)}…) not found in the rendered body`);
    starts.push(found);
    positions.push(at);
    from = found;
  }
  return starts.map((start, k) => {
    if (k === starts.length - 1) return { start: start + 1, end: texts.length };
    const next = starts[k + 1];
    let before = texts[next].slice(0, positions[k + 1]);
    if (before.startsWith(headerKey)) before = before.slice(headerKey.length);
    const section = openings[k + 1].section;
    if (section && before.endsWith(compact(section))) before = before.slice(0, -compact(section).length);
    const end = next > start && before === '' ? next - 1 : next;
    return { start: start + 1, end: end + 1 };
  });
}
