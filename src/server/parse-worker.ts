/**
 * What an uploaded issue costs the CPU — decoding and parsing — as functions a worker thread runs
 * (parse-pool.ts) so that the server's event loop keeps answering meanwhile. Input that is not
 * gazette text comes back as `{ inputError }`: a thrown InputError would lose its class on the
 * way back from the worker.
 */
import { decode, InputError } from '../core/decode.js';
import type { ParsedIssue, SourceLine } from '../model.js';
import { parseIssueWithLines } from '../parse.js';

export type Outcome<T> = { ok: T } | { inputError: string };

export interface Prepared {
  parsed: ParsedIssue;
  lines: SourceLine[];
  /** When the parse ran (epoch milliseconds, start and end), for logs and tests. */
  ranBetween: [number, number];
}

const epochNow = () => performance.timeOrigin + performance.now();

function outcome<T>(work: () => T): Outcome<T> {
  try {
    return { ok: work() };
  } catch (e) {
    if (e instanceof InputError) return { inputError: e.message };
    throw e;
  }
}

/** The SHA-256 the archive knows a file by (decoding refuses binary input). */
export function digest(bytes: Uint8Array): Outcome<{ sha256: string }> {
  return outcome(() => ({ sha256: decode(bytes).sha256 }));
}

/** The parsed issue and the lines it was parsed from, as `Archive.ingestIssue` takes them. */
export function prepare(task: { bytes: Uint8Array; fileName: string | null }): Outcome<Prepared> {
  return outcome(() => {
    const start = epochNow();
    const { parsed, lines } = parseIssueWithLines(task.bytes, task.fileName ? { fileName: task.fileName } : {});
    return { lines, parsed, ranBetween: [start, epochNow()] };
  });
}
