/**
 * The reader marks a fact's span (src/server/web/marks.ts): the exact characters the extractor
 * found, through the displayed paragraph's map (layout spaces removed, lines joined), without
 * searching; facts without a span (archives made before spans) are still found by search.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { extractCitations } from '../src/extract/citations.js';
import { layoutBlocks } from '../src/server/web/paragraphs.js';
import { marksInBlock, spanRange, type Fact } from '../src/server/web/marks.js';
import type { OfficialDocument } from '../src/model.js';
import type { DocumentLine } from '../src/store/archive.js';

const noDoc = (): Pick<OfficialDocument, 'title' | 'docNumberLine' | 'outline' | 'enclosures'> => ({
  title: '无关标题',
  docNumberLine: null,
  outline: [],
  enclosures: [],
});

// One paragraph hard-wrapped over three lines, with PDF layout spaces; the same title twice.
const TEXT = [
  '为贯彻《某 市管理办法》，依据 《某市管理办法》（测发〔2020〕',
  '1 号）和《',
  '某市考核细则》，现通知如下：',
];

function blockOf(texts: string[]) {
  const lines: DocumentLine[] = toSourceLines(texts).map((l) => ({ line: l.line, text: l.text, raw: l.raw }));
  const [block] = layoutBlocks(lines, noDoc());
  assert.equal(block!.lines.length, texts.length, 'one paragraph');
  return block!;
}

test('a span marks exactly its characters, also the second of two equal titles and across lines', () => {
  const block = blockOf(TEXT);
  const ctx = { lines: toSourceLines(TEXT), title: '无关标题', docNumber: null, date: null, issueYear: null };
  const citations = extractCitations(ctx);
  assert.equal(citations.length, 3);
  const facts: Fact[] = citations.map((c) => ({ kind: 'citation-unresolved', line: c.line, needle: `《${c.title}》`, label: 'c', span: c.span! }));
  const marks = marksInBlock(block, facts);
  assert.deepEqual(
    marks.map((m) => block.text.slice(m.start, m.end)),
    ['《某市管理办法》', '《某市管理办法》（测发〔2020〕1号）', '《某市考核细则》'],
  );
  // The second mark is the second title: a search for the words would have found the first.
  assert.ok(marks[1]!.start > block.text.indexOf('依据'));
});

test('a span is cut at the edges of a block it runs past, and is not marked on a block it is not on', () => {
  const block = blockOf(TEXT);
  assert.deepEqual(spanRange(block, { line: 2, column: 0, endLine: 9, endColumn: 1 }), [block.starts[1]!, block.text.length]);
  assert.equal(spanRange(block, { line: 5, column: 0, endLine: 6, endColumn: 2 }), null);
  const fact: Fact = { kind: 'person', line: 5, needle: '某市', label: 'p', span: { line: 5, column: 0, endLine: 5, endColumn: 2 } };
  assert.deepEqual(marksInBlock(block, [fact]), []);
});

test('a fact without a span is found by its words, as before spans', () => {
  const block = blockOf(TEXT);
  const marks = marksInBlock(block, [{ kind: 'citation', line: 1, needle: '《某市管理办法》', label: 'c' }]);
  assert.deepEqual(marks.map((m) => block.text.slice(m.start, m.end)), ['《某市管理办法》']);
  assert.equal(marks[0]!.start, block.text.indexOf('《'));
});
