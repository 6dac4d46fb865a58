/**
 * The other thread of `parseInParallel`: it decodes the same bytes to the same lines (cheaper than
 * receiving 100,000 line objects), builds the issue's agency table from them while the main thread
 * segments, then extracts the documents it is sent and posts their results back as plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decode } from '../core/decode.js';
import { toSourceLines } from '../core/lines.js';
import { agenciesOfIssue } from '../extract/index.js';
import { extractJob, type ExtractJob } from '../parse.js';

const { bytes } = workerData as { bytes: Uint8Array };
const lines = toSourceLines(decode(bytes).lines);
const agencies = agenciesOfIssue(lines);

parentPort!.once('message', (jobs: ExtractJob[]) => {
  parentPort!.postMessage(jobs.map((job) => extractJob(job, lines, agencies)));
});
