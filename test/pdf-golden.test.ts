/**
 * The sample issues rendered as PDFs (fixtures/pdf), read end to end and scored against the same
 * gold as their text: one column and two columns through the text layer, and a 150 dpi scan and a
 * text layer without Unicode maps through the real Tesseract. The bars are the issue's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../src/parse.js';
import type { ParsedIssue } from '../src/model.js';
import { f1, GOLD_DIR, readTsv, ROOT } from '../eval/gold.js';
import { matchDocumentsByContent, scoreDocuments } from '../eval/docs.js';
import { loadPeopleGold, scorePeople } from '../eval/people.js';

const PDF_DIR = join(ROOT, 'fixtures', 'pdf');
const ISSUES = ['yangquan-2020-01', 'yangquan-2021-05', 'yangquan-2023-05'];

interface Figures {
  segmentation: number;
  field: (name: string) => number;
  people: number;
}

/** Scores a parsed rendering on the gold documents its page gold lists. */
function score(name: string, pagesFile: string, parsed: ParsedIssue): Figures {
  const pageRows = readTsv(join(PDF_DIR, pagesFile));
  const held = new Set(pageRows.map((r) => r.start_line!));
  const gold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
  const tocPages = new Map(pageRows.map((r) => [r.start_line!, r.start_printed!]));
  const s = scoreDocuments(name, parsed, gold, undefined, { match: matchDocumentsByContent, tocPages, held });
  const matched = matchDocumentsByContent(gold, parsed.documents);
  const pred = [...matched].filter(([g]) => held.has(g.start_line!)).map(([g, d]) => ({ docStartLine: Number(g.start_line), appointments: d.appointments }));
  const people = loadPeopleGold(join(GOLD_DIR, `${name}.people.tsv`)).filter((r) => held.has(String(r.docStartLine)));
  return {
    segmentation: f1(s.segmentation).f1,
    field: (f) => {
      const v = s.fields[f as keyof typeof s.fields];
      return v.total ? v.right / v.total : 1;
    },
    people: people.length ? scorePeople(pred, people).full.f1 : 1,
  };
}

for (const name of ISSUES) {
  for (const [suffix, pages] of [['.pdf', '.pages.tsv'], ['.2col.pdf', '.2col.pages.tsv']] as const) {
    test(`text layer ${name}${suffix}: documents, metadata, TOC pages and appointments`, async () => {
      const parsed = await parseFile(readFileSync(join(PDF_DIR, name + suffix)), { fileName: name + suffix, ocr: 'never' });
      assert.equal(parsed.source.format, 'pdf');
      assert.equal(parsed.source.ocrPages.length, 0);
      const s = score(name, name + pages, parsed);
      assert.ok(s.segmentation >= 0.99, `segmentation F1 ${s.segmentation}`);
      for (const f of ['docNumber', 'title', 'issuer', 'date', 'publicity']) assert.ok(s.field(f) >= 0.97, `${f} ${s.field(f)}`);
      assert.ok(s.field('tocPage') >= 0.95, `tocPage ${s.field('tocPage')}`);
      assert.ok(s.people >= 0.95, `appointments F1 ${s.people}`);
      // Page evidence: every document knows its pages, every page its printed number after the front matter.
      assert.ok(parsed.documents.every((d) => d.pages !== null && d.pages.first <= d.pages.last));
      const body = parsed.pages.filter((p) => p.printedPage !== null);
      assert.ok(body.length >= parsed.pages.length - 4, `${body.length} of ${parsed.pages.length} pages numbered`);
      // Running headers and page numbers never reach a document's text.
      assert.ok(!parsed.documents.some((d) => d.title.includes('公报')), 'a header in a title');
    });
  }
}

test('a scan (150 dpi grey, image only) read by Tesseract: documents, numbers, dates, appointments', { timeout: 15 * 60_000 }, async () => {
  const file = join(PDF_DIR, 'yangquan-2021-05.scan.pdf');
  const parsed = await parseFile(readFileSync(file), { fileName: 'yangquan-2021-05.scan.pdf', cacheDir: null });
  assert.equal(parsed.source.ocrPages.length, parsed.source.pageCount, 'every page OCR\'d');
  const s = score('yangquan-2021-05', 'yangquan-2021-05.scan.pages.tsv', parsed);
  assert.ok(s.segmentation >= 0.95, `segmentation F1 ${s.segmentation}`);
  assert.ok(s.field('docNumber') >= 0.9, `docNumber ${s.field('docNumber')}`);
  assert.ok(s.field('date') >= 0.9, `date ${s.field('date')}`);
  assert.ok(s.people >= 0.85, `appointments F1 ${s.people}`);
  // The raw OCR text is kept beside the corrected one.
  assert.ok(parsed.pages.every((p) => p.origin === 'ocr'));
});

test('a text layer without Unicode maps is garbage: those pages are OCR\'d instead (auto); never leaves them empty, with a warning', { timeout: 10 * 60_000 }, async () => {
  const file = join(PDF_DIR, 'yangquan-2023-05.broken.pdf');
  assert.ok(existsSync(file));
  const bytes = readFileSync(file);
  const never = await parseFile(bytes, { fileName: 'broken.pdf', ocr: 'never' });
  assert.ok(never.warnings.some((w) => w.code === 'pages-without-text'));
  assert.equal(never.documents.length, 0);
  const auto = await parseFile(bytes, { fileName: 'broken.pdf', cacheDir: null });
  assert.deepEqual(auto.source.ocrPages, [1, 2, 3, 4, 5, 6]);
  assert.equal(auto.issue?.title, '阳泉市人民政府公报');
  assert.ok(auto.documents.some((d) => d.docNumber === '阳政办发〔2023〕65号'), auto.documents.map((d) => d.docNumber).join(' '));
});
