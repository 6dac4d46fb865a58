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

/** Lines normalized on demand; offsets in normalized (per line) and display coordinates. */
class LazyLines {
  private readonly norm: ({ text: string; map: Int32Array } | undefined)[];
  /** Start of each line in the display text (lines joined by \n). */
  readonly displayStart: number[] = [];
  readonly total: number;
  /** Whether a look past the last line was wanted (text the lines may not hold all of). */
  ranOut = false;

  constructor(readonly lines: readonly string[]) {
    this.norm = new Array(lines.length);
    let at = 0;
    for (const l of lines) {
      this.displayStart.push(at);
      at += l.length + 1;
    }
    this.total = Math.max(0, at - 1);
  }

  get(i: number): { text: string; map: Int32Array } {
    return (this.norm[i] ??= normalizeWithMap(this.lines[i]!));
  }

  /** Line i's normalized text followed by at least `extra` characters of the lines after it. */
  withTail(i: number, extra: number): string {
    let s = this.get(i).text;
    let need = extra;
    for (let j = i + 1; j < this.lines.length && need > 0; j++) {
      const t = this.get(j).text;
      s += t.slice(0, need);
      need -= t.length;
    }
    if (need > 0) this.ranOut = true;
    return s;
  }

  /** Display offset of normalized character p of line i (p may run into the following lines). */
  display(i: number, p: number): number {
    for (;;) {
      const n = this.get(i);
      if (p < n.text.length || i + 1 >= this.lines.length) return this.displayStart[i]! + (n.map[Math.min(p, n.map.length - 1)] ?? 0);
      p -= n.text.length;
      i++;
    }
  }
}

export function makeSnippet(lines: readonly string[], startLine: number, terms: SnippetTerms, skipPrefix = ''): Snippet {
  return snippetOf(lines, startLine, terms, skipPrefix, true)!;
}

/**
 * The snippet of a document of which only the first lines are at hand, or null when the lines
 * after them could change it (no hit among them, or the hit too near their end): then it is
 * made from the whole text. A snippet given is the one makeSnippet makes of the whole text.
 */
export function snippetFromFirstLines(lines: readonly string[], startLine: number, terms: SnippetTerms, skipPrefix = ''): Snippet | null {
  return snippetOf(lines, startLine, terms, skipPrefix, false);
}

