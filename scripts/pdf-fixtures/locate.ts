/**
 * Where each document starts and ends in a rendered body. The body is printed a second time with
 * two glyphs swapped per document: the first ideograph of its title becomes START, the last
 * ideograph of its text becomes END — rare ideographs of the same font and the same full width, so
 * the copy paginates exactly like the body (`sameLayout` checks that it does). The n-th START in
 * the copy's text, page by page, is where document n starts; the n-th END, where it ends.
 */
import type { Block } from './blocks.js';
import type { BodyDoc } from './html.js';
import { compact } from './text.js';

export const START = '龘';
export const END = '靐';
const IDEOGRAPH = /[\u4e00-\u9fff]/;

export interface DocSpan {
  /** Printed body pages (1-based). */
  start: number;
  end: number;
}

/** The documents with their first and last ideograph swapped for START and END. */
export function markDocuments(docs: BodyDoc[]): BodyDoc[] {
  return docs.map(({ doc, blocks }) => {
    const marked = blocks.map(cloneBlock);
    if (!swapIdeograph(marked, START, 'first')) throw new Error(`line ${doc.startLine}: no ideograph to mark the start`);
    if (!swapIdeograph(marked, END, 'last')) throw new Error(`line ${doc.startLine}: no ideograph to mark the end`);
    return { doc, blocks: marked };
  });
}

export function locateDocuments(markedPages: string[], count: number): DocSpan[] {
  const starts: number[] = [];
  const ends: number[] = [];
  markedPages.forEach((text, p) => {
    for (const ch of text) {
      if (ch === START) starts.push(p + 1);
      else if (ch === END) ends.push(p + 1);
    }
  });
  if (starts.length !== count || ends.length !== count) {
    throw new Error(`found ${starts.length} starts and ${ends.length} ends of ${count} documents in the marked body`);
  }
  return starts.map((start, i) => ({ start, end: ends[i] }));
}

/** null when the marked copy has the body's pages and text, markers aside; else what differs. */
export function sameLayout(realPages: string[], markedPages: string[]): string | null {
  if (realPages.length !== markedPages.length) {
    return `the marked copy has ${markedPages.length} pages, the body ${realPages.length}`;
  }
  for (let p = 0; p < realPages.length; p++) {
    const real = compact(realPages[p]);
    const marked = compact(markedPages[p]);
    const same = real.length === marked.length
      && [...real].every((ch, i) => ch === marked[i] || marked[i] === START || marked[i] === END);
    if (!same) return `page ${p + 1} differs from the marked copy`;
  }
  return null;
}

function cloneBlock(b: Block): Block {
  return structuredClone(b);
}

/** The strings of a block in reading order, as references that can be rewritten. */
function slots(b: Block): { get: () => string; set: (s: string) => void }[] {
  const arr = (xs: string[]) => xs.map((_, i) => ({ get: () => xs[i], set: (s: string) => { xs[i] = s; } }));
  switch (b.kind) {
    case 'title': case 'subtitle': return arr(b.lines);
    case 'list': case 'attachments': return arr(b.items);
    case 'table': case 'roster': return b.rows.flatMap(arr);
    default: return [{ get: () => b.text, set: (s: string) => { b.text = s; } }];
  }
}

function swapIdeograph(blocks: Block[], marker: string, which: 'first' | 'last'): boolean {
  const all = blocks.flatMap(slots);
  const ordered = which === 'first' ? all : [...all].reverse();
  for (const slot of ordered) {
    const s = slot.get();
    const chars = [...s];
    const idx = which === 'first' ? chars.findIndex((c) => IDEOGRAPH.test(c)) : findLastIndex(chars, (c) => IDEOGRAPH.test(c));
    if (idx >= 0) {
      chars[idx] = marker;
      slot.set(chars.join(''));
      return true;
    }
  }
  return false;
}

function findLastIndex<T>(xs: T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i])) return i;
  return -1;
}
