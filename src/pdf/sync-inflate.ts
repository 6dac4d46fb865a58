/**
 * The DecompressionStream of the pdf.js thread (pdfjs-thread.ts): zlib's inflate done at once, in
 * the thread, with only as much of the web-streams interface as pdf.js 5.6 uses for a Flate
 * stream (`getWriter()`, `ready`, `write`, `close`, and `for await` over `readable`). The bytes
 * are those of Node's own DecompressionStream('deflate'), which is the same zlib, without its
 * web streams and trip to libuv's thread pool per stream (thousands of streams in a file whose
 * fonts are Type 3: each glyph is one; megabytes in one whose TrueType fonts are embedded).
 *
 * Whatever it does not do, it refuses by throwing, and pdf.js then decodes with its own
 * JavaScript FlateStream (the fallback it has for data DecompressionStream rejects): other formats
 * (`brotli` …), data zlib cannot inflate (a damaged stream, which pdf.js reads as far as it can),
 * and any other way of using it. The errors are made once: a new error's stack trace costs more
 * than a small inflate.
 */
import { inflateSync } from 'node:zlib';

const REFUSED = new TypeError('not inflated here: pdf.js decodes this stream itself');

export class SyncDecompressionStream {
  readonly writable: { getWriter(): { ready: Promise<void>; write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    if (format !== 'deflate') throw REFUSED;
    let inflated: Uint8Array | null = null;
    const done = Promise.resolve();
    this.writable = {
      getWriter: () => ({
        ready: done,
        write: (chunk) => {
          if (inflated) throw REFUSED; // one chunk is all pdf.js writes
          try {
            inflated = inflateSync(chunk);
          } catch {
            return Promise.reject(REFUSED);
          }
          return done;
        },
        close: () => done,
      }),
    };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        if (!inflated) throw REFUSED;
        yield inflated;
      },
    };
  }
}
