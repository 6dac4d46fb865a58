/**
 * Layout → the line list the text pipeline takes: each reconstructed line becomes a SourceLine
 * that also knows its page, box and alignment, and each page a PageInfo with the line numbers that
 * start on it.
 */
import type { PageInfo, SourceLine } from '../model.js';
import { cleanLine } from '../core/lines.js';
import { consensusFixes } from '../core/ocr-consensus.js';
import { fixOcrLine, knownDocNumberPrefixes } from '../core/ocr-fixes.js';
import { correctPlaceNames, placeContext } from '../core/places.js';
import type { Layout } from '../layout/index.js';

export function sourceLinesOfLayout(layout: Layout): { lines: SourceLine[]; pages: PageInfo[] } {
  // OCR'd lines: `raw` keeps what the engine read, `text` has its typical slips corrected where the
  // structure says what was printed (a 文号's brackets, a prefix the issue uses elsewhere …). A PDF
  // without OCR'd pages skips the whole correction pass.
  const ocrPages = new Set(layout.pages.filter((p) => p.origin === 'ocr').map((p) => p.page));
  const texts = ocrPages.size ? ocrCorrected(layout, ocrPages) : layout.lines.map((l) => l.text);
  const lines: SourceLine[] = layout.lines.map((l, i) => ({
    line: i + 1,
    raw: l.text,
    text: cleanLine(texts[i]!),
    page: l.page,
    endPage: l.endPage,
    box: roundBox(l.box),
    align: l.align,
  }));
  const pages: PageInfo[] = layout.pages.map((p) => {
    const first = p.firstLine >= 0 ? p.firstLine + 1 : null;
    let last: number | null = null;
    if (first !== null) {
      last = first;
      while (last < lines.length && lines[last]!.page === p.page) last++;
    }
    return {
      page: p.page,
      printedPage: p.printedPage,
      printedPageSeen: p.printedPageSeen,
      origin: p.origin,
      width: Math.round(p.width),
      height: Math.round(p.height),
      columns: p.columns,
      furniture: p.furniture.map((f) => ({ role: f.role, text: f.text })),
      firstLine: first,
      lastLine: last,
    };
  });
  return { lines, pages };
}

/** Each line's text, OCR'd lines corrected; a text layer's lines are never changed. */
function ocrCorrected(layout: Layout, ocrPages: Set<number>): string[] {
  const ocrTexts = layout.lines.filter((l) => ocrPages.has(l.page)).map((l) => l.text);
  const knownPrefixes = knownDocNumberPrefixes(ocrTexts);
  const places = placeContext(ocrTexts);
  const fixLine = (t: string) => correctPlaceNames(fixOcrLine(t, { knownPrefixes }).text, places).text;
  const fixed = layout.lines.map((l) => (ocrPages.has(l.page) ? fixLine(l.text) : l.text));
  // Then a name one character off the spelling the whole issue uses 3+ times (ocr-consensus.ts),
  // counted over every line of the issue.
  const consensus = consensusFixes(fixed);
  return layout.lines.map((l, i) => (ocrPages.has(l.page) ? consensus(fixed[i]!) : fixed[i]!));
}

const r1 = (n: number): number => Math.round(n * 10) / 10;
const roundBox = (b: Layout['lines'][number]['box']) => ({ x0: r1(b.x0), y0: r1(b.y0), x1: r1(b.x1), y1: r1(b.y1) });
