/**
 * Uploads are decoded and parsed off the event loop: a small pool of worker threads (piscina)
 * runs parse-worker.ts, so that GET requests are answered while a large issue parses (parsing a
 * 1 MB issue takes about half a second). The threads start on the first upload and stop when idle.
 */
import { Piscina } from 'piscina';
import { InputError } from '../core/decode.js';
import { poolModule } from '../thread-module.js';
import * as here from './parse-worker.js';
import type { Outcome, Prepared } from './parse-worker.js';

/** Where an upload is decoded and parsed (ingest.ts). */
export interface UploadParser {
  digest(bytes: Uint8Array): Promise<{ sha256: string }>;
  prepare(bytes: Uint8Array, fileName: string | null): Promise<Prepared>;
  close(): Promise<void>;
}

function unwrap<T>(o: Outcome<T>): T {
  if ('inputError' in o) throw new InputError(o.inputError);
  return o.ok;
}

/** On the calling thread (for callers with nothing else to do meanwhile). */
export const parseInThread: UploadParser = {
  digest: async (bytes) => unwrap(await here.digest(bytes)),
  prepare: async (bytes, fileName) => unwrap(await here.prepare({ bytes, fileName })),
  close: async () => {},
};

/** A pool of `threads` worker threads. */
export function parsePool(threads = 1): UploadParser {
  const filename = poolModule(import.meta.url, 'parse-worker');
  const pool = new Piscina({ filename, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  return {
    digest: async (bytes) => unwrap(await pool.run(bytes, { name: 'digest' })),
    prepare: async (bytes, fileName) => unwrap(await pool.run({ bytes, fileName }, { name: 'prepare' })),
    close: () => pool.destroy(),
  };
}
