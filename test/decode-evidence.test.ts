/**
 * The encoding is decided by evidence: a UTF-8 issue with a stray bad byte, or cut in the middle of
 * its last character, stays UTF-8 and keeps its documents (the bad bytes become U+FFFD and a
 * warning names the line); GB18030 text is still read as GB18030; UTF-16 without a BOM is found by
 * its NUL bytes. Real issues from fixtures/corpus, in each of these forms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decode } from '../src/core/decode.js';
import { parseIssue } from '../src/parse.js';
import { corpusFile } from '../eval/gold.js';
import { makeVariants } from '../eval/variants.js';

const name = 'yangquan-2020-01';
const utf8 = readFileSync(corpusFile(name));
const text = utf8.toString('utf8');
const reference = parseIssue(utf8);
const titles = (bytes: Uint8Array) => parseIssue(bytes).documents.map((d) => d.title);

/** The bytes with `insert` put in at the start of line `line` (1-based). */
function withBytesAtLine(bytes: Buffer, line: number, insert: number[]): Buffer {
  let at = 0;
  for (let l = 1; l < line; l++) at = bytes.indexOf(0x0a, at) + 1;
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at)]);
}

test('a stray 0xFF in a UTF-8 issue: still UTF-8, every document kept, a warning names the line', () => {
  assert.ok(reference.documents.length >= 20);
  const line = 300;
  const damaged = withBytesAtLine(utf8, line, [0xff]);
  const p = parseIssue(damaged);
  assert.equal(p.source.encoding, 'utf-8');
  assert.deepEqual(p.documents.map((d) => d.title), reference.documents.map((d) => d.title));
  const w = p.warnings.find((x) => x.code === 'invalid-utf8');
  assert.ok(w, 'an invalid-utf8 warning');
  assert.equal(w.line, line);
  assert.match(w.message, /an invalid UTF-8 byte sequence replaced by U\+FFFD \(line 300\)/);
  assert.equal(decode(damaged).lines[line - 1]![0], '\ufffd');
});

test('a UTF-8 issue cut in the middle of its last character keeps all its documents', () => {
  // Cut one byte into a three-byte character near the end.
  let cut = utf8.length - 1;
  while (utf8[cut]! < 0xe0) cut--;
  const truncated = utf8.subarray(0, cut + 1);
  const p = parseIssue(truncated);
  assert.equal(p.source.encoding, 'utf-8');
  assert.equal(p.documents.length, reference.documents.length);
  const w = p.warnings.find((x) => x.code === 'invalid-utf8');
  assert.equal(w?.line, p.source.lineCount, 'the warning points at the last line');
});

test('several bad bytes: one warning with their count and lines', () => {
  const damaged = withBytesAtLine(withBytesAtLine(withBytesAtLine(utf8, 500, [0xc3]), 200, [0x80, 0x80]), 100, [0xfe]);
  const d = decode(damaged);
  assert.equal(d.encoding, 'utf-8');
  assert.deepEqual(d.warnings.map((w) => [w.code, w.line]), [['invalid-utf8', 100]]);
  assert.match(d.warnings[0]!.message, /^4 invalid UTF-8 byte sequences replaced by U\+FFFD \(line 100, 200, 500\)$/);
  assert.equal(parseIssue(damaged).documents.length, reference.documents.length);
});

test('a GB18030 issue is read as GB18030, also with a stray bad byte', () => {
  const gb = Buffer.from(makeVariants(text).find((v) => v.name === 'gb18030+crlf')!.bytes);
  const d = decode(gb);
  assert.equal(d.encoding, 'gb18030');
  assert.deepEqual(d.warnings, []);
  assert.deepEqual(titles(gb), titles(Buffer.from(text.replaceAll('\n', '\r\n'))));
  const damaged = withBytesAtLine(gb, 50, [0xff]);
  assert.equal(decode(damaged).encoding, 'gb18030');
  assert.deepEqual(titles(damaged), titles(gb));
});

test('UTF-16 without a BOM is recognised by its NUL bytes, little- and big-endian', () => {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const [bytes, encoding] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
    const p = parseIssue(bytes);
    assert.equal(p.source.encoding, encoding);
    assert.deepEqual(p.documents.map((x) => x.title), reference.documents.map((x) => x.title));
  }
});

test('valid UTF-8 and binary input are decided as before', () => {
  assert.deepEqual(decode(utf8).warnings, []);
  assert.equal(decode(utf8).encoding, 'utf-8');
  // A short text of random-looking bytes is still refused, not read as UTF-8 with replacements.
  const bin = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
  assert.throws(() => decode(bin), /does not look like text/);
});
