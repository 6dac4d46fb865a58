/**
 * Where a document or a fact stands in the source, in words for feeds, calendars and the MCP
 * tools: its line range, and its pages when the issue was read from a PDF (an optional `pages`
 * field on documents: physical pages of the file and the page numbers printed on them).
 */

export interface PageRange {
  first: number;
  last: number;
  firstPrinted?: number | string | null;
  lastPrinted?: number | string | null;
}

function isPageRange(v: unknown): v is PageRange {
  const p = v as PageRange | null;
  return !!p && typeof p === 'object' && Number.isInteger(p.first) && Number.isInteger(p.last);
}

/** The page range of a record that has one (documents of PDF input), else null. */
export function pagesOf(record: object | null | undefined): PageRange | null {
  const p = (record as { pages?: unknown } | null | undefined)?.pages;
  return isPageRange(p) ? p : null;
}

const span = (a: number | string, b: number | string): string => (String(a) === String(b) ? `${a}` : `${a}–${b}`);

/** 原文第 30–88 行（第 3–5 页，公报页码 12–14） */
export function whereLabel(first: number, last: number, pages: PageRange | null): string {
  const lines = `原文第 ${span(first, last)} 行`;
  if (!pages) return lines;
  const printed = pages.firstPrinted != null && pages.lastPrinted != null ? `，公报页码 ${span(pages.firstPrinted, pages.lastPrinted)}` : '';
  return `${lines}（PDF 第 ${span(pages.first, pages.last)} 页${printed}）`;
}
