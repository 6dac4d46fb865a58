/**
 * A large text issue parsed on two cores: extraction (most of the work) is split between this
 * thread and a worker. Each document's extraction is a pure function of its lines and the issue's
 * agency table, and results are merged in document order, so the output is the same, byte for byte,
 * as `parseIssue` — only the wall-clock time differs. Small inputs are not worth a thread (starting
 * one and loading the extractors in it costs ~0.1 s), nor is a machine with one core.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedIssue } from '../model.js';
import {
  extractJob, extractionJobs, finishIssue, parseFile, parseIssue, prepareIssue, readText, MAX_INPUT_BYTES,
  type ExtractJob, type ExtractResult, type ParseFileOptions, type ParseOptions,
} from '../parse.js';
import { isPdf } from '../pdf/read.js';
import { InputError } from '../core/decode.js';
import { agenciesOfIssue } from '../extract/index.js';

/** Text inputs from this size on are parsed on two threads (below it a thread does not pay back). */
export const PARALLEL_MIN_BYTES = 1_500_000;

/** Whether `parseInParallel` would use a second thread for this input (GONGBAO_THREADS=1 turns it off). */
export function worthParallel(bytes: Uint8Array): boolean {
  return bytes.length >= PARALLEL_MIN_BYTES && availableParallelism() > 1 && process.env.GONGBAO_THREADS !== '1';
}

/** parseFile (PDF or text), a large text input on two threads. */
export async function parseFileInParallel(bytes: Uint8Array, options: ParseFileOptions = {}): Promise<ParsedIssue> {
  // A PDF, or a file named .pdf that is not one (parseFile says so), takes the one path.
  if (isPdf(bytes) || /\.pdf$/i.test(options.fileName ?? '')) return parseFile(bytes, options);
  return parseInParallel(bytes, options);
}

/** parseIssue of a text input, on two threads when that pays (same result either way). */
export async function parseInParallel(bytes: Uint8Array, options: ParseOptions = {}, workerModule = defaultWorkerModule()): Promise<ParsedIssue> {
  if (!worthParallel(bytes)) return parseIssue(bytes, options);
  if (bytes.length > MAX_INPUT_BYTES) throw new InputError(`input is larger than ${MAX_INPUT_BYTES} bytes`);
  // Started first, so it decodes and builds its agency table while this thread segments.
  // Loaded here: a small input (the common case) does not pay for the threads module.
  const { Worker } = await import('node:worker_threads');
  const worker = startWorker(Worker, workerModule, bytes);
  try {
    const { lines, source, warnings } = readText(bytes, options);
    const prepared = prepareIssue(lines, source, warnings);
    const jobs = extractionJobs(prepared);
    const split = splitAt(jobs);
    const theirs = worker.run(jobs.slice(split));
    const agencies = agenciesOfIssue(lines);
    const ours = jobs.slice(0, split).map((job) => extractJob(job, lines, agencies, prepared.texts));
    // A worker that failed (out of memory, killed) costs time, not the result: its jobs are done here.
    const rest = (await theirs) ?? jobs.slice(split).map((job) => extractJob(job, lines, agencies, prepared.texts));
    return finishIssue(prepared, [...ours, ...rest], agencies);
  } finally {
    void worker.stop();
  }
}

/** The job index from which the worker takes over: half of the lines to extract. */
function splitAt(jobs: ExtractJob[]): number {
  const size = (j: ExtractJob) => j.endLine - j.startLine + 1;
  const total = jobs.reduce((n, j) => n + size(j), 0);
  let sum = 0;
  for (let i = 0; i < jobs.length; i++) {
    sum += size(jobs[i]!);
    if (sum * 2 >= total) return i + 1;
  }
  return jobs.length;
}

interface ExtractWorker {
  /** The results of the jobs in order, or null if the worker failed. */
  run(jobs: ExtractJob[]): Promise<ExtractResult[] | null>;
  stop(): Promise<number>;
}

/** The worker's module: beside this one, with its extension (.js when built, .ts under tsx in tests). */
function defaultWorkerModule(): URL {
  return new URL(`./extract-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
}

function startWorker(Worker: typeof import('node:worker_threads').Worker, module: URL, bytes: Uint8Array): ExtractWorker {
  const worker = new Worker(module, { workerData: { bytes } });
  const done = new Promise<ExtractResult[] | null>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    run(jobs) {
      if (!jobs.length) return Promise.resolve([]);
      worker.postMessage(jobs);
      return done;
    },
    stop: () => worker.terminate(),
  };
}
