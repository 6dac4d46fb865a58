/**
 * Issues decoded and parsed off the calling thread: a small pool of worker threads (piscina) runs
 * parse-worker.ts. The server parses uploads there, so that GET requests are answered while a large
 * issue parses (a 1 MB issue takes about half a second); `gongbao ingest` parses the next files
 * there while this thread stores the current one. The threads start on the first task and stop
 * when idle.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InputError } from '../core/decode.js';
import * as here from './parse-worker.js';
import type { Outcome, Prepared, ReadOptions } from './parse-worker.js';

/** Where an upload is decoded and parsed (ingest.ts). */
export interface IssueParser {
  digest(bytes: Uint8Array): Promise<{ sha256: string }>;
  prepare(bytes: Uint8Array, fileName: string | null, options?: ReadOptions): Promise<Prepared>;
  close(): Promise<void>;
}

function unwrap<T>(o: Outcome<T>): T {
  if ('inputError' in o) throw new InputError(o.inputError);
  return o.ok;
}

/** On the calling thread (for callers with nothing else to do meanwhile). */
export const parseInThread: IssueParser = {
  digest: async (bytes) => unwrap(await here.digest(bytes)),
  prepare: async (bytes, fileName, options) => unwrap(await here.prepare({ bytes, fileName, options })),
  close: async () => {},
};

/** A pool of `threads` worker threads. */
export function parsePool(threads = 1): IssueParser {
  // The worker module next to this one: parse-worker.js in dist/, the sources through tsx.
  const fromSources = extname(fileURLToPath(import.meta.url)) === '.ts';
  const filename = fileURLToPath(new URL(fromSources ? './parse-worker-tsx.mjs' : './parse-worker.js', import.meta.url));
  const pool = new Piscina({ filename, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  return {
    digest: async (bytes) => unwrap(await pool.run(bytes, { name: 'digest' })),
    prepare: async (bytes, fileName, options) => unwrap(await pool.run({ bytes, fileName, options }, { name: 'prepare' })),
    close: () => pool.destroy(),
  };
}
