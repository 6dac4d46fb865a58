/**
 * Pages of a PDF input: the page range of every document, and the table of contents' page numbers
 * checked against the numbers printed on the pages.
 *
 * The printed page of a document is the number printed on the page where its title stands (read
 * by the layout stage and checked against the page sequence there). Where the TOC gives another
 * number, or none, the printed page wins — a TOC is one line per entry, easily damaged by OCR or a
 * line break, while page numbers are checked page against page — and the disagreement is a warning.
 *
 * Where the pages' numbers could not be read (a scan whose small footer numbers OCR misses), the
 * offset between physical and printed pages that the TOC and the documents' pages agree on — at
 * least three documents, and most of them — numbers the pages instead (marked as not seen).
 */
import type { OfficialDocument, PageInfo, SourceLine, Warning } from '../model.js';

/** `hasToc`: the issue prints a table of contents (a document it lacks, or lost, gets the printed page). */
export function paginate(documents: OfficialDocument[], lines: SourceLine[], pages: PageInfo[], hasToc: boolean): Warning[] {
  if (!pages.length) return [];
  numberFromToc(documents, lines, pages);
  const printed = new Map(pages.map((p) => [p.page, p.printedPage]));
  const warnings: Warning[] = [];
  for (const doc of documents) {
    const first = lines[doc.startLine - 1]?.page;
    const lastLine = lines[doc.endLine - 1];
    const last = lastLine?.endPage ?? lastLine?.page;
    if (first === undefined || last === undefined) continue;
    doc.pages = { first, last, firstPrinted: printed.get(first) ?? null, lastPrinted: printed.get(last) ?? null };
    const actual = doc.pages.firstPrinted;
    if (actual === null) continue;
    if (doc.tocPage === null) {
      if (hasToc && doc.kind !== 'other') doc.tocPage = actual;
    } else if (doc.tocPage !== actual) {
      const message = `the table of contents gives page ${doc.tocPage}, the document starts on printed page ${actual}`;
      doc.warnings.push({ code: 'toc-page-mismatch', message, line: doc.startLine });
      warnings.push({ code: 'toc-page-mismatch', message: `${doc.title}: ${message}`, line: doc.startLine });
      doc.tocPage = actual;
    }
  }
  return warnings;
}

/** Pages of a PDF whose numbers went unread, numbered by the offset the TOC and documents agree on. */
function numberFromToc(documents: OfficialDocument[], lines: SourceLine[], pages: PageInfo[]): void {
  const firstPages = documents.map((d) => lines[d.startLine - 1]?.page).filter((p): p is number => p !== undefined);
  if (!firstPages.length) return;
  const body = pages.filter((p) => p.page >= Math.min(...firstPages));
  if (body.filter((p) => p.printedPageSeen).length * 2 >= body.length) return;
  const counts = new Map<number, number>();
  let votes = 0;
  for (const d of documents) {
    const page = lines[d.startLine - 1]?.page;
    if (d.tocPage === null || page === undefined) continue;
    votes++;
    counts.set(d.tocPage - page, (counts.get(d.tocPage - page) ?? 0) + 1);
  }
  const [offset, agree] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (agree < 3 || agree * 2 <= votes) return;
  for (const p of body) {
    if (p.printedPage === null && p.page + offset > 0) p.printedPage = p.page + offset;
  }
}
