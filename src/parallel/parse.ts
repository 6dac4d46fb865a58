/**
 * A large text issue parsed to JSON on two cores. Both threads read and prepare the issue (decode,
 * segment, each document's metadata); then each extracts, links and stringifies its part of the
 * documents — the main thread the first, a worker the rest. Each document's extraction is a pure
 * function of its lines and the issue's agency table, links depend only on the documents' numbers
 * and titles, and what the documents taught the agency table is merged in document order, so the
 * text is the same, byte for byte, as `JSON.stringify(parseIssue(bytes), null, indent)`: only the
 * wall-clock time differs. Small inputs are not worth a thread (starting one and loading the parser
 * in it costs ~0.1 s), nor is a machine with one core.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyExtraction, extractJob, extractionJobs, issueOf, parseFile, prepareIssue, readText, MAX_INPUT_BYTES,
  type ParseFileOptions,
} from '../parse.js';
import { isPdf } from '../pdf/read.js';
import { InputError } from '../core/decode.js';
import { agenciesOfIssue } from '../extract/index.js';
import { linkWithinIssue } from '../link-within-issue.js';
import { documentJson, issueJson } from './issue-json.js';
import { splitAt, type WorkerPart } from './split.js';

/** Text inputs from this size on are parsed on two threads (below it a thread does not pay back). */
export const PARALLEL_MIN_BYTES = 1_500_000;

/** Whether `parseToJson` would use a second thread for this input (GONGBAO_THREADS=1 turns it off). */
export function worthParallel(bytes: Uint8Array): boolean {
  return bytes.length >= PARALLEL_MIN_BYTES && availableParallelism() > 1 && process.env.GONGBAO_THREADS !== '1';
}

/**
 * `JSON.stringify(await parseFile(bytes, options), null, indent)`: a large text input on two
 * threads, anything else (a PDF, a file named .pdf that is not one, a small file) on this one.
 */
export async function parseToJson(bytes: Uint8Array, options: ParseFileOptions = {}, indent = 2, threads: ThreadOptions = {}): Promise<string> {
  if (isPdf(bytes) || /\.pdf$/i.test(options.fileName ?? '') || !worthParallel(bytes)) {
    return JSON.stringify(await parseFile(bytes, options), null, indent);
  }
  if (bytes.length > MAX_INPUT_BYTES) throw new InputError(`input is larger than ${MAX_INPUT_BYTES} bytes`);
  // Loaded here: a small input (the common case) does not pay for the threads module.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(threads.workerModule ?? defaultWorkerModule(), { workerData: { bytes, indent } });
  const theirs = new Promise<WorkerPart | null>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  try {
    const { lines, source, warnings } = readText(bytes, options);
    const prepared = prepareIssue(lines, source, warnings);
    const jobs = extractionJobs(prepared);
    const split = splitAt(jobs);
    const agencies = agenciesOfIssue(lines);
    const extract = (from: number, to: number) => {
      const results = jobs.slice(from, to).map((job) => extractJob(job, lines, agencies, prepared.texts));
      applyExtraction(prepared.documents, results, from);
      linkWithinIssue(prepared.documents);
      return { pieces: prepared.documents.slice(from, to).map((doc) => documentJson(doc, indent)), learned: results.map((x) => x.learned) };
    };
    const ours = extract(0, split);
    let rest = await theirs;
    // A worker that failed (out of memory, killed), or saw other documents (it cannot), costs
    // time, not the result: its part is done here.
    const worked = rest !== null && rest.documents === jobs.length && rest.split === split;
    threads.onPart?.(worked ? 'worker' : 'here');
    if (!worked) rest = { documents: jobs.length, split, ...extract(split, jobs.length) };
    const issue = issueOf({ ...prepared, documents: [] }, [...ours.learned, ...rest!.learned], agencies);
    return issueJson(issue, [...ours.pieces, ...rest!.pieces], indent);
  } finally {
    void worker.terminate();
  }
}

export interface ThreadOptions {
  /** The worker's module (tests: one that fails). */
  workerModule?: URL;
  /** Told where the second part was made: on the worker, or here because the worker failed. */
  onPart?: (where: 'worker' | 'here') => void;
}

/** The worker's module, beside this one: extract-worker.js when built, through tsx from the sources. */
function defaultWorkerModule(): URL {
  const fromSources = extname(fileURLToPath(import.meta.url)) === '.ts';
  return new URL(fromSources ? './extract-worker-tsx.mjs' : './extract-worker.js', import.meta.url);
}
