/**
 * JSON of a large text issue made on two threads is the same text as on one: the documents the
 * worker extracts, links and stringifies, the agencies they teach the issue (merged in document
 * order) and the layout of the JSON. The input is made past the size from which a thread is used,
 * and mixes the three samples so that agency tables and citations differ between the parts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { parseIssue } from '../src/parse.js';
import { parseToJson, worthParallel, PARALLEL_MIN_BYTES } from '../src/parallel/parse.js';
import { documentJson, issueJson } from '../src/parallel/issue-json.js';

const samples = goldIssues().map((name) => readFileSync(corpusFile(name), 'utf8'));
// Each sample in turn, until past the threshold: the worker's part starts inside another sample.
const parts: string[] = [];
for (let i = 0; Buffer.byteLength(parts.join('\n')) < PARALLEL_MIN_BYTES * 1.2; i++) parts.push(samples[i % samples.length]!);
const big = new TextEncoder().encode(parts.join('\n'));
const one = parseIssue(big);

test('the input is large enough for the second thread', () => {
  assert.equal(worthParallel(big), true);
  assert.ok(one.documents.length > 100, `${one.documents.length} documents`);
  assert.ok(one.agencies.length > 0 && one.documents.some((d) => d.tasks.length));
  assert.ok(one.documents.some((d) => d.citations.some((c) => c.resolvedIndex !== null)), 'citations linked within the issue');
});

test('two threads give the same JSON text as one, indented and compact', async () => {
  const where: string[] = [];
  const onPart = (w: string) => where.push(w);
  assert.equal(await parseToJson(big, {}, 2, { onPart }), JSON.stringify(one, null, 2));
  assert.equal(await parseToJson(big, {}, 0, { onPart }), JSON.stringify(one));
  assert.deepEqual(where, ['worker', 'worker'], 'the second part was made on the worker');
});

test('a worker that cannot run costs time, not the result: its part is done here', async () => {
  const where: string[] = [];
  const workerModule = new URL('./fixtures-missing/no-such-worker.js', import.meta.url);
  assert.equal(await parseToJson(big, {}, 2, { workerModule, onPart: (w) => where.push(w) }), JSON.stringify(one, null, 2));
  assert.deepEqual(where, ['here']);
});

test('the issue JSON put together from document pieces is JSON.stringify of the issue', () => {
  for (const text of [...samples, '没有公文的一行字']) {
    const issue = parseIssue(text);
    for (const indent of [0, 2, 4]) {
      const pieces = issue.documents.map((d) => documentJson(d, indent));
      assert.equal(issueJson(issue, pieces, indent), JSON.stringify(issue, null, indent));
    }
  }
});

test('a file named .pdf that is text is refused as on one thread', async () => {
  await assert.rejects(parseToJson(big, { fileName: 'issue.pdf' }), /is not a PDF file/);
});
