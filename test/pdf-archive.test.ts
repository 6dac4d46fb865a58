/**
 * PDF input through the archive, the server and the command line: the pages and line places are
 * stored (both backends), the original is kept and served, a page renders as an image with a
 * fact's lines highlighted, `gongbao parse` and `ingest` take PDFs, POST /api/issues takes one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFileWithLines } from '../src/parse.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { buildServer } from '../src/server/app.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { buildPdf } from './pdf-builder.js';
import { cli, ROOT, tempDir } from './store-fixtures.js';

const PDF = join(ROOT, 'fixtures', 'pdf', 'yangquan-2021-05.pdf');
const bytes = readFileSync(PDF);
const { parsed, lines } = await parseFileWithLines(bytes, { fileName: 'yangquan-2021-05.pdf', ocr: 'never' });

async function scenario(archive: OpenedArchive, pageCache: string): Promise<void> {
  const r = await archive.ingestIssue({ parsed, lines, sourcePath: '/archive/yangquan-2021-05.pdf', original: bytes });
  assert.equal(r.status, 'inserted');
  const issue = (await archive.getIssue(r.issueId))!;
  assert.equal(issue.source.format, 'pdf');
  assert.equal(issue.source.pageCount, parsed.source.pageCount);
  assert.equal(issue.pages.length, parsed.pages.length);
  assert.equal(issue.hasOriginal, true);
  assert.deepEqual(issue.pages[5], parsed.pages[5], 'pages stored as parsed');
  const original = (await archive.getOriginal(r.issueId))!;
  assert.equal(Buffer.compare(Buffer.from(original.bytes), bytes), 0, 'the original, byte for byte');

  const zhang = issue.documents.find((d) => d.docNumber === '阳政任字〔2021〕43号')!;
  const doc = (await archive.getDocument(zhang.id))!;
  assert.deepEqual(doc.document.pages, parsed.documents.find((d) => d.docNumber === zhang.docNumber)!.pages);
  const appointment = doc.document.appointments[0]!;
  const line = doc.lines.find((l) => l.line === appointment.line)!;
  assert.equal(line.page, doc.document.pages!.first);
  assert.ok(line.box && line.box.x1 > line.box.x0 && line.box.y1 > line.box.y0, 'the line has its box');

  // The reader: the original, a page image, the page with the fact's line highlighted.
  const app = await buildServer({ archive, pageCacheDir: pageCache });
  try {
    const pdf = await app.inject(`/issues/${r.issueId}/original.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.length, bytes.length);
    const png = await app.inject(`/issues/${r.issueId}/pages/${line.page}.png`);
    assert.equal(png.statusCode, 200);
    assert.equal(png.rawPayload.subarray(1, 4).toString(), 'PNG');
    const view = await app.inject(`/issues/${r.issueId}/pages/${line.page}?doc=${zhang.id}&from=${appointment.line}`);
    assert.equal(view.statusCode, 200);
    assert.equal((view.body.match(/class="hl"/g) ?? []).length, 1, 'the appointment\'s line highlighted');
    const page = await app.inject(`/documents/${zhang.id}`);
    assert.match(page.body, new RegExp(`原件第${line.page}页`));
    assert.match(page.body, /原件页码/);
    const api = JSON.parse((await app.inject(`/api/documents/${zhang.id}`)).body);
    assert.equal(api.document.pages.first, line.page);
    assert.ok(api.lines.every((l: { page?: number }) => typeof l.page === 'number'), 'every line carries its page');
    assert.equal((await app.inject(`/issues/${r.issueId}/pages/9999.png`)).statusCode, 404);
  } finally {
    await app.close();
  }

  // Removing the issue removes its original (nothing else points at it).
  assert.equal(await archive.deleteIssue(r.issueId), true);
  assert.equal(await archive.getOriginal(r.issueId), null);
}

test('PDF issue in SQLite: pages, line places, the original, the page views', async () => {
  const t = tempDir();
  const archive = openArchive(join(t.dir, 'a.db'));
  try {
    await scenario(archive, join(t.dir, 'pages'));
  } finally {
    await archive.close();
    t.cleanup();
  }
});

const pgMissing = pgUnavailableReason();
test('PDF issue in PostgreSQL: pages, line places, the original, the page views', { skip: pgMissing && !underCi() ? pgMissing : false }, async () => {
  assert.equal(pgMissing, null, pgMissing ?? '');
  const db = await createTestDatabase('pdf');
  const archive = openArchive(db.url);
  const t = tempDir();
  try {
    await scenario(archive, join(t.dir, 'pages'));
  } finally {
    await archive.close();
    await db.drop();
    t.cleanup();
  }
});

test('gongbao parse FILE.pdf and gongbao ingest of a folder holding a PDF beside a text file', () => {
  const t = tempDir();
  try {
    const parse = cli(['parse', PDF, '--format', 'text', '--ocr', 'never'], t.dir);
    assert.equal(parse.status, 0, parse.stderr);
    assert.match(parse.stdout, /阳政任字〔2021〕43号/);
    const folder = join(t.dir, 'in');
    mkdirSync(folder);
    copyFileSync(PDF, join(folder, 'issue.pdf'));
    copyFileSync(join(ROOT, 'fixtures', 'corpus', 'yangquan-2020-01.txt'), join(folder, 'issue.txt'));
    const ingest = cli(['ingest', folder, '--db', join(t.dir, 'a.db'), '--json', '--ocr', 'never'], t.dir);
    assert.equal(ingest.status, 0, ingest.stderr);
    const summary = JSON.parse(ingest.stdout);
    assert.equal(summary.inserted, 2, ingest.stdout);
    assert.equal(summary.documents, 39);
    const bad = cli(['parse', PDF, '--ocr', 'sometimes'], t.dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--ocr expects one of auto, always, never/);
  } finally {
    t.cleanup();
  }
});

test('POST /api/issues takes a PDF (application/pdf), parsed on the worker, its original kept', async () => {
  const t = tempDir();
  const archive = openArchive(join(t.dir, 'a.db'));
  const app = await buildServer({ archive, token: 'secret', pageCacheDir: join(t.dir, 'pages') });
  try {
    const res = await app.inject({
      method: 'POST', url: '/api/issues?name=issue.pdf', payload: bytes,
      headers: { 'content-type': 'application/pdf', authorization: 'Bearer secret' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = JSON.parse(res.body);
    assert.equal(body.documents, 19);
    assert.equal((await archive.getIssue(body.issueId))!.hasOriginal, true);
  } finally {
    await app.close();
    await archive.close();
    t.cleanup();
  }
});

test('bad PDFs: a one-line error or a best-effort result with warnings, never a crash or a hang', { timeout: 10 * 60_000 }, async () => {
  const { parseFile } = await import('../src/parse.js');
  const { deflateSync } = await import('node:zlib');
  const plain = buildPdf({ pages: [['Hello', 'World']] });
  const refuse = async (input: Uint8Array, name: string, message: RegExp) =>
    assert.rejects(parseFile(input, { fileName: name, cacheDir: null }), (e: Error) => e.name === 'InputError' && message.test(e.message));
  await refuse(buildPdf({ pages: [] }), 'empty.pdf', /no pages/);
  await refuse(plain.subarray(0, Math.floor(plain.length * 0.6)), 'cut.pdf', /not a readable PDF/);
  await refuse(readFileSync(join(ROOT, 'fixtures', 'pdf', 'bad', 'encrypted.pdf')), 'locked.pdf', /encrypted with a password/);
  await refuse(new TextEncoder().encode('<!doctype html><html><body>404</body></html>'), 'page.pdf', /not a PDF file \(it looks like an HTML page\)/);
  // 2,000 pages: read to the end (a book, not a gazette, but no hang).
  const book = await parseFile(buildPdf({ pages: Array.from({ length: 2000 }, (_, i) => [`Page ${i + 1}`, 'Some text on the page']) }), { fileName: 'book.pdf', ocr: 'never' });
  assert.equal(book.source.pageCount, 2000);
  assert.equal(book.pages.length, 2000);
  // A huge image on a page without text: OCR'd from a rendering at a bounded size.
  const image = buildPdf({ pages: [['x']], image: { width: 6000, height: 6000, data: deflateSync(Buffer.alloc(6000 * 6000, 255)) } });
  const huge = await parseFile(image, { fileName: 'image.pdf', cacheDir: null });
  assert.equal(huge.source.pageCount, 1);
  assert.ok(huge.warnings.some((w) => w.code === 'no-documents'));
});
