/**
 * The other thread of `parseToJson`: it reads and prepares the issue exactly as the main thread
 * does (the same bytes give the same lines and documents; sending 100,000 line objects across
 * would cost more than preparing them again, and both threads prepare at the same time), then
 * extracts, links and stringifies the second part of the documents and posts their JSON text and
 * what they taught the agency table.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { applyExtraction, extractJob, extractionJobs, prepareIssue, readText } from '../parse.js';
import { agenciesOfIssue } from '../extract/index.js';
import { linkWithinIssue } from '../link-within-issue.js';
import { documentJson } from './issue-json.js';
import { splitAt, type WorkerPart } from './split.js';

const { bytes, indent } = workerData as { bytes: Uint8Array; indent: number };
const { lines, source, warnings } = readText(bytes);
const prepared = prepareIssue(lines, source, warnings);
const jobs = extractionJobs(prepared);
const split = splitAt(jobs);
const agencies = agenciesOfIssue(lines);
const results = jobs.slice(split).map((job) => extractJob(job, lines, agencies, prepared.texts));
applyExtraction(prepared.documents, results, split);
// The issue's documents are all there (their numbers and titles): the citations of this part are linked.
linkWithinIssue(prepared.documents);
const part: WorkerPart = {
  documents: jobs.length,
  split,
  pieces: prepared.documents.slice(split).map((doc) => documentJson(doc, indent)),
  learned: results.map((x) => x.learned),
};
parentPort!.postMessage(part);
