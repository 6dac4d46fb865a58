/**
 * Snippets: the text around the first hit of a document (after its title), starting on the hit's
 * line and running on into the next lines, with every hit inside it marked by [start, end)
 * offsets. Hits are found in normalized text (normalize.ts) and mapped back to the printed
 * characters. Lines are normalized only as far as needed, so long documents cost little.
 */
import { findDocNumbers } from '../core/docnumber.js';
import { normalizeWithMap } from './normalize.js';

export interface Snippet {
  line: number;
  snippet: string;
  highlights: [number, number][];
}

export interface SnippetTerms {
  /** Normalized text terms. */
  texts: string[];
  /** Normalized document numbers. */
  docNumbers: string[];
}

const BEFORE = 24;
const AFTER = 72;

/** Lines normalized on demand, with offsets in three coordinates: normalized, display, line. */
class LazyText {
  norm = '';
  /** Per normalized line: its start in `norm` and its map to columns. */
  readonly normStart: number[] = [];
  private readonly maps: Int32Array[] = [];
  /** Start of each line in the display text (lines joined by \n). */
  readonly displayStart: number[] = [];
  count = 0;

  constructor(readonly lines: readonly string[]) {
    let at = 0;
    for (const l of lines) {
      this.displayStart.push(at);
      at += l.length + 1;
    }
  }

  get done(): boolean {
    return this.count >= this.lines.length;
  }

  /** Normalize one more line. */
  next(): void {
    const { text, map } = normalizeWithMap(this.lines[this.count]!);
    this.normStart.push(this.norm.length);
    this.maps.push(map);
    this.norm += text;
    this.count++;
  }

  /** Normalize until `norm` has at least `n` characters (or the lines run out). */
  ensure(n: number): void {
    while (this.norm.length < n && !this.done) this.next();
  }

  /** Display offset of normalized character `p`. */
  display(p: number): number {
    let lo = 0;
    let hi = this.normStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.normStart[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return this.displayStart[lo]! + this.maps[lo]![p - this.normStart[lo]!]!;
  }
}

export function makeSnippet(lines: readonly string[], startLine: number, terms: SnippetTerms, skipPrefix = ''): Snippet {
  const texts = terms.texts.filter((t) => t.length > 0);
  const lt = new LazyText(lines);

  // 1. The first hit: text terms found in the normalized text as it grows (a hit may cross a line
  //    break), document numbers line by line. Prefer one after the title the body starts with.
  lt.ensure(skipPrefix.length);
  const skip = skipPrefix && lt.norm.startsWith(skipPrefix) && lt.norm.length > skipPrefix.length ? skipPrefix.length : 0;
  let first: [number, number] | null = null; // display coordinates
  let firstAny: [number, number] | null = null;
  let searched = 0;
  const maxLen = Math.max(1, ...texts.map((t) => t.length));
  for (let li = 0; li < lines.length && !first; li++) {
    while (lt.count <= li) lt.next();
    // Text terms: search starts that became possible with this line.
    if (texts.length) {
      if (li + 1 < lines.length) lt.ensure(lt.norm.length + maxLen); // room for a hit crossing into the next line
      const from = searched;
      const limit = lt.done ? lt.norm.length : Math.max(from, lt.norm.length - maxLen + 1);
      for (const t of texts) {
        let at = lt.norm.indexOf(t, from);
        while (at >= 0 && at < limit) {
          const range: [number, number] = [lt.display(at), lt.display(at + t.length - 1) + 1];
          if (!firstAny || range[0] < firstAny[0]) firstAny = range;
          if (at >= skip && (!first || range[0] < first[0])) first = range;
          if (at >= skip) break;
          at = lt.norm.indexOf(t, at + 1);
        }
      }
      searched = limit;
    }
    if (terms.docNumbers.length && lines[li]!.includes('号')) {
      for (const f of findDocNumbers(lines[li]!)) {
        if (!terms.docNumbers.includes(f.normalized)) continue;
        const range: [number, number] = [lt.displayStart[li]! + f.index, lt.displayStart[li]! + f.index + f.length];
        if (!firstAny || range[0] < firstAny[0]) firstAny = range;
        if (!first || range[0] < first[0]) first = range;
      }
    }
  }
  first ??= firstAny;
  if (!first) {
    const at = lines.findIndex((l) => l.trim() !== '');
    const l = at >= 0 ? lines[at]!.trim() : '';
    return { line: startLine + Math.max(at, 0), snippet: l.length > BEFORE + AFTER ? l.slice(0, BEFORE + AFTER) + '…' : l, highlights: [] };
  }

  // 2. The window: from the hit's line (at most BEFORE characters before it) to AFTER after it.
  let lineIndex = 0;
  while (lineIndex + 1 < lines.length && lt.displayStart[lineIndex + 1]! <= first[0]) lineIndex++;
  const lineStart = lt.displayStart[lineIndex]!;
  const total = lt.displayStart[lines.length - 1]! + lines[lines.length - 1]!.length;
  const from = Math.max(lineStart, first[0] - BEFORE);
  const to = Math.min(total, first[1] + AFTER);
  let lastLine = lineIndex;
  while (lastLine + 1 < lines.length && lt.displayStart[lastLine + 1]! < to) lastLine++;
  const raw = lines
    .slice(lineIndex, lastLine + 1)
    .join(' ')
    .slice(from - lineStart, to - lineStart);
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < total ? '…' : '';
  const shift = prefix.length - from - lead;

  // 3. Every hit inside the window.
  const ranges: [number, number][] = [];
  while (lt.count <= lastLine) lt.next();
  if (lastLine + 1 < lines.length) lt.ensure(lt.norm.length + maxLen);
  for (const t of texts) {
    const start = Math.max(0, lt.normStart[lineIndex]! - t.length);
    for (let at = lt.norm.indexOf(t, start); at >= 0; at = lt.norm.indexOf(t, at + 1)) {
      const s = lt.display(at);
      if (s >= to) break;
      const e = lt.display(at + t.length - 1) + 1;
      if (e > from) ranges.push([s, e]);
    }
  }
  if (terms.docNumbers.length) {
    for (let li = lineIndex; li <= lastLine; li++) {
      if (!lines[li]!.includes('号')) continue;
      for (const f of findDocNumbers(lines[li]!)) {
        if (terms.docNumbers.includes(f.normalized)) ranges.push([lt.displayStart[li]! + f.index, lt.displayStart[li]! + f.index + f.length]);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const highlights: [number, number][] = [];
  for (const [s, e] of ranges) {
    const a = Math.max(s, from + lead) + shift;
    const b = Math.min(e, from + lead + body.length) + shift;
    if (b <= a) continue;
    const prev = highlights[highlights.length - 1];
    if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else highlights.push([a, b]);
  }
  return { line: startLine + lineIndex, snippet: prefix + body + suffix, highlights };
}

/** Render a snippet with its hits wrapped in markers (e.g. ANSI bold for a terminal). */
export function markSnippet(s: Pick<Snippet, 'snippet' | 'highlights'>, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (const [a, b] of s.highlights) {
    out += s.snippet.slice(at, a) + open + s.snippet.slice(a, b) + close;
    at = b;
  }
  return out + s.snippet.slice(at);
}
