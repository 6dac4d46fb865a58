/**
 * Read stage for PDF files: the text layer of every page as positioned text (pdfjs-dist, in a
 * thread of its own: pdfjs-thread.ts says why; text-layer.ts reads).
 *
 * Only the text layer is read here; pages whose layer is missing or unusable are reported so the
 * caller can OCR them (see quality.ts and ocr.ts).
 */
import type { Worker } from 'node:worker_threads';
import { InputError } from '../core/decode.js';
import { startThread } from '../thread-module.js';
import type { ReadReply, ReadRequest } from './pdfjs-thread.js';
import type { PdfTextLayer } from './text-layer.js';

export type { PdfTextLayer } from './text-layer.js';

export interface ReadPdfOptions {
  /** Read no more than this many pages (default: all). */
  maxPages?: number;
}

/** pdfjs's messages for input it cannot read, as one line a user understands. */
function inputErrorOf(e: { name?: string; message?: string }): InputError {
  switch (e.name) {
    case 'PasswordException':
      return new InputError('the PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)');
    case 'InvalidPDFException':
      return new InputError(`not a readable PDF file (${e.message || 'invalid structure'})`);
    case 'MissingPDFException':
    case 'UnexpectedResponseException':
      return new InputError(`cannot read the PDF file: ${e.message ?? ''}`.trim());
    default:
      return new InputError(`cannot read the PDF file: ${e.message ?? String(e)}`);
  }
}

interface Pending {
  resolve: (layer: PdfTextLayer) => void;
  reject: (err: Error) => void;
}

/**
 * One pdf.js thread per process, started by the first read (pdf.js is large: a CLI that reads no
 * PDF never loads it) and kept for the next: it holds the process open only while a read is
 * pending. If it dies, the pending reads fail and the next read starts a new one.
 */
class PdfJsThread {
  #worker: Worker;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #onGone: (gone: PdfJsThread) => void;

  constructor(onGone: (gone: PdfJsThread) => void) {
    this.#onGone = onGone;
    this.#worker = startThread(import.meta.url, 'pdfjs-thread');
    this.#worker.unref();
    this.#worker.on('message', (reply: ReadReply) => {
      const p = this.#settle(reply.id);
      if (!p) return;
      if ('error' in reply) p.reject(inputErrorOf(reply.error));
      else p.resolve(reply.layer);
    });
    this.#worker.on('error', (err) => this.#fail(err));
    this.#worker.on('exit', (code) => this.#fail(new Error(`the pdf.js thread stopped (exit code ${code})`)));
  }

  read(bytes: Uint8Array, maxPages: number): Promise<PdfTextLayer> {
    const id = this.#nextId++;
    // A copy for the thread (the caller keeps its bytes), moved rather than copied again.
    const copy = new Uint8Array(bytes);
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, bytes: copy, maxPages } satisfies ReadRequest, [copy.buffer]);
    });
  }

  #settle(id: number): Pending | undefined {
    const p = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
    return p;
  }

  #fail(err: Error): void {
    this.#onGone(this);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(inputErrorOf(err));
    void this.#worker.terminate();
  }
}

let thread: PdfJsThread | null = null;

/** The text layer of a PDF file. Throws InputError for files pdfjs cannot open. */
export async function readPdfTextLayer(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfTextLayer> {
  thread ??= new PdfJsThread((gone) => {
    if (thread === gone) thread = null;
  });
  return thread.read(bytes, options.maxPages ?? Infinity);
}
