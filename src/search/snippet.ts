/**
 * Snippets: the text around the first hit of a document (after its title), starting on the hit's
 * line and running on into the next lines, with every hit inside it marked by [start, end)
 * offsets. Hits are matched on the printed lines as search normalization (normalize.ts) reads
 * them — dropped characters skipped, folded ones compared folded, lines joined — so offsets are
 * the printed characters' own; only the first lines are normalized, to find where the title ends.
 */
import { findDocNumbers } from '../core/docnumber.js';
import { isDropped, mapChar, normalizeWithMap } from './normalize.js';

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
  // (Only the first lines are normalized, for the title: grown as far as asked.)
  private readonly norm: ({ text: string; map: Int32Array } | undefined)[] = [];
  /** Start of each line in the display text (lines joined by \n). */
  readonly displayStart: Int32Array;
  readonly total: number;

  constructor(readonly lines: readonly string[]) {
    this.displayStart = new Int32Array(lines.length);
    let at = 0;
    for (let i = 0; i < lines.length; i++) {
      this.displayStart[i] = at;
      at += lines[i]!.length + 1;
    }
    this.total = Math.max(0, at - 1);
  }

  get(i: number): { text: string; map: Int32Array } {
    return (this.norm[i] ??= normalizeWithMap(this.lines[i]!));
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
  const ll = new LazyLines(lines);

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

  // Hits starting in line i: text terms (a hit may run into the next lines), matched on the
  // printed text as normalization reads it, and document numbers printed on it. `ranOut`: a hit
  // could only be decided by text past the last line at hand.
  let ranOut = false;
  const forms = texts.map(formsOf);
  const starts: number[] = [];
  // (Filled anew for each line asked: a page of snippets looks at thousands of lines.)
  const textHits: [number, number][] = [];
  const numberHits: [number, number][] = [];
  const hitsIn = (i: number): void => {
    textHits.length = 0;
    numberHits.length = 0;
    const line = lines[i]!;
    // (Index loops: a page of snippets runs them for thousands of lines, and an iterator or a
    // closure per line was most of what a search request allocated.)
    for (let k = 0; k < texts.length; k++) {
      if (!startsIn(line, forms[k]!, starts)) continue;
      for (let s = 0; s < starts.length; s++) {
        const end = hitEnd(lines, ll.displayStart, i, starts[s]!, texts[k]!);
        if (end === RAN_OUT) ranOut = true;
        else if (end >= 0) textHits.push([ll.displayStart[i]! + starts[s]!, end]);
      }
    }
    if (terms.docNumbers.length && line.includes('号')) {
      for (const f of findDocNumbers(line)) {
        if (terms.docNumbers.includes(f.normalized)) numberHits.push([ll.displayStart[i]! + f.index, ll.displayStart[i]! + f.index + f.length]);
      }
    }
  };

  // 2. The first hit: the first line with one; a text hit inside the title only as a fallback.
  let first: [number, number] | null = null;
  let firstAny: [number, number] | null = null;
  const earlier = (r: [number, number], than: [number, number] | null) => !than || r[0] < than[0];
  for (let i = 0; i < lines.length && !first; i++) {
    hitsIn(i);
    for (let h = 0; h < textHits.length; h++) {
      const r = textHits[h]!;
      if (earlier(r, firstAny)) firstAny = r;
      if (r[0] >= skipDisplay && earlier(r, first)) first = r;
    }
    for (let h = 0; h < numberHits.length; h++) {
      const r = numberHits[h]!;
      if (earlier(r, firstAny)) firstAny = r;
      if (earlier(r, first)) first = r;
    }
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
    hitsIn(i);
    for (const r of textHits) if (r[1] > from && r[0] < to) ranges.push(r);
    for (const r of numberHits) if (r[1] > from && r[0] < to) ranges.push(r);
  }
  // (The window, and every look at the text after it, inside the lines at hand.)
  if (!complete && (ranOut || to >= ll.total || lastLine + 1 >= lines.length)) return null;
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

/** The printed forms of a normalized term's first character: itself; for ASCII also full-width, and capital for a letter. */
function formsOf(t: string): string[] {
  const c = t.charCodeAt(0);
  const forms = [c];
  if (c >= 0x21 && c <= 0x7e) {
    forms.push(c + 0xfee0);
    if (c >= 0x61 && c <= 0x7a) forms.push(c - 0x20, c - 0x20 + 0xfee0);
  }
  return forms.map((f) => String.fromCharCode(f));
}

/**
 * Where a hit can start in this printed line (the positions of any of `forms`, ascending) into
 * `out`; false when nowhere.
 */
function startsIn(line: string, forms: readonly string[], out: number[]): boolean {
  out.length = 0;
  for (let k = 0; k < forms.length; k++) for (let p = line.indexOf(forms[k]!); p >= 0; p = line.indexOf(forms[k]!, p + 1)) out.push(p);
  if (forms.length > 1) out.sort((a, b) => a - b);
  return out.length > 0;
}

/** hitEnd: the lines ended before the hit could be decided. */
const RAN_OUT = -2;

/**
 * The display offset just after a hit of normalized term `t` whose first character is printed
 * at `p` of line `i`, reading the printed text as normalization does (dropped characters skipped,
 * lines joined); −1 when the text there is not the term, RAN_OUT when the lines end first.
 */
function hitEnd(lines: readonly string[], displayStart: Int32Array, i: number, p: number, t: string): number {
  let line = lines[i]!;
  let k = 0;
  for (let j = p; ; j++) {
    while (j >= line.length) {
      if (++i >= lines.length) return RAN_OUT;
      line = lines[i]!;
      j = 0;
    }
    const c = line.charCodeAt(j);
    if (isDropped(c)) continue;
    if (mapChar(c) !== t.charCodeAt(k)) return -1;
    if (++k === t.length) return displayStart[i]! + j + 1;
  }
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
