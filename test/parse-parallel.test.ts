/**
 * A large text issue parsed on two threads gives the same ParsedIssue as on one: the documents the
 * worker extracts, the agencies they teach the issue (merged in document order) and the links
 * within the issue. The input is made past the size from which a thread is used, and mixes the
 * three samples so that agency tables and citations differ between the halves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { parseIssue } from '../src/parse.js';
import { parseFileInParallel, parseInParallel, worthParallel, PARALLEL_MIN_BYTES } from '../src/parallel/parse.js';

const samples = goldIssues().map((name) => readFileSync(corpusFile(name), 'utf8'));
// Each sample in turn, until past the threshold: the worker's half starts inside another sample.
const parts: string[] = [];
for (let i = 0; Buffer.byteLength(parts.join('\n')) < PARALLEL_MIN_BYTES * 1.2; i++) parts.push(samples[i % samples.length]!);
const big = new TextEncoder().encode(parts.join('\n'));

test('the input is large enough for the second thread', () => {
  assert.equal(worthParallel(big), true);
});

test('two threads give the same issue as one, byte for byte', async () => {
  const one = parseIssue(big);
  const two = await parseInParallel(big);
  assert.ok(one.documents.length > 100, `${one.documents.length} documents`);
  assert.ok(one.agencies.length > 0 && one.documents.some((d) => d.tasks.length) && one.documents.some((d) => d.citations.length));
  assert.equal(JSON.stringify(two), JSON.stringify(one));
});

test('a worker that cannot run costs time, not the result: its documents are extracted here', async () => {
  const one = parseIssue(big);
  const two = await parseInParallel(big, {}, new URL('./fixtures-missing/no-such-worker.js', import.meta.url));
  assert.equal(JSON.stringify(two), JSON.stringify(one));
});

test('a file named .pdf that is text is refused as on one thread', async () => {
  await assert.rejects(parseFileInParallel(big, { fileName: 'issue.pdf' }), /is not a PDF file/);
});
