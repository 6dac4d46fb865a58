/**
 * What an uploaded issue costs the CPU — decoding and parsing — as functions a worker thread runs
 * (parse-pool.ts) so that the server's event loop keeps answering meanwhile. Input that is not
 * gazette text comes back as `{ inputError }`: a thrown InputError would lose its class on the
 * way back from the worker.
 */
import { decode, InputError } from '../core/decode.js';
import type { ParsedIssue, SourceLine } from '../model.js';
import { createHash } from 'node:crypto';
import { parseFileWithLines } from '../parse.js';
import { isPdf } from '../pdf/sniff.js';

export type Outcome<T> = { ok: T } | { inputError: string };

export interface Prepared {
  parsed: ParsedIssue;
  lines: SourceLine[];
  /** When the parse ran (epoch milliseconds, start and end), for logs and tests. */
  ranBetween: [number, number];
}

const epochNow = () => performance.timeOrigin + performance.now();

async function outcome<T>(work: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: await work() };
  } catch (e) {
    if (e instanceof InputError) return { inputError: e.message };
    throw e;
  }
}

/** The SHA-256 the archive knows a file by (decoding refuses binary input; a PDF is read later). */
export function digest(bytes: Uint8Array): Promise<Outcome<{ sha256: string }>> {
  return outcome(() => ({ sha256: isPdf(bytes) ? createHash('sha256').update(bytes).digest('hex') : decode(bytes).sha256 }));
}

/**
 * The parsed issue and the lines it was parsed from, as `Archive.ingestIssue` takes them. A PDF is
 * read here too, pages without a text layer OCR'd (Tesseract runs as child processes of this thread).
 */
export function prepare(task: { bytes: Uint8Array; fileName: string | null }): Promise<Outcome<Prepared>> {
  return outcome(async () => {
    const start = epochNow();
    const { parsed, lines } = await parseFileWithLines(task.bytes, task.fileName ? { fileName: task.fileName } : {});
    return { lines, parsed, ranBetween: [start, epochNow()] };
  });
}
