/** How the documents of an issue are shared between the main thread and the worker (both compute it). */
import type { ExtractJob } from '../parse.js';
import type { AgencyRecord } from '../extract/agencies.js';

/**
 * The worker's share of the lines to extract: a little under half, as it starts later (a thread
 * and its modules take ~0.1 s to load) and its part crosses back to the main thread.
 */
const WORKER_SHARE = 0.45;

/** The index of the first document the worker takes. */
export function splitAt(jobs: ExtractJob[]): number {
  const size = (j: ExtractJob) => j.endLine - j.startLine + 1;
  const total = jobs.reduce((n, j) => n + size(j), 0);
  let sum = 0;
  for (let i = 0; i < jobs.length; i++) {
    if (sum >= total * (1 - WORKER_SHARE)) return i;
    sum += size(jobs[i]!);
  }
  return jobs.length;
}

/** What the worker posts: its documents' JSON text and what their extraction learned, in order. */
export interface WorkerPart {
  /** The documents as the worker found them, and the first of its part (checked by the main thread). */
  documents: number;
  split: number;
  pieces: string[];
  learned: AgencyRecord[];
}
