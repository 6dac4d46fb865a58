/** Page ranges of documents, and the TOC's page numbers checked against the pages'. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paginate } from '../src/core/pages.js';
import type { OfficialDocument, PageInfo, SourceLine } from '../src/model.js';

const pageInfo = (page: number, printedPage: number | null, seen = printedPage !== null): PageInfo => ({
  page, printedPage, printedPageSeen: seen, origin: 'ocr', width: 595, height: 842, columns: 1, furniture: [], firstLine: null, lastLine: null,
});
/** Ten lines a page. */
const lines: SourceLine[] = Array.from({ length: 100 }, (_, i) => ({ line: i + 1, raw: 'x', text: 'x', page: Math.floor(i / 10) + 1 }));
const doc = (startLine: number, endLine: number, tocPage: number | null) =>
  ({ startLine, endLine, tocPage, kind: 'document', title: 't', pages: null, warnings: [] }) as unknown as OfficialDocument;

test('a document carries its page range; a TOC page that disagrees with the printed page is corrected and flagged', () => {
  const pages = Array.from({ length: 10 }, (_, i) => pageInfo(i + 1, i >= 2 ? i - 1 : null));
  const docs = [doc(21, 35, 1), doc(41, 60, 9)];
  const warnings = paginate(docs, lines, pages, true);
  assert.deepEqual(docs[0]!.pages, { first: 3, last: 4, firstPrinted: 1, lastPrinted: 2 });
  assert.equal(docs[1]!.tocPage, 3);
  assert.deepEqual(warnings.map((w) => w.code), ['toc-page-mismatch']);
});

test('pages whose numbers went unread are numbered by the offset most documents agree on with the TOC', () => {
  const pages = Array.from({ length: 10 }, (_, i) => pageInfo(i + 1, null));
  // Physical 3, 5, 7 are printed 1, 3, 5 (offset −2); one TOC entry was misread (40).
  const docs = [doc(21, 40, 1), doc(41, 60, 3), doc(61, 80, 5), doc(81, 100, 40)];
  paginate(docs, lines, pages, true);
  assert.deepEqual(pages.map((p) => p.printedPage), [null, null, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(pages.every((p) => !p.printedPageSeen));
  assert.equal(docs[3]!.tocPage, 7, 'the damaged TOC entry takes the page its document stands on');
});

test('two documents are too few to number the pages by', () => {
  const pages = Array.from({ length: 10 }, (_, i) => pageInfo(i + 1, null));
  paginate([doc(21, 40, 1), doc(41, 60, 3)], lines, pages, true);
  assert.ok(pages.every((p) => p.printedPage === null));
});
