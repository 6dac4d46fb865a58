/**
 * pdf.js reads in a thread of its own (src/pdf/pdfjs-thread.ts): the process that reads a PDF keeps
 * its own built-ins (pdfjs-dist's legacy build replaced Array.prototype.push, JSON.parse and
 * JSON.stringify with core-js polyfills, which slowed every later stage), reads at once share the
 * thread, and pdf.js's errors still come out as one-line InputErrors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { InputError } from '../src/core/decode.js';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { restoreNatives, snapshotNatives } from '../src/pdf/native-builtins.js';
import { SyncDecompressionStream } from '../src/pdf/sync-inflate.js';

const bytes = (name: string) => new Uint8Array(readFileSync(`fixtures/pdf/${name}`));

test('reading a PDF leaves the built-ins of the reading process alone', async () => {
  const before = [Array.prototype.push, JSON.parse, JSON.stringify, Function.prototype.toString, globalThis.DecompressionStream];
  const layer = await readPdfTextLayer(bytes('yangquan-2021-05.pdf'), { maxPages: 2 });
  assert.equal(layer.pages.length, 2);
  assert.ok(layer.pages[0]!.items.length > 0);
  const after = [Array.prototype.push, JSON.parse, JSON.stringify, Function.prototype.toString, globalThis.DecompressionStream];
  assert.deepEqual(after.map((f, i) => f === before[i]), before.map(() => true));
});

test('reads at once share the thread and each gets its own file', async () => {
  const [a, b, c] = await Promise.all([
    readPdfTextLayer(bytes('yangquan-2021-05.pdf'), { maxPages: 3 }),
    readPdfTextLayer(bytes('yangquan-2023-05.2col.pdf'), { maxPages: 3 }),
    readPdfTextLayer(bytes('yangquan-2021-05.pdf'), { maxPages: 3 }),
  ]);
  assert.deepEqual(a, c);
  assert.equal(a.pageCount, 70);
  assert.equal(b.pageCount, 73);
  assert.notDeepEqual(a.pages, b.pages);
});

test('the caller keeps its bytes (the thread gets a copy)', async () => {
  const pdf = bytes('yangquan-2021-05.pdf');
  await readPdfTextLayer(pdf, { maxPages: 1 });
  assert.equal(pdf.byteLength, readFileSync('fixtures/pdf/yangquan-2021-05.pdf').byteLength);
});

test("pdf.js's errors are InputErrors with one line, and the thread reads on after them", async () => {
  await assert.rejects(readPdfTextLayer(bytes('bad/encrypted.pdf')), (e: Error) => e instanceof InputError && /encrypted with a password/.test(e.message));
  const truncated = bytes('yangquan-2021-05.pdf').subarray(0, 2000);
  await assert.rejects(readPdfTextLayer(truncated), (e: Error) => e instanceof InputError && !e.message.includes('\n'));
  assert.equal((await readPdfTextLayer(bytes('yangquan-2021-05.pdf'), { maxPages: 1 })).pages.length, 1);
});

test('restoreNatives puts back what was replaced and leaves what was added', () => {
  const owner = JSON as unknown as Record<string, unknown>;
  const snapshot = snapshotNatives();
  const parse = JSON.parse;
  owner.parse = (s: string) => parse(s);
  owner.addedByLibrary = () => 1;
  try {
    assert.deepEqual(restoreNatives(snapshot), ['JSON.parse']);
    assert.equal(JSON.parse, parse);
    assert.equal(typeof owner.addedByLibrary, 'function');
  } finally {
    JSON.parse = parse;
    delete owner.addedByLibrary;
  }
});

/** The stand-in used as pdf.js 5.6 uses a DecompressionStream (asyncGetBytesFromDecompressionStream). */
async function inflateLikePdfJs(bytes: Uint8Array, format = 'deflate'): Promise<Uint8Array | null> {
  try {
    const { readable, writable } = new SyncDecompressionStream(format);
    const writer = writable.getWriter();
    await writer.ready;
    writer.write(bytes).then(async () => {
      await writer.ready;
      await writer.close();
    }).catch(() => {});
    const chunks: Uint8Array[] = [];
    for await (const chunk of readable) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch {
    return null; // pdf.js decodes it with its own FlateStream
  }
}

test("the pdf.js thread's DecompressionStream gives zlib's bytes, and refuses what it does not inflate", async () => {
  const text = Buffer.from('BT /F1 12 Tf (阳泉市人民政府公报) Tj ET\n'.repeat(200));
  const native = await new Response(new Blob([deflateSync(text)]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer();
  assert.deepEqual(await inflateLikePdfJs(deflateSync(text)), Buffer.from(native));
  assert.equal(await inflateLikePdfJs(deflateSync(text).subarray(0, 100)), null);
  assert.equal(await inflateLikePdfJs(deflateSync(text), 'brotli'), null);
});