function snippetOf(lines: readonly string[], startLine: number, terms: SnippetTerms, skipPrefix: string, complete: boolean): Snippet | null {
  const texts = terms.texts.filter((t) => t.length > 0);
  const maxLen = Math.max(1, ...texts.map((t) => t.length));
  const ll = new LazyLines(lines);
  const rangeOf = (i: number, p: number, len: number): [number, number] => [ll.display(i, p), ll.display(i, p + len - 1) + 1];

  // 1. Where the title the body starts with ends (a display offset), so the first hit shown is
  //    one in the text; a hit in the title is the fallback.
  let skipDisplay = 0;
  if (skipPrefix) {
    let prefix = '';
    let i = 0;
    for (; i < lines.length && prefix.length <= skipPrefix.length; i++) prefix += ll.get(i).text;
    if (!complete && prefix.length <= skipPrefix.length) return null;
    if (prefix.startsWith(skipPrefix) && prefix.length > skipPrefix.length) {
      // Normalized character skipPrefix.length, found from the start of the first line.
      skipDisplay = ll.display(0, skipPrefix.length);
    }
  }

  // Hits starting in line i: text terms (a hit may run into the next lines) and document numbers
  // printed on it. Lines without a term's first character are not normalized.
  const hitsIn = (i: number): { texts: [number, number][]; numbers: [number, number][] } => {
    const found = { texts: [] as [number, number][], numbers: [] as [number, number][] };
    for (const t of texts) {
      if (!mayStartIn(lines[i]!, t)) continue;
      const own = ll.get(i).text.length;
      const hay = ll.withTail(i, maxLen - 1);
      for (let at = hay.indexOf(t); at >= 0 && at < own; at = hay.indexOf(t, at + 1)) found.texts.push(rangeOf(i, at, t.length));
    }
    if (terms.docNumbers.length && lines[i]!.includes('号')) {
      for (const f of findDocNumbers(lines[i]!)) {
        if (terms.docNumbers.includes(f.normalized)) found.numbers.push([ll.displayStart[i]! + f.index, ll.displayStart[i]! + f.index + f.length]);
      }
    }
    return found;
  };

  // 2. The first hit: the first line with one; a text hit inside the title only as a fallback.
  let first: [number, number] | null = null;
  let firstAny: [number, number] | null = null;
  const earlier = (r: [number, number], than: [number, number] | null) => !than || r[0] < than[0];
  for (let i = 0; i < lines.length && !first; i++) {
    const { texts: hits, numbers } = hitsIn(i);
    for (const r of [...hits, ...numbers]) if (earlier(r, firstAny)) firstAny = r;
    for (const r of hits) if (r[0] >= skipDisplay && earlier(r, first)) first = r;
    for (const r of numbers) if (earlier(r, first)) first = r;
  }
  if (!complete && !first) return null;
  first ??= firstAny;
  if (!first) {
    const at = lines.findIndex((l) => l.trim() !== '');
    const l = at >= 0 ? lines[at]!.trim() : '';
    return { line: startLine + Math.max(at, 0), snippet: l.length > BEFORE + AFTER ? l.slice(0, BEFORE + AFTER) + '…' : l, highlights: [] };
  }

  // 3. The window: from the hit's line (at most BEFORE characters before the hit) to AFTER after it.
  let lineIndex = 0;
  while (lineIndex + 1 < lines.length && ll.displayStart[lineIndex + 1]! <= first[0]) lineIndex++;
  const lineStart = ll.displayStart[lineIndex]!;
  const from = Math.max(lineStart, first[0] - BEFORE);
  const to = Math.min(ll.total, first[1] + AFTER);
  let lastLine = lineIndex;
  while (lastLine + 1 < lines.length && ll.displayStart[lastLine + 1]! < to) lastLine++;
  const raw = lines
    .slice(lineIndex, lastLine + 1)
    .join(' ')
    .slice(from - lineStart, to - lineStart);
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < ll.total ? '…' : '';
  const shift = prefix.length - from - lead;

  // 4. Every hit inside the window (starting in its lines or in the line before, running in).
  const ranges: [number, number][] = [];
  for (let i = Math.max(0, lineIndex - 1); i <= lastLine; i++) {
    const { texts: hits, numbers } = hitsIn(i);
    for (const r of [...hits, ...numbers]) if (r[1] > from && r[0] < to) ranges.push(r);
  }
  // (The window, and every look at the text after it, inside the lines at hand.)
  if (!complete && (ll.ranOut || to >= ll.total || lastLine + 1 >= lines.length)) return null;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const highlights: [number, number][] = [];
  for (const [s0, e0] of ranges) {
    const a = Math.max(s0, from + lead) + shift;
    const b = Math.min(e0, from + lead + body.length) + shift;
    if (b <= a) continue;
    const prev = highlights[highlights.length - 1];
    if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else highlights.push([a, b]);
  }
  return { line: startLine + lineIndex, snippet: prefix + body + suffix, highlights };
}

/**
 * Whether a hit of normalized term `t` can start in this printed line: the line must hold the
 * term's first character in one of the forms that normalize to it (itself, full-width, capital).
 */
function mayStartIn(line: string, t: string): boolean {
  const c = t.charCodeAt(0);
  if (line.indexOf(t[0]!) >= 0) return true;
  if (c >= 0x21 && c <= 0x7e) {
    if (line.indexOf(String.fromCharCode(c + 0xfee0)) >= 0) return true;
    if (c >= 0x61 && c <= 0x7a) {
      if (line.indexOf(String.fromCharCode(c - 0x20)) >= 0) return true;
      if (line.indexOf(String.fromCharCode(c - 0x20 + 0xfee0)) >= 0) return true;
    }
  }
  return false;
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
