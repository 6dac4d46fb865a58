/**
 * printJson writes a large value in pieces (src/cli/json-chunks.ts); joined, the pieces must be
 * JSON.stringify's text byte for byte — for a real parsed issue and for every kind of property
 * JSON.stringify treats specially.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { jsonChunks } from '../src/cli/json-chunks.js';
import { parseIssue } from '../src/parse.js';
import { corpusFile, goldIssues, ROOT } from '../eval/gold.js';

const joined = (value: unknown, indent: number) => [...jsonChunks(value, indent)].join('');

test('a parsed sample issue: the pieces joined are JSON.stringify, indented and on one line', () => {
  const parsed = parseIssue(readFileSync(corpusFile(goldIssues()[0]!)));
  for (const indent of [2, 0, 4]) assert.equal(joined(parsed, indent), JSON.stringify(parsed, null, indent));
  // Split it is: a document per piece at least.
  assert.ok([...jsonChunks(parsed, 2)].length > parsed.documents.length);
});

test('properties and elements JSON.stringify leaves out, writes as null or converts', () => {
  const withToJson = { toJSON: () => ({ converted: true }) };
  const value = {
    'key "quoted"\n': 1,
    skipped: undefined,
    fn: () => 1,
    sym: Symbol('s'),
    gone: { toJSON: () => undefined },
    empty: [],
    emptyObject: {},
    date: new Date(Date.UTC(2023, 4, 1)),
    list: [1, undefined, () => 1, null, [], {}, [[1, [2]], { a: [] }], new Date(0), withToJson, '文\u2028字'],
    nested: { deep: [{ x: [1, 2] }], s: '附件' },
    last: undefined,
  };
  for (const indent of [1, 2, 3, 10, 11, 2.7, -1, 0]) assert.equal(joined(value, indent), JSON.stringify(value, null, indent), `indent ${indent}`);
  const bare = Object.assign(Object.create(null), { a: [1], b: 'x' });
  assert.equal(joined(bare, 2), JSON.stringify(bare, null, 2));
});

test('values that are not plain objects are one piece, as JSON.stringify writes them', () => {
  for (const v of [[1, { a: 2 }], 'text', 3, null, true, {}, { only: undefined }, new Date(0), { toJSON: () => [1, 2] }]) {
    assert.equal(joined(v, 2), JSON.stringify(v, null, 2));
  }
  assert.equal(joined(undefined, 2), '');
});

const sample = corpusFile(goldIssues()[0]!);

/**
 * What printJson writes to stdout for the value `make` returns: its source is run in a child, with
 * `parseIssue`, `readFileSync` and `sample` in scope.
 */
function script(make: () => unknown, indent: number): string {
  return (
    `import { readFileSync } from 'node:fs';` +
    `const sample = ${JSON.stringify(sample)};` +
    `const { printJson } = await import(${JSON.stringify(join(ROOT, 'src/cli/output.ts'))});` +
    `const { parseIssue } = await import(${JSON.stringify(join(ROOT, 'src/parse.ts'))});` +
    `printJson((${make.toString()})(), ${indent});`
  );
}

function printed(make: () => unknown, indent: number): Buffer {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(make, indent)], { cwd: ROOT, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout;
}

/**
 * The same, with a reader that lets the child's stdout fill before it reads: the child's writes
 * stay queued (its stdout is a socket pair), so a batch buffer it filled again while a write still
 * held it would show in what arrives.
 */
async function printedToSlowReader(make: () => unknown, indent: number): Promise<Buffer> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(make, indent)], { cwd: ROOT });
  const chunks: Buffer[] = [];
  const errors: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => errors.push(c));
  child.stdout.pause();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stdout.resume();
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 0, Buffer.concat(errors).toString());
  return Buffer.concat(chunks);
}

test('printJson writes JSON.stringify and a newline as UTF-8, byte for byte, across its 1 MB batches', () => {
  const makers: Array<() => unknown> = [
    // A parsed issue: many pieces.
    () => parseIssue(readFileSync(sample)),
    // Pieces longer than a batch holds, and characters of three and four UTF-8 bytes (and a lone
    // surrogate) falling on every side of a batch's end.
    () => ({
      long: '公'.repeat(400000),
      list: Array.from({ length: 3000 }, (_, i) => '文𠀀'.repeat(i % 97) + (i % 5 ? '' : '\ud800') + 'x'.repeat(i % 3)),
      tail: 'é',
    }),
    () => ({ list: ['𠀀'.repeat(600000), 'a', '附件'.repeat(200000)] }),
  ];
  for (const make of makers) {
    for (const indent of [2, 0]) {
      const expected = Buffer.from(JSON.stringify(make(), null, indent) + '\n');
      assert.ok(printed(make, indent).equals(expected), `${make.toString().slice(0, 60)}… indent ${indent}`);
    }
  }
});

test('printJson to a reader slower than the writer: every batch arrives as written, none overwritten while queued', async () => {
  // Several 1 MB batches of text that differs from place to place, so that a batch written over
  // before its write went out would show.
  const make = () => ({ list: Array.from({ length: 10000 }, (_, i) => `${i}:` + '公文附件'.charAt(i % 4).repeat(200 + (i % 13))) });
  const expected = Buffer.from(JSON.stringify(make(), null, 2) + '\n');
  assert.ok(expected.length > 4 * 1024 * 1024);
  assert.ok((await printedToSlowReader(make, 2)).equals(expected));
});
