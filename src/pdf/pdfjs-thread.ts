/**
 * The thread pdf.js runs in (started by read.ts). Two reasons for a thread of its own, both from
 * the profile of reading the fixture PDFs:
 *
 * - pdfjs-dist's legacy build (the one for Node 20) installs core-js polyfills over built-ins of the
 *   whole thread: Array.prototype.push, JSON.parse and JSON.stringify become JavaScript functions,
 *   and every later push in layout, parse and extract paid for it. Here they stay in this thread,
 *   and even here the natives are put back once pdf.js has loaded (native-builtins.ts): pdf.js's
 *   own parser pushes a lot.
 * - pdf.js inflates every Flate stream (each glyph of a Type 3 font is one) through the global
 *   DecompressionStream when there is one: web streams and a trip to libuv's thread pool per
 *   stream, several times the work of the inflate itself. Here the global is a synchronous
 *   stand-in (sync-inflate.ts) that gives pdf.js the same bytes.
 *
 * Messages: `{ id, bytes, maxPages }` in; `{ id, layer }` or `{ id, error: { name, message } }` out.
 */
import { parentPort } from 'node:worker_threads';
import { restoreNatives, snapshotNatives } from './native-builtins.js';
import { SyncDecompressionStream } from './sync-inflate.js';
import { loadPdfJs, readTextLayer, type PdfTextLayer } from './text-layer.js';

Object.defineProperty(globalThis, 'DecompressionStream', { configurable: true, writable: true, value: SyncDecompressionStream });

const natives = snapshotNatives();
await loadPdfJs();
restoreNatives(natives);

export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
  maxPages: number;
}

export type ReadReply = { id: number; layer: PdfTextLayer } | { id: number; error: { name: string; message: string } };

const port = parentPort;
if (!port) throw new Error('pdfjs-thread.ts runs as a worker thread (read.ts starts it)');
port.on('message', async ({ id, bytes, maxPages }: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id, layer: await readTextLayer(bytes, maxPages) };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown };
    reply = { id, error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? err) } };
  }
  port.postMessage(reply);
});
