/**
 * Speed work on the parser must not change what it finds: parseIssue of the sample issues (each
 * alone, the three joined into one file, and the State Council extras) gives the same JSON as the
 * stored hashes in fixtures/parse-output.json, document by document. `span` fields (the evidence
 * ranges the extractors add) are left out so that branches adding them merge cleanly.
 *
 * A deliberate change of output: GONGBAO_UPDATE_PARSE_OUTPUT=1 rewrites the stored hashes (say why
 * in the commit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { ROOT, corpusFile, goldIssues } from '../eval/gold.js';

const STORE = join(ROOT, 'fixtures', 'parse-output.json');
const EXTRA_DIR = join(ROOT, 'fixtures', 'corpus-extra', 'state-council');

interface IssueHashes {
  /** Everything but the documents. */
  issue: string;
  /** One hash per document, in order. */
  documents: string[];
}

function withoutSpans(key: string, value: unknown): unknown {
  return key === 'span' ? undefined : value;
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value, withoutSpans)).digest('hex').slice(0, 16);
}

function hashesOf(input: string | Uint8Array, fileName: string): IssueHashes {
  const { documents, ...rest } = parseIssue(input, { fileName });
  return { issue: hash(rest), documents: documents.map(hash) };
}

function inputs(): Map<string, () => IssueHashes> {
  const out = new Map<string, () => IssueHashes>();
  const samples = goldIssues().map((name) => ({ name, bytes: readFileSync(corpusFile(name)) }));
  for (const { name, bytes } of samples) out.set(name, () => hashesOf(bytes, name));
  const joined = samples.map((s) => s.bytes.toString('utf8')).join('\n');
  out.set('samples-joined', () => hashesOf(joined, 'samples-joined'));
  for (const file of readdirSync(EXTRA_DIR).filter((f) => f.endsWith('.txt')).sort()) {
    out.set(`state-council/${file}`, () => hashesOf(readFileSync(join(EXTRA_DIR, file)), file));
  }
  return out;
}

if (process.env.GONGBAO_UPDATE_PARSE_OUTPUT === '1') {
  const all: Record<string, IssueHashes> = {};
  for (const [name, run] of inputs()) all[name] = run();
  writeFileSync(STORE, JSON.stringify(all, null, 1) + '\n');
}

const stored = JSON.parse(readFileSync(STORE, 'utf8')) as Record<string, IssueHashes>;

for (const [name, run] of inputs()) {
  test(`parseIssue output of ${name} is unchanged`, () => {
    const want = stored[name];
    assert.ok(want, `no stored hashes for ${name} (GONGBAO_UPDATE_PARSE_OUTPUT=1 writes them)`);
    const got = run();
    assert.equal(got.documents.length, want.documents.length, `${name}: number of documents`);
    const changed = got.documents.map((h, i) => (h === want.documents[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(changed, [], `${name}: documents whose JSON changed (index)`);
    assert.equal(got.issue, want.issue, `${name}: issue-level JSON (source, masthead, toc, agencies, warnings)`);
  });
}
